/// What an account may do. Each account has exactly one role and belongs to exactly one unit.
public enum AccountRole: String, Codable, Sendable, CaseIterable {
    /// Central account management: units and accounts. Never writes a unit's reports.
    case admin
    /// Works for its unit: reads its assignments, writes its reports; a unit that leads a task
    /// reviews that task's responsible units.
    case staff
    /// The supervision office: deadlines, urging, circulars, exemptions, assessments.
    case supervisor
    /// Reads everything, changes nothing.
    case oversight
}
