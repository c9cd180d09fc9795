import DubanCore
import Foundation

extension PlanFacts {
    /// The node dated `date`; without a date, the latest node whose lead due date has ended at `now`,
    /// or the first node when none has.
    func node(on date: LocalDate?, now: Date) throws -> Node {
        if let date {
            guard let node = nodes.first(where: { $0.date == date }) else {
                throw DomainError.missing("node.not_found", en: "the plan of \(year) has no reporting node on \(date)",
                                       zh: "\(year)年计划没有 \(date) 这个报送节点")
            }
            return node
        }
        let passed = nodes.last { $0.leadDue.adding(days: 1).start(in: timeZone) <= now }
        guard let node = passed ?? nodes.first else {
            throw DomainError.missing("node.not_found", en: "the plan of \(year) has no reporting nodes",
                                   zh: "\(year)年计划没有报送节点")
        }
        return node
    }

    func task(number: Int) throws -> Task {
        guard let task = tasks.first(where: { $0.number == number }) else {
            throw DomainError.missing("task.not_found", en: "the plan of \(year) has no task \(number)",
                                   zh: "\(year)年计划没有第 \(number) 项任务")
        }
        return task
    }

    func assignment(of unitCode: String, on task: Task) throws -> Assignment {
        try Self.assignmentOf(unitCode, on: task)
    }

    static func assignmentOf(_ unitCode: String, on task: Task) throws -> Assignment {
        guard let assignment = task.assignments.first(where: { $0.unitCode == unitCode }) else {
            throw DomainError.invalid("unit.not_assigned", en: "\(unitCode) has no assignment on task \(task.number), so it is never due for it",
                                   zh: "\(unitCode) 未承担第 \(task.number) 项任务，无需报送")
        }
        return assignment
    }

    /// The deadline of `assignment` at `node`, with a granted extension.
    func deadline(task: Task, assignment: Assignment, node: Node) -> ReportingDeadline {
        var extended: LocalDate?
        if case .extended(let date) = decided[Key(task: task.id, unit: assignment.unitID, node: node.id)] { extended = date }
        return ReportingDeadline(role: assignment.role, scheduledDate: node.scheduledDue(for: assignment.role),
                                 timeZone: timeZone, extendedTo: extended)
    }

    func nodeFacts(task: Task, assignment: Assignment, node: Node) -> StatusLightHistory.NodeFacts {
        let key = Key(task: task.id, unit: assignment.unitID, node: node.id)
        let exempted = if case .exempted = decided[key] { true } else { false }
        return .init(nodeDate: node.date, deadline: deadline(task: task, assignment: assignment, node: node),
                     firstReceivedAt: reports[key]?.firstReceivedAt, isExempted: exempted)
    }

    /// How the unit stands at `node` at `now` (receipts after `now` do not count yet).
    func timeliness(task: Task, assignment: Assignment, node: Node, now: Date) -> Timeliness {
        nodeFacts(task: task, assignment: assignment, node: node).timeliness(at: now)
    }

    /// The unit's light on the task at `now`, replaying its reports since the latest passed node.
    func light(task: Task, assignment: Assignment, now: Date, rule: StatusLightRule = .standard) -> StatusLightEvaluation {
        StatusLightHistory.evaluate(rule: rule, target: target,
                                    nodes: nodes.map { nodeFacts(task: task, assignment: assignment, node: $0) },
                                    progress: progress[Pair(task: task.id, unit: assignment.unitID)] ?? [], now: now)
    }

    /// Every assigned unit of every applicable task at `node`.
    func unitStandings(node: Node, now: Date) -> [UnitStanding] {
        tasks.filter { !$0.notApplicable }.flatMap { task in
            task.assignments.map { assignment in
                let key = Key(task: task.id, unit: assignment.unitID, node: node.id)
                let report = reports[key].flatMap { $0.firstReceivedAt <= now ? $0 : nil }
                let deadline = deadline(task: task, assignment: assignment, node: node)
                let timeliness = timeliness(task: task, assignment: assignment, node: node, now: now)
                let daysLate: Int? = if case .late(let days) = timeliness { days } else { nil }
                let light = light(task: task, assignment: assignment, now: now)
                return UnitStanding(
                    taskId: task.id, taskNumber: task.number, taskTitle: task.title, unitCode: assignment.unitCode,
                    unitName: assignment.unitName, role: assignment.role, scheduledDueDate: deadline.scheduledDate,
                    extendedTo: deadline.extendedTo, timeliness: TimelinessState(timeliness), daysLate: daysLate,
                    firstReceivedAt: report?.firstReceivedAt, firstAuthoredAt: report?.firstAuthoredAt,
                    reviewState: report?.reviewState, percent: report?.percent, light: light.light, reasons: light.reasons,
                    urges: urges[key] ?? 0, openOrder: openOrders[Pair(task: task.id, unit: assignment.unitID)])
                    .with(schedule: unitProgress(task, assignment: assignment, on: day(of: now)))
            }
        }
    }

    /// Each task's light: its lead unit's (the worst, with several leads).
    func taskStandings(now: Date) -> [TaskStanding] {
        tasks.map { task in
            let leads = task.assignments.filter { $0.role == .lead }
            guard !task.notApplicable, !leads.isEmpty else {
                return TaskStanding(taskId: task.id, taskNumber: task.number, title: task.title, notApplicable: task.notApplicable,
                                    light: nil, reasons: [], target: nil, progress: nil, leadUnitCodes: leads.map(\.unitCode))
            }
            let evaluations = leads.map { light(task: task, assignment: $0, now: now) }
            let worst = evaluations.max { ($0.light, $0.behind) < ($1.light, $1.behind) }!
            var standing = TaskStanding(taskId: task.id, taskNumber: task.number, title: task.title, notApplicable: false,
                                        light: worst.light, reasons: worst.reasons, target: worst.nodeDate == nil ? nil : worst.target,
                                        progress: worst.nodeDate == nil ? nil : worst.target - worst.behind,
                                        leadUnitCodes: leads.map(\.unitCode))
            standing.schedule = taskProgress(task, on: day(of: now))
            return standing
        }
    }

    /// The overview of `node` at `now`.
    func overview(node: Node, now: Date) -> SupervisionOverview {
        SupervisionOverview(planId: planID, planYear: year, nodeId: node.id, nodeDate: node.date, evaluatedAt: now,
                            timeZone: timeZoneName, tasks: taskStandings(now: now), units: unitStandings(node: node, now: now))
    }

    /// Nodes at which the unit was late or missing on the task, as seen at `now`, with the instant each
    /// node's deadline ended.
    func lateNodes(task: Task, assignment: Assignment, now: Date) -> [(node: Node, deadline: Date)] {
        nodes.compactMap { node in
            let facts = nodeFacts(task: task, assignment: assignment, node: node)
            guard TimelinessState(facts.timeliness(at: now)).isLate else { return nil }
            return (node, facts.deadline.deadline)
        }
    }
}
