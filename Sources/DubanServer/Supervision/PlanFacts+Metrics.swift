import DubanCore
import Foundation

extension PlanFacts {
    /// One expected-or-not report: a unit assigned to an applicable task, at one node, judged at a moment.
    struct Judged {
        var task: Task
        var assignment: Assignment
        var node: Node
        var timeliness: Timeliness
        var deadline: ReportingDeadline
    }

    /// Every (assignment, node) of every applicable task, judged at `now`; `node` limits to one node.
    func judged(now: Date, node only: Node? = nil) -> [Judged] {
        tasks.filter { !$0.notApplicable }.flatMap { task in
            task.assignments.flatMap { assignment in
                nodes.filter { only == nil || $0.id == only!.id }.map { node in
                    Judged(task: task, assignment: assignment, node: node,
                           timeliness: timeliness(task: task, assignment: assignment, node: node, now: now),
                           deadline: deadline(task: task, assignment: assignment, node: node))
                }
            }
        }
    }

    func progressRows(now: Date, node: Node?) -> [TaskProgressRow] {
        let counts = Dictionary(grouping: judged(now: now, node: node), by: \.task.id)
            .mapValues { ReportingCounts($0.map(\.timeliness)) }
        return taskStandings(now: now).map { standing in
            TaskProgressRow(taskNumber: standing.taskNumber, title: standing.title, notApplicable: standing.notApplicable,
                            leadUnits: standing.leadUnitCodes, light: standing.light, reasons: standing.reasons,
                            target: standing.target, progress: standing.progress, lastUpdate: lastReceipt[standing.taskId],
                            counts: counts[standing.taskId] ?? ReportingCounts(), schedule: standing.schedule)
        }
    }

    func completenessRows(now: Date) -> [NodeCompletenessRow] {
        let all = judged(now: now)
        return nodes.flatMap { node in
            [AssignmentRole.responsible, .lead].map { tier in
                NodeCompletenessRow(nodeDate: node.date, tier: tier, dueDate: node.scheduledDue(for: tier),
                                    counts: ReportingCounts(all.filter { $0.node.id == node.id && $0.assignment.role == tier }
                                        .map(\.timeliness)))
            }
        }
    }

    func timelinessRows(now: Date, node: Node?, unit: String?) -> [UnitTimelinessRow] {
        var groups: [String: (Assignment, [Timeliness])] = [:]
        for item in judged(now: now, node: node) where unit == nil || item.assignment.unitCode == unit {
            let key = "\(item.assignment.unitCode)/\(item.assignment.role.rawValue)"
            groups[key, default: (item.assignment, [])].1.append(item.timeliness)
        }
        return groups.values
            .map { UnitTimelinessRow(unitCode: $0.0.unitCode, unitName: $0.0.unitName, tier: $0.0.role, counts: ReportingCounts($0.1)) }
            .sorted { ($0.unitCode, $0.tier.rawValue) < ($1.unitCode, $1.tier.rawValue) }
    }

    func overdueRows(now: Date, node: Node?, unit: String?) -> [OverdueRow] {
        judged(now: now, node: node).compactMap { item in
            guard unit == nil || item.assignment.unitCode == unit else { return nil }
            let key = Key(task: item.task.id, unit: item.assignment.unitID, node: item.node.id)
            let daysLate: Int?
            switch item.timeliness {
            case .late(let days): daysLate = days
            case .missing: daysLate = nil
            default: return nil
            }
            return OverdueRow(taskNumber: item.task.number, taskTitle: item.task.title, unitCode: item.assignment.unitCode,
                              unitName: item.assignment.unitName, tier: item.assignment.role, nodeDate: item.node.date,
                              dueDate: item.deadline.dueDate, timeliness: TimelinessState(item.timeliness), daysLate: daysLate,
                              receivedAt: reports[key].flatMap { $0.firstReceivedAt <= now ? $0.firstReceivedAt : nil },
                              urges: urges[key] ?? 0, openOrder: openOrders[Pair(task: item.task.id, unit: item.assignment.unitID)])
        }
        .sorted { ($0.nodeDate, $0.taskNumber, $0.unitCode) < ($1.nodeDate, $1.taskNumber, $1.unitCode) }
    }

    func lightRows(now: Date, unit: String?) -> [StatusLightRow] {
        var rows: [StatusLightRow] = []
        for standing in taskStandings(now: now) where !standing.notApplicable {
            guard let light = standing.light, let task = tasks.first(where: { $0.id == standing.taskId }) else { continue }
            if unit == nil {
                rows.append(StatusLightRow(taskNumber: task.number, taskTitle: task.title, unitCode: nil, unitName: nil, light: light,
                                           reasons: standing.reasons, nodeDate: nil, target: standing.target, progress: standing.progress,
                                           schedule: standing.schedule))
            }
            for assignment in task.assignments where unit == nil || assignment.unitCode == unit {
                let evaluation = self.light(task: task, assignment: assignment, now: now)
                rows.append(StatusLightRow(
                    taskNumber: task.number, taskTitle: task.title, unitCode: assignment.unitCode, unitName: assignment.unitName,
                    light: evaluation.light, reasons: evaluation.reasons, nodeDate: evaluation.nodeDate,
                    target: evaluation.nodeDate == nil ? nil : evaluation.target,
                    progress: evaluation.nodeDate == nil ? nil : evaluation.target - evaluation.behind,
                    schedule: unitProgress(task, assignment: assignment, on: day(of: now))))
            }
        }
        return rows
    }
}
