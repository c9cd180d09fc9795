import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension ReviewState: ExpressibleByArgument {}

extension DubanCommand {
    /// `duban review list|accept|return`: the lead unit reviews its responsible units' reports; the
    /// supervision office reviews the lead units' consolidated reports.
    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Review the reports of the responsible units on the tasks your unit leads (审核).",
            discussion: """
                Works offline: a decision is saved here with its outbox entry and sent by a short sync, else by \
                the next `duban sync`. A decision is about the report's current revision as known here; an \
                accepted report is locked, a returned one goes back to its unit to revise and resubmit. \
                With a supervisor account (the supervision office), the reports reviewed are the lead units' \
                own reports on the tasks they lead: their consolidated reports, and the lead units' \
                implementation plans (`duban review implementation`).
                """,
            subcommands: [List.self, Accept.self, Return.self, ImplementationReview.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the responsible units' reports on the tasks your unit leads (supervisor: the lead units' consolidated reports), with their review state.")

            @Option(help: "Only reports in this state: submitted, accepted or returned.") var state: ReviewState?
            @OptionGroup var output: FormatOptions

            func run() async throws {
                let workspace = try await CLI.preparedWorkspace()
                let rows = try ReviewAction.rows(workspace).filter { state == nil || $0.state == state }
                CLI.output(try Listing.reviews.render(rows, body: rows, format: output.format, presentation: CLI.presentation))
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

        struct ImplementationReview: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "implementation",
                abstract: CLI.text(en: "The supervision office accepts or returns a lead unit's implementation plan (its newest revision).",
                                   zh: "督查绩效办审核牵头单位的实施方案（最新版本）：通过或退回。"),
                discussion: CLI.text(en: "Offline like a report's review. Example: duban review implementation --task 9 --unit wtj --return --reason 时间步骤过粗",
                                     zh: "与报告审核一样可离线。例：duban review implementation --task 9 --unit wtj --return --reason 时间步骤过粗"))

            @Option(help: ArgumentHelp(CLI.text(en: "The task's number.", zh: "任务序号。"))) var task: Int
            @Option(help: ArgumentHelp(CLI.text(en: "The plan's year, when several plans are cached.", zh: "计划年度（本地有多个计划时）。")))
            var year: Int?
            @Option(help: ArgumentHelp(CLI.text(en: "The lead unit's code.", zh: "牵头单位代码。"))) var unit: String
            @Flag(help: ArgumentHelp(CLI.text(en: "Accept the newest revision.", zh: "审核通过最新版本。"))) var accept = false
            @Flag(name: .customLong("return"), help: ArgumentHelp(CLI.text(en: "Return it with --reason.", zh: "退回（须用 --reason 说明）。")))
            var returnPlan = false
            @Option(help: ArgumentHelp(CLI.text(en: "Why it goes back (required with --return).", zh: "退回理由（--return 时必填）。")))
            var reason: String?
            @OptionGroup var offline: OfflineOptions

            func validate() throws {
                guard accept != returnPlan else {
                    throw ValidationError(CLI.text(en: "give --accept or --return", zh: "请给出 --accept 或 --return"))
                }
                if returnPlan, (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw ValidationError(CLI.text(en: "--return needs --reason (退回须说明理由)", zh: "--return 须用 --reason 说明理由"))
                }
            }

            func run() async throws {
                let workspace = try await CLI.preparedWorkspace()
                guard workspace.state.role == AccountRole.supervisor.rawValue else {
                    throw ClientError.invalidInput(.init(en: "only the supervision office (supervisor role) reviews implementation plans",
                                                         zh: "只有督查绩效办（supervisor 角色）审核实施方案"))
                }
                let reference = try workspace.reference()
                let task = try TaskLookup.find(self.task, year: year, unit: unit, in: reference)
                let now = CLI.now()
                let decision: ReviewDecision = accept ? .accept : .return
                let (_, revision) = try workspace.cache.writeImplementationReview(taskId: task.id, unitCode: unit, decision: decision,
                                                                                  reason: reason, authoredAt: now, now: now)
                print(accept
                    ? CLI.text(en: "implementation plan of \(unit) for task \(task.number), revision \(revision), accepted",
                               zh: "\(unit) 第 \(task.number) 项任务实施方案第 \(revision) 版审核通过")
                    : CLI.text(en: "implementation plan of \(unit) for task \(task.number), revision \(revision), returned",
                               zh: "\(unit) 第 \(task.number) 项任务实施方案第 \(revision) 版已退回"))
                await CLI.autosync(workspace, offline: offline.offline)
            }
        }
    }
}

/// What `review accept` and `review return` share.
enum ReviewAction {
    static func run(id: String, decision: ReviewDecision, reason: String?, offline: Bool) async throws {
        let workspace = try CLI.workspace()
        let reference = try workspace.reference()
        let unit = try workspace.unitCode()
        let reportId = try workspace.cache.resolveReport(id)
        guard let report = try workspace.cache.report(reportId) else { throw ClientError.invalidInput(.init(en: "no report \(id)", zh: "没有报告 \(id)")) }
        let task = reference.tasks.first { $0.id == report.taskId }
        let number = task.map { String($0.number) } ?? "#\(report.taskId)"
        if workspace.state.role == AccountRole.supervisor.rawValue {
            // The supervision office reviews a lead unit's own report on the task it leads.
            guard ReviewRow.isConsolidated(report, reference: reference) else {
                throw ClientError.invalidInput(.init(
                    en: "report \(report.shortId) is not a lead unit's report on task \(number); the supervision office reviews only consolidated reports (its lead unit reviews this one)",
                    zh: "报告 \(report.shortId) 不是任务 \(number) 牵头单位的汇总报告；督查绩效办只审核汇总报告（该报告由牵头单位审核）"))
            }
        } else {
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

    /// What `review list` shows: the reports the caller reviews.
    /// The reports this account reviews; `reports` when the caller already loaded them all.
    static func rows(_ workspace: Workspace, reports loaded: [CachedReport]? = nil) throws -> [ReviewRow] {
        let reference = try workspace.reference()
        let reports = try loaded ?? workspace.cache.reports()
        if workspace.state.role == AccountRole.supervisor.rawValue {
            // The lead units' implementation plans wait for the office too.
            let plans = reference.implementationPlans.compactMap { plan -> ReviewRow? in
                guard plan.version > 0 else { return nil }
                let pending = (try? workspace.cache.localImplementationMutations(taskId: plan.taskId))?
                    .last { $0.implementationId == plan.id && $0.review != nil && $0.status != "rejected" }?.review?.decision
                return ReviewRow(plan: plan, reference: reference, pendingDecision: pending)
            }
            return (ReviewRow.rowsForSupervisionOffice(reference: reference, reports: reports) + plans)
                .sorted { ($0.taskNumber ?? 0, $0.nodeDate?.description ?? "", $0.unitCode) < ($1.taskNumber ?? 0, $1.nodeDate?.description ?? "", $1.unitCode) }
        }
        return ReviewRow.rows(unit: try workspace.unitCode(), reference: reference, reports: reports)
    }
}
