import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand {
    /// `duban implementation show|edit|submit`: a lead unit's implementation plan (实施方案) for a
    /// task, written offline like a report and reviewed by the supervision office.
    struct Implementation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: CLI.text(en: "A lead unit's implementation plan (实施方案): measures, dated steps, proposed splits.",
                               zh: "牵头单位的实施方案：措施办法、时间步骤、目标分解建议。"),
            discussion: CLI.text(
                en: """
                    Offline first: `edit` changes a draft kept in the cache; `submit` checks it (every step in the \
                    plan's year, values naming the task's confirmed indicators, splits to units on the task and \
                    within the target unless --reason says why) and puts it in the outbox as the plan's next \
                    revision, sent by `duban sync`. The supervision office accepts or returns it with \
                    `duban review implementation`; the accepted revision sets 序时进度.
                    """,
                zh: """
                    离线优先：`edit` 修改本地草稿；`submit` 校验后（时间步骤须在计划年度内，数值须对应任务已确认的指标，\
                    分解单位须承担该任务，分解合计超过目标须用 --reason 说明）作为方案的新版本放入待发送队列，\
                    由 `duban sync` 发送。督查绩效办用 `duban review implementation` 审核通过或退回；审核通过的版本决定序时进度。
                    """),
            subcommands: [Show.self, Edit.self, Submit.self]
        )

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: CLI.text(en: "Show a task's implementation plans: the accepted revision, the newest and its state, the history, the local draft.",
                                   zh: "显示任务的实施方案：审核通过的版本、最新版本及其状态、修订与审核历史、本地草稿。"))

            @Option(help: ArgumentHelp(CLI.text(en: "The task's number.", zh: "任务序号。"))) var task: Int
            @Option(help: ArgumentHelp(CLI.text(en: "The plan's year, when several plans are cached.", zh: "计划年度（本地有多个计划时）。")))
            var year: Int?
            @Option(help: ArgumentHelp(CLI.text(en: "Output format: table or json.", zh: "输出格式：table 或 json。")))
            var format: OutputFormat = .table

            func validate() throws {
                if format == .csv { throw ValidationError(CLI.text(en: "--format: table or json", zh: "--format 只能为 table 或 json")) }
            }

            func run() async throws {
                let workspace = try await CLI.preparedWorkspace()
                let reference = try workspace.reference()
                let task = try TaskLookup.find(self.task, year: year, unit: workspace.state.unitCode ?? "", in: reference)
                let view = ImplementationView(
                    taskNumber: task.number, plans: try workspace.cache.implementationPlans(taskId: task.id),
                    draft: try workspace.cache.implementationDraft(taskId: task.id),
                    local: try workspace.cache.localImplementationMutations(taskId: task.id))
                if format == .json {
                    CLI.output(String(decoding: try WireJSON.encoder(pretty: true).encode(view), as: UTF8.self) + "\n")
                    return
                }
                ImplementationPrinter(reference: reference).print(view, task: task)
            }
        }

        struct Edit: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: CLI.text(en: "Edit the local draft of your unit's implementation plan (offline; nothing is sent).",
                                   zh: "修改本单位实施方案的本地草稿（离线；不发送）。"),
                discussion: CLI.text(
                    en: """
                        The first edit starts from your newest submission not yet synced, else the newest revision held (or an empty plan). Each option replaces \
                        what it names: any --step replaces every step, any --split every split, any --evidence the \
                        files. Steps: --step DATE:NAME=V,NAME=V[:NOTE] gives each indicator's expected cumulative \
                        value on DATE (YYYY-MM-DD); --step DATE:PCT%[:NOTE] a percent, for a task without \
                        indicators. Splits: --split INDICATOR:UNIT=V. Example: duban implementation edit --task 9 \
                        --measures "分片包干，月度调度" --step 2022-06-30:健身路径=10:完成选址 \
                        --step 2022-11-30:健身路径=30:完工验收 --split 健身路径:jd-tianma=12
                        """,
                    zh: """
                        首次修改从本机尚未同步的最新提交开始，否则从本地最新版本（或空方案）开始。每个选项替换其对应内容：给出任一 --step 即替换全部步骤，\
                        --split 替换全部分解，--evidence 替换全部附件。步骤：--step 日期:指标=数值,指标=数值[:说明] \
                        表示到该日期（YYYY-MM-DD）各指标应累计完成的数值；--step 日期:百分比%[:说明] 用于无量化指标的任务。\
                        分解：--split 指标:单位代码=数值。例：duban implementation edit --task 9 --measures "分片包干，月度调度" \
                        --step 2022-06-30:健身路径=10:完成选址 --step 2022-11-30:健身路径=30:完工验收 --split 健身路径:jd-tianma=12
                        """))

            @Option(help: ArgumentHelp(CLI.text(en: "The task's number.", zh: "任务序号。"))) var task: Int
            @Option(help: ArgumentHelp(CLI.text(en: "The plan's year, when several plans are cached.", zh: "计划年度（本地有多个计划时）。")))
            var year: Int?
            @Option(help: ArgumentHelp(CLI.text(en: "The measures (措施办法).", zh: "措施办法。"))) var measures: String?
            @Option(help: ArgumentHelp(CLI.text(en: "Read the measures from this file (- for standard input).", zh: "从文件读取措施办法（- 为标准输入）。"),
                                       valueName: "file"))
            var measuresFile: String?
            @Option(help: ArgumentHelp(CLI.text(en: "A step: DATE:NAME=V,NAME=V[:NOTE] or DATE:PCT%[:NOTE] (repeatable).",
                                                zh: "时间步骤：日期:指标=数值,指标=数值[:说明] 或 日期:百分比%[:说明]（可重复）。"),
                                       valueName: "step"))
            var step: [String] = []
            @Option(help: ArgumentHelp(CLI.text(en: "A proposed split: INDICATOR:UNIT=V (repeatable).", zh: "目标分解建议：指标:单位代码=数值（可重复）。"),
                                       valueName: "split"))
            var split: [String] = []
            @Option(help: ArgumentHelp(CLI.text(en: "An evidence file (repeatable).", zh: "佐证材料文件（可重复）。"), valueName: "file"))
            var evidence: [String] = []
            @Option(help: ArgumentHelp(CLI.text(en: "Why the plan is revised (required once a revision was accepted; also for splits over a target).",
                                                zh: "修订理由（已有审核通过的版本时必填；分解超过目标时也须说明）。")))
            var reason: String?

            func validate() throws {
                if measures != nil && measuresFile != nil {
                    throw ValidationError(CLI.text(en: "give --measures or --measures-file, not both", zh: "--measures 与 --measures-file 只能给出一个"))
                }
            }

            func run() async throws {
                let workspace = try await CLI.preparedWorkspace()
                let reference = try workspace.reference()
                let unit = try workspace.unitCode()
                let task = try TaskLookup.find(self.task, year: year, unit: unit, in: reference)
                let now = CLI.now()
                // A new draft starts from the newest submission not yet confirmed, else the newest revision held.
                let newest = try workspace.cache.implementationPlan(taskId: task.id, unitCode: unit)?.newest
                let unsent = try workspace.cache.localImplementationMutations(taskId: task.id)
                    .last { $0.write != nil && $0.status != "rejected" }?.write
                var draft = try workspace.cache.implementationDraft(taskId: task.id)
                    ?? unsent.map { ImplementationDraft(taskId: task.id, unitCode: unit, measures: $0.measures, steps: $0.steps,
                                                        splits: $0.splits, evidence: $0.evidence ?? [], reason: $0.reason,
                                                        updatedAt: now) }
                    ?? ImplementationDraft(taskId: task.id, unitCode: unit, from: newest, updatedAt: now)
                if let measures { draft.measures = measures }
                if let measuresFile { draft.measures = try CLI.readTextFile(measuresFile) }
                if !step.isEmpty { draft.steps = try step.map(ImplementationInput.step).sorted { $0.date < $1.date } }
                if !split.isEmpty { draft.splits = try split.map(ImplementationInput.split) }
                let files = try evidence.map { try EvidenceStore.attach(URL(fileURLWithPath: $0), into: CLI.evidenceFolder) }
                if !evidence.isEmpty { draft.evidence = files.map(\.sha256) }
                if let reason { draft.reason = reason }
                draft.updatedAt = now
                try workspace.cache.saveImplementationDraft(draft, evidence: files, now: now)
                print(CLI.text(en: "draft of the implementation plan for task \(task.number) saved: \(draft.steps.count) step(s), \(draft.splits.count) split(s)",
                               zh: "第 \(task.number) 项任务的实施方案草稿已保存：时间步骤 \(draft.steps.count) 个，目标分解 \(draft.splits.count) 项"))
                if let problem = try workspace.cache.implementationProblem(draft) {
                    CLI.warn("not ready to submit: \(problem.message.en)", "尚不能提交：\(problem.message.zh)")
                } else {
                    print(CLI.text(en: "submit it with `duban implementation submit --task \(task.number)`",
                                   zh: "可用 `duban implementation submit --task \(task.number)` 提交"))
                }
            }
        }

        struct Submit: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: CLI.text(en: "Submit the draft as the plan's next revision (offline: sent by `duban sync`).",
                                   zh: "将草稿作为方案的新版本提交（离线：由 `duban sync` 发送）。"))

            @Option(help: ArgumentHelp(CLI.text(en: "The task's number.", zh: "任务序号。"))) var task: Int
            @Option(help: ArgumentHelp(CLI.text(en: "The plan's year, when several plans are cached.", zh: "计划年度（本地有多个计划时）。")))
            var year: Int?
            @OptionGroup var offline: OfflineOptions

            func run() async throws {
                let workspace = try await CLI.preparedWorkspace()
                let reference = try workspace.reference()
                let task = try TaskLookup.find(self.task, year: year, unit: try workspace.unitCode(), in: reference)
                let now = CLI.now()
                let (id, _) = try workspace.cache.submitImplementation(taskId: task.id, authoredAt: now, now: now)
                print(CLI.text(en: "implementation plan \(id.uuidString.lowercased().prefix(8)) for task \(task.number) submitted; the supervision office reviews it",
                               zh: "第 \(task.number) 项任务的实施方案 \(id.uuidString.lowercased().prefix(8)) 已提交，待督查绩效办审核"))
                await CLI.autosync(workspace, offline: offline.offline)
            }
        }
    }
}

