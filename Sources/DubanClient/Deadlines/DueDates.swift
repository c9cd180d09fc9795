import DubanCore
import Foundation

/// A unit's due date on one reporting node of one task, computed from the cached plan: a
/// responsible unit reports by the node's `responsible_due_date`, a lead unit by its
/// `lead_due_date`, each until the end of that day in the plan's time zone.
public struct DueDate: Codable, Sendable, Equatable {
    public var taskId: Int64
    public var nodeId: Int64
    public var role: AssignmentRole
    public var date: LocalDate
    /// The first instant after the deadline (the next day's midnight in the plan's zone).
    public var deadline: Date
    /// Whole days from today (in the plan's zone) to the due date: 0 on the day itself, negative when past.
    public var daysLeft: Int
    /// The tier's date from the plan, when a granted extension moved the due date to ``date``.
    public var extendedFrom: LocalDate? = nil
}

public enum DueDates {
    /// The plan's time zone, Asia/Shanghai when the cached name is unknown here.
    public static func timeZone(of plan: ReferenceData.Plan?) -> TimeZone {
        plan.flatMap { TimeZone(identifier: $0.timeZone) } ?? TimeZone(identifier: "Asia/Shanghai")!
    }

    /// The due date of `role` on `node`; `extendedTo`: the date a granted extension set instead.
    public static func dueDate(on node: ReferenceData.Node, role: AssignmentRole, task: Int64, timeZone: TimeZone,
                               now: Date, extendedTo: LocalDate? = nil) -> DueDate {
        let scheduled = role == .lead ? node.leadDueDate : node.responsibleDueDate
        let due = ReportingDeadline(role: role, scheduledDate: scheduled, timeZone: timeZone, extendedTo: extendedTo)
        return DueDate(taskId: task, nodeId: node.id, role: role, date: due.dueDate, deadline: due.deadline,
                       daysLeft: due.daysLeft(now: now), extendedFrom: extendedTo == nil ? nil : scheduled)
    }

    /// Every due date of `role` on `task`, in node order. `extensions` are the unit's own requests:
    /// a granted one moves that node's due date, an exemption takes the node out (nothing is due).
    public static func all(task: ReferenceData.Task, role: AssignmentRole, reference: ReferenceData, now: Date,
                           extensions: [ExtensionRecord] = []) -> [DueDate] {
        let plan = reference.plans.first { $0.id == task.planId }
        let zone = timeZone(of: plan)
        return reference.nodes.filter { $0.planId == task.planId }.sorted { $0.ordinal < $1.ordinal }.compactMap { node in
            let decided = extensions.last { $0.taskId == task.id && $0.nodeId == node.id && ($0.state == .granted || $0.state == .exempted) }
            if decided?.state == .exempted { return nil }
            let extended = decided.flatMap { $0.grantedDueDate ?? $0.requestedDueDate }
            return dueDate(on: node, role: role, task: task.id, timeZone: zone, now: now, extendedTo: extended)
        }
    }

    /// The first due date whose deadline has not passed at `now`; nil when all have. `extensions`
    /// as in ``all(task:role:reference:now:extensions:)``.
    public static func next(task: ReferenceData.Task, role: AssignmentRole, reference: ReferenceData, now: Date,
                            extensions: [ExtensionRecord] = []) -> DueDate? {
        all(task: task, role: role, reference: reference, now: now, extensions: extensions).first { $0.deadline > now }
    }

    /// The role of `unit` on `task` (lead wins when it is both), or nil when it has no assignment.
    public static func role(of unit: String, on task: Int64, in reference: ReferenceData) -> AssignmentRole? {
        let roles = reference.assignments.filter { $0.taskId == task && $0.unitCode == unit }.map(\.role)
        return roles.contains(.lead) ? .lead : roles.first
    }
}
