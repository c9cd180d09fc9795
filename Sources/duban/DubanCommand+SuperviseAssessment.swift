import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand.Supervise {
    /// `duban supervise assessment list|accept|return`: the office's review of the year-end sheets.
    struct AssessmentCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assessment",
            abstract: "Review the lead units' year-end assessment sheets (年度考核): accept, or return with a note.",
            discussion: """
                Sheets are ids like 1a2b3c4d (any unique prefix of the id works). An accepted sheet is \
                locked; a returned one goes back to its lead unit with the note, and comes back revised. \
                `duban oversight assessment` exports the table.
                """,
            subcommands: [List.self, Accept.self, Return.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the sheets of the plan, with their scores and state.")

            @Option(help: "Only sheets in this state.") var state: AssessmentState?
            @Option(help: "The plan's year (default: the newest plan).") var year: Int?
            @OptionGroup var output: FormatOptions

            func run() async throws {
                try await CLI.runRemote {
                    let table = try await CLI.withSession { api, _ in try await api.assessments(year: year) }
                    let chosen = table.assessments.filter { state == nil || $0.state == state }
                        .sorted { ($0.taskNumber, $0.unitCode) < ($1.taskNumber, $1.unitCode) }
                    let rows = chosen.map { AssessmentRow($0) }
                    CLI.output(try Listing.assessments(AssessmentColumns(criteria: table.criteria, rows: rows))
                        .render(rows, body: chosen, format: output.format, presentation: CLI.presentation))
                }
            }
        }

        struct Accept: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Accept a submitted sheet: it is locked.")

            @Argument(help: "The sheet's id (any unique prefix).") var id: String
            @Option(help: "The plan's year (default: the newest plan).") var year: Int?

            func run() async throws {
                try await AssessmentReview.run(id: id, year: year, AssessmentReviewRequest(decision: .accept))
            }
        }

        struct Return: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Return a submitted sheet to its lead unit, saying what to change (it sees the note after a sync).")

            @Argument(help: "The sheet's id (any unique prefix).") var id: String
            @Option(help: "What to change (required).") var note: String
            @Option(help: "The plan's year (default: the newest plan).") var year: Int?

            func validate() throws {
                if note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw ValidationError("--note must not be empty: a return needs a reason")
                }
            }

            func run() async throws {
                try await AssessmentReview.run(id: id, year: year, AssessmentReviewRequest(decision: .return, note: note))
            }
        }
    }
}

extension AssessmentState: ExpressibleByArgument {}

/// What `accept` and `return` share: find the sheet by its id prefix, send the decision.
enum AssessmentReview {
    static func run(id: String, year: Int?, _ request: AssessmentReviewRequest) async throws {
        try await CLI.runRemote {
            let record = try await CLI.withSession { api, _ in
                let wanted = id.lowercased().filter { $0 != "-" }
                let matches = try await api.assessments(year: year).assessments.filter {
                    $0.id.uuidString.lowercased().filter { $0 != "-" }.hasPrefix(wanted)
                }
                guard !wanted.isEmpty, matches.count == 1 else {
                    throw ClientError.invalidInput(matches.isEmpty
                        ? .init(en: "no assessment sheet \(id) (`duban supervise assessment list`)",
                                zh: "没有考核表 \(id)（见 `duban supervise assessment list`）")
                        : .init(en: "\(id) matches \(matches.count) sheets; type more of the id",
                                zh: "\(id) 对应 \(matches.count) 份考核表，请输入更长的编号"))
                }
                return try await api.reviewAssessment(id: matches[0].id, request)
            }
            let style = CLI.presentation
            let short = String(record.id.uuidString.lowercased().prefix(8))
            var line = CLI.text(en: "sheet \(short) (task \(record.taskNumber), \(record.unitCode), total \(Cell.format(record.total, decimals: 2))): ",
                                zh: "考核表 \(short)（任务 \(record.taskNumber)，\(record.unitCode)，总分 \(Cell.format(record.total, decimals: 2))）：")
                + style.assessmentState(record.state.rawValue)
            if let note = record.reviewNote, !note.isEmpty { line += CLI.text(en: " (\(note))", zh: "（\(note)）") }
            print(line)
        }
    }
}