/// What `implementation show --format json` prints: the plans held, the draft and the unsent mutations.
struct ImplementationView: Codable {
    var taskNumber: Int
    var plans: [ImplementationPlanRecord]
    var draft: ImplementationDraft?
    var local: [LocalImplementationMutation]
}

/// How an implementation plan reads at the terminal.
struct ImplementationPrinter {
    let reference: ReferenceData

    func print(_ view: ImplementationView, task: ReferenceData.Task) {
        let style = CLI.presentation
        Swift.print(CLI.text(en: "task \(task.number) \(task.title)", zh: "任务 \(task.number) \(task.title)"))
        if view.plans.isEmpty {
            Swift.print(CLI.text(en: "no implementation plan on the server yet", zh: "服务器上尚无实施方案"))
        }
        for plan in view.plans {
            Swift.print("")
            Swift.print(CLI.text(en: "plan \(plan.id.uuidString.lowercased().prefix(8)) of \(plan.unitCode): version \(plan.version), \(style.reviewState(plan.state))",
                                 zh: "\(plan.unitCode) 的实施方案 \(plan.id.uuidString.lowercased().prefix(8))：第 \(plan.version) 版，\(style.reviewState(plan.state))"))
            if let accepted = plan.accepted {
                Swift.print(CLI.text(en: "accepted revision \(accepted.revision):", zh: "审核通过的版本（第 \(accepted.revision) 版）："))
                revision(accepted)
            } else {
                Swift.print(CLI.text(en: "no revision accepted yet", zh: "尚无审核通过的版本"))
            }
            if let newest = plan.newest, newest.revision != plan.acceptedRevision {
                Swift.print(CLI.text(en: "newest revision \(newest.revision) (\(style.reviewState(plan.state))):",
                                     zh: "最新版本（第 \(newest.revision) 版，\(style.reviewState(plan.state))）："))
                revision(newest)
            }
            Swift.print(CLI.text(en: "history:", zh: "历史："))
            var events: [(Date, String)] = plan.revisions.map { rev in
                (rev.receivedAt, CLI.text(en: "r\(rev.revision) written by \(rev.accountLogin), received \(style.time(rev.receivedAt))",
                                          zh: "第 \(rev.revision) 版 \(rev.accountLogin) 填写，\(style.time(rev.receivedAt)) 收到")
                    + (rev.reason.map { CLI.text(en: "; reason: \($0)", zh: "；理由：\($0)") } ?? ""))
            }
            events += plan.reviews.map { review in
                (review.decidedAt, CLI.text(en: "r\(review.revision) \(style.reviewDecision(review.decision)) by \(review.reviewerLogin), \(style.time(review.decidedAt))",
                                            zh: "第 \(review.revision) 版 \(review.reviewerLogin) \(style.reviewDecision(review.decision))，\(style.time(review.decidedAt))")
                    + (review.reason.map { CLI.text(en: ": \($0)", zh: "：\($0)") } ?? ""))
            }
            for (_, line) in events.sorted(by: { $0.0 < $1.0 }) { Swift.print("  " + line) }
        }
        for mutation in view.local {
            let state = mutation.status == "rejected"
                ? CLI.text(en: "rejected: ", zh: "被拒：") + (mutation.rejection.map { style.text($0) } ?? "")
                : CLI.text(en: "not yet synced", zh: "未同步")
            if let write = mutation.write {
                Swift.print("")
                Swift.print(CLI.text(en: "submitted here (on version \(mutation.baseVersion), \(state)):",
                                     zh: "本机已提交（基于第 \(mutation.baseVersion) 版，\(state)）："))
                body(measures: write.measures, steps: write.steps, splits: write.splits, evidence: write.evidence ?? [], reason: write.reason)
            } else if let review = mutation.review {
                Swift.print(CLI.text(en: "decision written here: \(style.reviewDecision(review.decision)) r\(review.revision) (\(state))",
                                     zh: "本机审核意见：第 \(review.revision) 版 \(style.reviewDecision(review.decision))（\(state)）"))
            }
        }
        if let draft = view.draft {
            Swift.print("")
            Swift.print(CLI.text(en: "local draft (not submitted, saved \(style.time(draft.updatedAt))):",
                                 zh: "本地草稿（未提交，保存于 \(style.time(draft.updatedAt))）："))
            body(measures: draft.measures, steps: draft.steps, splits: draft.splits, evidence: draft.evidence, reason: draft.reason)
        }
    }

