import DubanCore
import Foundation

/// A report a unit must hand in soon: what `duban status` shows first (a unit whose report
/// is due within 3 days sees it first).
public struct DueReminder: Codable, Sendable, Equatable {
    public var taskId: Int64
    public var taskNumber: Int
    public var nodeId: Int64
    public var nodeDate: LocalDate
    /// The unit's tier on the task, which fixes the scheduled due date.
    public var role: AssignmentRole
    /// The due date that applies: a granted extension's, else the tier's.
    public var dueDate: LocalDate
    /// The tier's date, when an extension moved it.
    public var extendedFrom: LocalDate?
    /// 0 on the due day itself.
    public var daysLeft: Int
    /// The unit's report for that node, if one is held here.
    public var reportId: UUID?
    /// The report's listing status (`synced`, `pending`, …), if there is one.
    public var reportStatus: String?
    /// Where the report stands with its reviewer, if there is one.
    public var reviewState: ReviewState?

    /// The days ahead a due date counts as soon: the day itself and 3 more.
    public static let window = 3

    /// The unit's reports due within `days` days (and not yet past), soonest first, then by task
    /// number. Every node counts, not only the next (an extension may put a past node ahead of a
    /// later one); an exempted node is not due; an accepted report needs nothing more.
    public static func soon(unit: String, reference: ReferenceData, reports: [CachedReport], extensions: [ExtensionRecord],
                            now: Date, days: Int = window) -> [DueReminder] {
        let own = extensions.filter { $0.unitCode == unit }
        var result: [DueReminder] = []
        for task in reference.tasks {
            guard let role = DueDates.role(of: unit, on: task.id, in: reference) else { continue }
            for due in DueDates.all(task: task, role: role, reference: reference, now: now, extensions: own)
            where due.deadline > now && due.daysLeft <= days {
                let report = reports.first { $0.taskId == task.id && $0.nodeId == due.nodeId && $0.unitCode == unit }
                if report?.reviewState == .accepted { continue }
                guard let node = reference.nodes.first(where: { $0.id == due.nodeId }) else { continue }
                result.append(DueReminder(taskId: task.id, taskNumber: task.number, nodeId: node.id, nodeDate: node.nodeDate,
                                          role: role, dueDate: due.date, extendedFrom: due.extendedFrom, daysLeft: due.daysLeft,
                                          reportId: report?.id, reportStatus: report?.status, reviewState: report?.reviewState))
            }
        }
        return result.sorted { ($0.daysLeft, $0.taskNumber, $0.nodeDate) < ($1.daysLeft, $1.taskNumber, $1.nodeDate) }
    }
}
