import DubanCore

/// A name in a task's district unit cell that the roster does not know, to be fixed (add an alias or a
/// unit) before the plan is imported.
public struct UnresolvedUnitName: Codable, Sendable, Hashable {
    /// The task's 序号.
    public var taskNumber: Int
    /// The cell it was written in.
    public var role: AssignmentRole
    /// The name as written.
    public var name: String

    /// Makes an entry.
    public init(taskNumber: Int, role: AssignmentRole, name: String) {
        self.taskNumber = taskNumber
        self.role = role
        self.name = name
    }
}