    private func revision(_ revision: ImplementationPlanRecord.Revision) {
        body(measures: revision.measures, steps: revision.steps, splits: revision.splits, evidence: revision.evidence ?? [],
             reason: revision.reason)
    }

    private func body(measures: String, steps: [ImplementationStep], splits: [ProposedSplit], evidence: [String], reason: String?) {
        let names = Dictionary(reference.units.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        Swift.print("  " + CLI.text(en: "measures: ", zh: "措施办法：") + TextTable.oneLineText(measures))
        for step in steps.sorted(by: { $0.date < $1.date }) {
            let values = step.percent.map { IndicatorRules.format($0) + "%" }
                ?? step.values.sorted { $0.key < $1.key }.map { "\($0.key) \(IndicatorRules.format($0.value))" }.joined(separator: ", ")
            Swift.print("  \(step.date)  \(values)" + (step.note.map { "  \($0)" } ?? ""))
        }
        for split in splits {
            Swift.print("  " + CLI.text(en: "split: ", zh: "分解：") + "\(split.indicator) \(names[split.unitCode] ?? split.unitCode) (\(split.unitCode)) \(IndicatorRules.format(split.target))")
        }
        if !evidence.isEmpty { Swift.print("  " + CLI.text(en: "evidence: ", zh: "佐证材料：") + evidence.joined(separator: ", ")) }
        if let reason { Swift.print("  " + CLI.text(en: "reason: ", zh: "理由：") + reason) }
    }
}
