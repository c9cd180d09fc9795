import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand {
    /// `duban target list|set|split|remove|confirm`: the tasks' quantified indicators (量化指标) and
    /// their targets. Listing works offline on the cache; changes are the supervision office's (and
    /// admins'), online.
    struct Target: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: CLI.text(en: "The tasks' indicators (量化指标): targets, their split among units, confirmation.",
                               zh: "任务的量化指标：目标值、分解到各单位、确认。"),
            discussion: CLI.text(
                en: """
                    `target list` reads the cache (offline). set, split, remove and confirm are the supervision \
                    office's (supervisor role) and admins': they are checked here first (a target must be above \
                    zero; shares over the target need --reason), then sent to the server; the indicators it \
                    answers are stored in the cache at once, and the next `duban sync` brings them to every unit.
                    """,
                zh: """
                    `target list` 读取本地缓存（可离线）。set、split、remove、confirm 仅限督查绩效办（supervisor 角色）\
                    和管理员：先在本机校验（目标值须大于零；分解合计超过目标须用 --reason 说明），再发送到服务器；\
                    服务器返回的指标立即存入本地缓存，各单位下次 `duban sync` 时获得。
                    """),
            subcommands: [List.self, SetTarget.self, Split.self, Remove.self, Confirm.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: CLI.text(en: "List the indicators held here: measure, target, cumulative, source, state, split per unit, unsplit.",
                                   zh: "列出本地的指标：计量单位、目标值、是否累计、来源（城市标准/督查绩效办）、确认状态、各单位分解及未分解部分。"))

            @Option(help: ArgumentHelp(CLI.text(en: "Only this task's number.", zh: "仅列出该序号的任务。"))) var task: Int?
            @OptionGroup var export: ExportOptions

            func run() async throws {
                try export.checkDestination()
                let workspace = try await CLI.preparedWorkspace()
                let reference = try workspace.reference()
                let rows = TargetRow.rows(reference, task: task)
                var data = try Listing.targets.export(rows, body: rows.map(\.indicator), format: export.format,
                                                      presentation: CLI.presentation,
                                                      sheetName: CLI.text(en: "targets", zh: "量化指标"))
                if export.format == .table && rows.isEmpty {
                    data.append(Data((CLI.text(en: "(none)", zh: "（无）") + "\n").utf8))
                }
                try export.write(data, rows: rows.count)
            }
        }

        struct SetTarget: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "set",
                abstract: CLI.text(en: "Create or change an indicator's target (confirmed, the office's).",
                                   zh: "新建或修改一个指标的目标值（由督查绩效办确定，即为已确认）。"),
                discussion: "duban target set --task 9 --indicator 健身路径 --measure 条 --target 30")

            @Option(help: ArgumentHelp(CLI.text(en: "The task's number.", zh: "任务序号。"))) var task: Int
            @Option(help: ArgumentHelp(CLI.text(en: "The plan's year, when several plans are cached.", zh: "计划年度（本地有多个计划时）。")))
            var year: Int?
            @Option(help: ArgumentHelp(CLI.text(en: "The indicator's name.", zh: "指标名称。"))) var indicator: String
            @Option(help: ArgumentHelp(CLI.text(en: "The measure word: 个, 套, 公里, 万元, % (required for a new indicator).",
                                                zh: "计量单位：个、套、公里、万元、%（新指标必填）。")))
            var measure: String?
            @Option(help: ArgumentHelp(CLI.text(en: "The target, a number above zero.", zh: "目标值，须大于零。"))) var target: Double
            @Flag(help: ArgumentHelp(CLI.text(en: "Reports give what was done since the previous node, not the total so far.",
                                              zh: "各节点报送的是本期新增数，而非累计数。")))
            var notCumulative = false

            func run() async throws {
                try await TargetAction.run(task: task, year: year) { task, reference in
                    let request = try TargetEdits.set(task: task, indicator: indicator, measure: measure, target: target,
                                                      notCumulative: notCumulative, reference: reference)
                    return { api in try await api.setTarget(request) }
                }
            }
        }

        struct Split: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: CLI.text(en: "Set (or with --remove take away) one unit's share of an indicator's target (分解目标).",
                                   zh: "设定（或用 --remove 取消）某单位承担的指标分解目标。"),
                discussion: CLI.text(en: "Shares adding up to more than the target need --reason. Example: duban target split --task 9 --indicator 健身路径 --unit jd-tianma --target 12",
                                     zh: "分解合计超过总目标时须用 --reason 说明理由。例：duban target split --task 9 --indicator 健身路径 --unit jd-tianma --target 12"))

            @Option(help: ArgumentHelp(CLI.text(en: "The task's number.", zh: "任务序号。"))) var task: Int
            @Option(help: ArgumentHelp(CLI.text(en: "The plan's year, when several plans are cached.", zh: "计划年度（本地有多个计划时）。")))
            var year: Int?
            @Option(help: ArgumentHelp(CLI.text(en: "The indicator's name.", zh: "指标名称。"))) var indicator: String
            @Option(help: ArgumentHelp(CLI.text(en: "The unit's code.", zh: "单位代码。"))) var unit: String
            @Option(help: ArgumentHelp(CLI.text(en: "The unit's share, a number above zero.", zh: "该单位的分解目标，须大于零。")))
            var target: Double?
            @Option(help: ArgumentHelp(CLI.text(en: "Why the shares do not add up to the target.", zh: "分解合计与总目标不一致的理由。")))
            var reason: String?
            @Flag(help: ArgumentHelp(CLI.text(en: "Remove the unit's share.", zh: "取消该单位的分解目标。"))) var remove = false

            func validate() throws {
                if remove == (target != nil) {
                    throw ValidationError(CLI.text(en: "give --target V or --remove", zh: "请给出 --target 数值 或 --remove"))
                }
            }

            func run() async throws {
                try await TargetAction.run(task: task, year: year) { task, reference in
                    let request = try TargetEdits.split(task: task, indicator: indicator, unitCode: unit, target: remove ? nil : target,
                                                        reason: reason, reference: reference)
                    return { api in try await api.splitTarget(request) }
                }
            }
        }

        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: CLI.text(en: "Remove an indicator (and its split) that no report has a value for.",
                                   zh: "删除尚无报告填报数值的指标（及其分解）。"))

            @Option(help: ArgumentHelp(CLI.text(en: "The task's number.", zh: "任务序号。"))) var task: Int
            @Option(help: ArgumentHelp(CLI.text(en: "The plan's year, when several plans are cached.", zh: "计划年度（本地有多个计划时）。")))
            var year: Int?
            @Option(help: ArgumentHelp(CLI.text(en: "The indicator's name.", zh: "指标名称。"))) var indicator: String

            func run() async throws {
                try await TargetAction.run(task: task, year: year) { task, reference in
                    let request = try TargetEdits.remove(task: task, indicator: indicator, reference: reference)
                    return { api in try await api.removeTarget(request) }
                }
            }
        }

        struct Confirm: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: CLI.text(en: "Confirm a task's proposed indicators (all, or those named with --indicator).",
                                   zh: "确认任务中由导入提出的待确认指标（全部，或用 --indicator 指定）。"))

            @Option(help: ArgumentHelp(CLI.text(en: "The task's number.", zh: "任务序号。"))) var task: Int
            @Option(help: ArgumentHelp(CLI.text(en: "The plan's year, when several plans are cached.", zh: "计划年度（本地有多个计划时）。")))
            var year: Int?
            @Option(help: ArgumentHelp(CLI.text(en: "An indicator to confirm (repeatable; default: every proposal).",
                                                zh: "要确认的指标（可重复；默认确认全部待确认指标）。")))
            var indicator: [String] = []

            func run() async throws {
                try await TargetAction.run(task: task, year: year) { task, reference in
                    let request = try TargetEdits.confirm(task: task, indicators: indicator, reference: reference)
                    return { api in try await api.confirmTargets(request) }
                }
            }
        }
    }
}

