/// The district assignments a parsed plan implies, and the names that could not be resolved.
public struct PlanAssignments: Sendable, Equatable {
    /// One per (task, unit), lead before responsible within a task, in the order the cells name them.
    public var assignments: [PlannedAssignment]
    /// Names that matched no unit, and collective terms for which the roster has no unit of that kind.
    public var unresolved: [UnresolvedUnitName]

    /// Makes a result.
    public init(assignments: [PlannedAssignment], unresolved: [UnresolvedUnitName]) {
        self.assignments = assignments
        self.unresolved = unresolved
    }
}
