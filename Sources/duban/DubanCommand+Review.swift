import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension ReviewState: ExpressibleByArgument {}

extension DubanCommand {
    /// `duban review list|accept|return`: the lead unit reviews its responsible units' reports.
    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Review the reports of the responsible units on the tasks your unit leads (审核).",
            discussion: """
                Works offline: a decision is saved here with its outbox entry and sent by a short sync, else by \
                the next `duban sync`. A decision is about the report's current revision as known here; an \
                accepted report is locked, a returned one goes back to its unit to revise and resubmit.
                """,
            subcommands: [List.self, Accept.self, Return.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the responsible units' reports on the tasks your unit leads, with their review state.")

            @Option(help: "Only reports in this state: submitted, accepted or returned.") var state: ReviewState?
            @OptionGroup var output: FormatOptions

            func run() async throws {
                try await CLI.run {
                    let workspace = try await CLI.preparedWorkspace()
                    let rows = ReviewRow.rows(unit: try workspace.unitCode(), reference: try workspace.reference(),
                                              reports: try workspace.cache.reports())
                        .filter { state == nil || $0.state == state }
                    CLI.output(try Listing.reviews.render(rows, body: rows, format: output.format, presentation: CLI.presentation))
                }
            }
        }

        struct Accept: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Accept a report's current revision: it is locked for that node.")

            @Argument(help: "The report id (any unique prefix).") var id: String
            @OptionGroup var offline: OfflineOptions

            func run() async throws {
                try await ReviewAction.run(id: id, decision: .accept, reason: nil, offline: offline.offline)
            }
        }

        struct Return: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Return a report's current revision to its unit, with a reason, to revise and resubmit.")

            @Argument(help: "The report id (any unique prefix).") var id: String
            @Option(help: "Why it goes back (required).") var reason: String
            @OptionGroup var offline: OfflineOptions

            func validate() throws {
                if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw ValidationError("--reason must not be empty: a return needs a reason (退回须说明理由)")
                }
            }

            func run() async throws {
                try await ReviewAction.run(id: id, decision: .return, reason: reason, offline: offline.offline)
            }
        }
    }
}

/// What `review accept` and `review return` share.
enum ReviewAction {
    static func run(id: String, decision: ReviewDecision, reason: String?, offline: Bool) async throws {
        try await CLI.run {
            let workspace = try CLI.workspace()
            let reference = try workspace.reference()
            let unit = try workspace.unitCode()
            let reportId = try workspace.cache.resolveReport(id)
            guard let report = try workspace.cache.report(reportId) else { throw ClientError.invalidInput(.init(en: "no report \(id)", zh: "没有报告 \(id)")) }
            let task = reference.tasks.first { $0.id == report.taskId }
            let number = task.map { String($0.number) } ?? "#\(report.taskId)"
            guard report.unitCode != unit else {
                throw ClientError.invalidInput(.init(
                    en: "report \(report.shortId) is your own unit's; only the lead unit of task \(number) reviews it",
                    zh: "报告 \(report.shortId) 是本单位的报告，只能由任务 \(number) 的牵头单位审核"))
            }
            guard reference.assignments.contains(where: { $0.taskId == report.taskId && $0.unitCode == unit && $0.role == .lead }) else {
                throw ClientError.invalidInput(.init(
                    en: "your unit does not lead task \(number); only its lead unit reviews report \(report.shortId)",
                    zh: "本单位不是任务 \(number) 的牵头单位，不能审核报告 \(report.shortId)"))
            }
            let now = CLI.now()
            let (_, revision) = try workspace.cache.writeReview(reportId: reportId, decision: decision, reason: reason,
                                                                authoredAt: now, now: now)
            switch decision {
            case .accept:
                print(CLI.text(en: "report \(report.shortId) (\(report.unitCode), task \(number)) revision \(revision) accepted",
                               zh: "报告 \(report.shortId)（\(report.unitCode)，任务 \(number)）第 \(revision) 版审核通过"))
            case .return:
                print(CLI.text(en: "report \(report.shortId) (\(report.unitCode), task \(number)) revision \(revision) returned for revision",
                               zh: "报告 \(report.shortId)（\(report.unitCode)，任务 \(number)）第 \(revision) 版已退回修改"))
            }
            await CLI.autosync(workspace, offline: offline)
        }
    }
}
