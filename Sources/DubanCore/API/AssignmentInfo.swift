import Foundation

// Bodies of Duban's HTTP API (`/v1/...`), shared by duban-server and duban.
// On the wire: snake_case keys (WireJSON), ISO-8601 UTC times.

/// One district-level assignment, for `GET /v1/assignments` (a unit's staff see only their unit's
/// tasks, and every assignment of the tasks their unit leads).
public struct AssignmentInfo: Codable, Sendable, Equatable {
    public var planYear: Int
    public var taskNumber: Int
    public var taskTitle: String
    public var unitCode: String
    public var unitName: String
    public var role: AssignmentRole
    public var writtenAs: String

    public init(planYear: Int, taskNumber: Int, taskTitle: String, unitCode: String, unitName: String,
                role: AssignmentRole, writtenAs: String) {
        self.planYear = planYear
        self.taskNumber = taskNumber
        self.taskTitle = taskTitle
        self.unitCode = unitCode
        self.unitName = unitName
        self.role = role
        self.writtenAs = writtenAs
    }
}

/// `GET /v1/assignments`.
public struct AssignmentList: Codable, Sendable, Equatable {
    public var assignments: [AssignmentInfo]
    public init(assignments: [AssignmentInfo]) { self.assignments = assignments }
}
