import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand {
    /// `duban tasks`.
    struct Tasks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List your unit's tasks with the next due date and the days left (任务), from the local cache.",
            discussion: "Works offline. A responsible unit is due on the node's responsible due date, a lead unit on the node date; each until the end of that day in the plan's time zone."
        )

        @OptionGroup var output: FormatOptions
        @Option(help: "Only the tasks of this plan year (default: every plan held, newest last).") var year: Int?

        func run() async throws {
            let workspace = try await CLI.preparedWorkspace()
            let reference = try workspace.reference()
            if let year, !reference.plans.contains(where: { $0.year == year }) {
                throw ClientError.invalidInput(.init(
                    en: "no plan of \(year) is held here (plans: \(reference.plans.map { String($0.year) }.joined(separator: ", ")))",
                    zh: "本地没有 \(year) 年的计划（现有：\(reference.plans.map { String($0.year) }.joined(separator: "、"))）"))
            }
            let rows = TaskRow.rows(unit: try workspace.unitCode(), reference: reference,
                                    reports: try workspace.cache.reports(), now: CLI.now(),
                                    extensions: try workspace.cache.extensions())
                .filter { year == nil || $0.year == year }
            CLI.output(try Listing.tasks.render(rows, body: rows, format: output.format, presentation: CLI.presentation))
        }
    }

    /// `duban task show N`.
    struct TaskCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "task", abstract: "Show one task (任务详情).", subcommands: [Show.self])

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show a task: its content, standard, units, your due dates and the reports held here.")

            @Argument(help: "The task's number in its plan.") var number: Int
            @Option(help: "The plan's year, when several plans are cached.") var year: Int?

            func run() async throws {
                let workspace = try await CLI.preparedWorkspace()
                let reference = try workspace.reference()
                let unit = try workspace.unitCode()
                let task = try TaskLookup.find(number, year: year, unit: unit, in: reference)
                let style = CLI.presentation
                let zh = CLI.language == .zh
                func line(_ en: String, _ zhLabel: String, _ value: String) {
                    print((zh ? zhLabel + "：" : en + ": ") + value)
                }
                line("task", "任务", "\(task.number) \(task.title)")
                if let closed = task.closedOn {
                    line("closed", "已关闭", CLI.text(en: "\(closed): the notice no longer lists it; it takes no report",
                                                   zh: "\(closed)：通知中已无此项，不再接收报告"))
                }
                if let from = task.carriedFromTaskId.flatMap({ id in reference.tasks.first { $0.id == id } }),
                   let year = reference.plans.first(where: { $0.id == from.planId })?.year {
                    line("carried over from", "结转自", CLI.text(en: "task \(from.number) of \(year) (duban task show \(from.number) --year \(year))",
                                                             zh: "\(year) 年第 \(from.number) 项（duban task show \(from.number) --year \(year)）"))
                }
                line("content", "内容", task.content)
                line("completion standard", "完成标准", task.completionStandard)
                line("district lead", "城区牵头单位", task.districtLeadWritten)
                line("district responsible", "城区责任单位", task.districtResponsibleWritten)
                let assignments = reference.assignments.filter { $0.taskId == task.id }
                for role in [AssignmentRole.lead, .responsible] {
                    let units = assignments.filter { $0.role == role }.map { a in
                        reference.units.first { $0.code == a.unitCode }.map { "\($0.name) (\($0.code))" } ?? a.unitCode
                    }
                    if !units.isEmpty { line(style.role(role), style.role(role), units.joined(separator: ", ")) }
                }
                let now = CLI.now()
                let reports = try workspace.cache.reports().filter { $0.taskId == task.id }
                if let role = DueDates.role(of: unit, on: task.id, in: reference) {
                    print(zh ? "本单位截止日期（\(style.role(role))）：" : "your due dates (\(style.role(role))):")
                    let extensions = try workspace.cache.extensions(unit: unit)
                    for due in DueDates.all(task: task, role: role, reference: reference, now: now, extensions: extensions) {
                        let node = reference.nodes.first { $0.id == due.nodeId }
                        let report = reports.first { $0.nodeId == due.nodeId && $0.unitCode == unit }
                        let left = due.daysLeft >= 0 ? CLI.text(en: "\(due.daysLeft) day(s) left", zh: "剩余 \(due.daysLeft) 天")
                                                     : CLI.text(en: "past", zh: "已过")
                        let extended = due.extendedFrom.map { CLI.text(en: " (extended from \($0))", zh: "（原定 \($0)，已延期）") } ?? ""
                        print("  \(node?.nodeDate.description ?? "?")  \(CLI.text(en: "due", zh: "截止")) \(due.date)\(extended)  \(left)"
                              + (report.map { "  \(CLI.text(en: "report", zh: "报告")) \($0.shortId) (\(style.reportStatus($0.status)))" } ?? ""))
                    }
                }
                let others = reports.filter { $0.unitCode != unit }
                if !others.isEmpty {
                    print(zh ? "责任单位报告：" : "reports of responsible units:")
                    for report in others {
                        let node = reference.nodes.first { $0.id == report.nodeId }?.nodeDate.description ?? "?"
                        print("  \(report.shortId)  \(report.unitCode)  \(node)  \(style.reportStatus(report.status))")
                    }
                }
            }
        }
    }
}

/// Finds tasks and nodes by the numbers and dates people type.
enum TaskLookup {
    /// Task `number`, in the plan of `year`, else in the newest plan where `unit` has it, else the newest plan.
    static func find(_ number: Int, year: Int?, unit: String, in reference: ReferenceData) throws -> ReferenceData.Task {
        let plans = reference.plans.filter { year == nil || $0.year == year }.sorted { $0.year > $1.year }
        let candidates = plans.compactMap { plan in reference.tasks.first { $0.planId == plan.id && $0.number == number } }
        guard let task = candidates.first(where: { DueDates.role(of: unit, on: $0.id, in: reference) != nil }) ?? candidates.first else {
            throw ClientError.invalidInput(.init(en: "no task \(number) in the cached plan\(year.map { " of \($0)" } ?? "")",
                                                 zh: "本地计划中没有任务 \(number)"))
        }
        return task
    }

    /// The node of `task`'s plan on `date` (YYYY-MM-DD) or with that ordinal (1, 2, …).
    static func node(_ text: String, task: ReferenceData.Task, in reference: ReferenceData) throws -> ReferenceData.Node {
        let nodes = reference.nodes.filter { $0.planId == task.planId }
        if let date = LocalDate(iso: text), let node = nodes.first(where: { $0.nodeDate == date }) { return node }
        if let ordinal = Int(text), let node = nodes.first(where: { $0.ordinal == ordinal }) { return node }
        throw ClientError.invalidInput(.init(
            en: "\(text) is not a reporting node of task \(task.number) (nodes: \(nodes.map(\.nodeDate.description).joined(separator: ", ")))",
            zh: "\(text) 不是任务 \(task.number) 的报送节点（节点：\(nodes.map(\.nodeDate.description).joined(separator: "、"))）"))
    }
}
