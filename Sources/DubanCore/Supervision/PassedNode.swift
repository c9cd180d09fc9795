/// The latest reporting node that has passed for a task or unit, as a status light needs it.
public struct PassedNode: Sendable, Hashable, Codable {
    /// The node date (not the responsible tier's earlier due date): it fixes the node's target.
    public var date: LocalDate
    /// How the report for this node stands (see ``Timeliness/init(deadline:receivedAt:isExempted:now:)``):
    /// for a task, the lead unit's consolidated report; for a unit, its own report.
    public var timeliness: Timeliness

    /// Makes a passed node.
    public init(date: LocalDate, timeliness: Timeliness) {
        self.date = date
        self.timeliness = timeliness
    }
}
