import DubanCore

/// A unit's assignment to a task, derived from a notice before the plan is stored.
public struct PlannedAssignment: Codable, Sendable, Hashable {
    /// The task's 序号.
    public var taskNumber: Int
    /// The roster unit.
    public var unitCode: String
    /// Lead or responsible.
    public var role: AssignmentRole
    /// The name the notice used for it (`财政局`, or a collective term such as `各街道办事处`).
    public var writtenAs: String

    /// Makes an assignment.
    public init(taskNumber: Int, unitCode: String, role: AssignmentRole, writtenAs: String) {
        self.taskNumber = taskNumber
        self.unitCode = unitCode
        self.role = role
        self.writtenAs = writtenAs
    }
}
