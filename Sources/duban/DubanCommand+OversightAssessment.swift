import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand.Oversight {
    /// `duban oversight assessment`: the year-end assessment table.
    struct Assessment: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The year-end assessment table: a line per task and responsible unit, a column per criterion, total and state.",
            discussion: """
                Scores as the lead units gave them (the material-submission score pre-filled from the unit's \
                on-time rate unless changed with a reason); the total is of 100, weighted as the plan's \
                criteria say. Sheets of every state are listed; the state column tells accepted ones.
                """)

        @Option(help: "The plan's year (default: the newest plan).") var year: Int?
        @OptionGroup var export: ExportOptions

        func run() async throws {
            try await CLI.runRemote {
                try export.checkDestination()
                let (table, titles) = try await CLI.withSession { api, _ in
                    let table = try await api.assessments(year: year)
                    return (table, await Self.titles(year: table.planYear, numbers: Set(table.assessments.map(\.taskNumber)), api: api))
                }
                let rows = table.assessments.sorted { ($0.taskNumber, $0.unitCode) < ($1.taskNumber, $1.unitCode) }
                    .map { AssessmentRow($0, taskTitle: titles[$0.taskNumber]) }
                let listing = Listing.assessmentTable(AssessmentColumns(criteria: table.criteria, rows: rows))
                let style = CLI.presentation
                var data = Data()
                if export.format == .table {
                    let weights = table.criteria.map { "\(style.text(en: $0.nameEn, zh: $0.nameZh)) \(Presentation.number($0.weight))" }
                        .joined(separator: CLI.text(en: ", ", zh: "、"))
                    data.append(Data((CLI.text(en: "plan \(table.planYear) year-end assessment (weights: \(weights))",
                                               zh: "\(table.planYear) 年度考核（权重：\(weights)）") + "\n").utf8))
                }
                // Dated by the newest change in it, so the same table exports the same bytes.
                let modified = table.assessments.flatMap { [$0.writtenAt] + [$0.reviewedAt].compactMap { $0 } }.max()
                    ?? Date(timeIntervalSince1970: 0)
                data.append(try listing.export(rows, body: table, format: export.format, presentation: style,
                                               sheetName: style.text(en: "assessment", zh: "年度考核"), modified: modified))
                if export.format == .table && rows.isEmpty {
                    data.append(Data((CLI.text(en: "(none)", zh: "（无）") + "\n").utf8))
                }
                try export.write(data, rows: rows.count)
            }
        }

        /// The tasks' titles: from the plan cached here, else from the progress view (blank when neither answers).
        static func titles(year: Int, numbers: Set<Int>, api: APIClient) async -> [Int: String] {
            var titles: [Int: String] = [:]
            if let workspace = try? CLI.workspace(), let reference = try? workspace.cache.reference(),
               let plan = reference.plans.first(where: { $0.year == year }) {
                for task in reference.tasks where task.planId == plan.id { titles[task.number] = task.title }
            }
            guard !numbers.isSubset(of: Set(titles.keys)) else { return titles }
            if let progress = try? await api.oversightProgress(year: year) {
                for row in progress.rows { titles[row.taskNumber] = row.title }
            }
            return titles
        }
    }
}