/// What the target changes share: the task from the cache, the request checked before anything is
/// sent, the answer's indicators stored in the cache and printed with its warnings.
enum TargetAction {
    static func run(task number: Int, year: Int?,
                    _ prepare: (ReferenceData.Task, ReferenceData) throws -> @Sendable (APIClient) async throws -> TargetList)
        async throws
    {
        let workspace = try await CLI.preparedWorkspace()
        let reference = try workspace.reference()
        let task = try TaskLookup.find(number, year: year, unit: workspace.state.unitCode ?? "", in: reference)
        let send = try prepare(task, reference)
        try await CLI.runRemote {
            let list = try await CLI.withSession { api, _ in try await send(api) }
            let held = list.indicators.filter { $0.taskId == task.id }
            try workspace.cache.storeIndicators(held, taskId: task.id)
            for warning in list.warnings { CLI.warn(warning.en, warning.zh) }
            var shown = reference
            shown.indicators = reference.indicators.filter { $0.taskId != task.id } + held
            let rows = TargetRow.rows(shown, task: task.number)
            print(CLI.text(en: "task \(task.number): \(rows.count) indicator(s)", zh: "第 \(task.number) 项任务：指标 \(rows.count) 个"))
            if !rows.isEmpty {
                CLI.output(try Listing.targets.render(rows, body: held, format: .table, presentation: CLI.presentation))
            }
        }
    }
}
