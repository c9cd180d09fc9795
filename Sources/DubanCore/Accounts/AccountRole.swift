/// What an account may do. Each account has exactly one role and belongs to exactly one unit.
public enum AccountRole: String, Codable, Sendable, CaseIterable {
    /// Central account management: units, accounts, the audit trail and the plan. Never reads or
    /// writes a unit's reports, reviews, evidence or assessments.
    case admin
    /// Works for its unit: reads its assignments, writes its reports; a unit that leads a task
    /// reviews that task's responsible units.
    case staff
    /// The supervision office: deadlines, urging, circulars, exemptions, assessments.
    case supervisor
    /// Reads everything, changes nothing.
    case oversight

    /// How much of the units' work (reports, reviews, evidence, assessments, supervision records)
    /// an account of this role reads. The server's change feed (`ChangeScope`) and the database's
    /// `duban.may_read` state the same rule; a test checks that they agree.
    public enum Reach: Sendable, Equatable {
        /// Every unit's work.
        case everyUnit
        /// Its own unit's work and that of the tasks its unit leads.
        case ownUnitAndLedTasks
        /// None: only what concerns every unit (the plan, circulars).
        case none
    }

    /// This role's reach.
    public var reach: Reach {
        switch self {
        case .supervisor, .oversight: .everyUnit
        case .staff: .ownUnitAndLedTasks
        case .admin: .none
        }
    }
}
