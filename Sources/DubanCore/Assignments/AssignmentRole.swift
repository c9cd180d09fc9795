/// A unit's part in a task: it leads (城区牵头单位) or it is responsible under the lead (城区责任单位).
public enum AssignmentRole: String, Codable, Sendable, CaseIterable {
    /// Reports to the supervision office on each node date; reviews its responsible units.
    case lead
    /// Reports to the lead unit a few days before each node date.
    case responsible
}
