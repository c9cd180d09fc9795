import Foundation

/// Where a request for more time stands.
public enum ExtensionState: String, Codable, Sendable, CaseIterable {
    /// Waiting for the supervision office.
    case requested
    /// A new due date for that unit and node.
    case granted
    /// Exempted from the report: counts as on time.
    case exempted
    case refused
}

/// The office's answer: `POST /v1/supervision/extensions/{id}/decision`.
public struct ExtensionDecisionRequest: Codable, Sendable, Equatable {
    public enum Decision: String, Codable, Sendable, CaseIterable {
        case grant, exempt, refuse
    }

    public var decision: Decision
    /// For `grant`: the new due date (the requested one when absent).
    public var dueDate: LocalDate?
    public var note: String?

    public init(decision: Decision, dueDate: LocalDate? = nil, note: String? = nil) {
        self.decision = decision
        self.dueDate = dueDate
        self.note = note
    }
}

/// A request for more time and its decision, as the feed and the API carry it.
public struct ExtensionRecord: Codable, Sendable, Equatable {
    public var id: UUID
    public var taskId: Int64
    public var taskNumber: Int
    public var unitCode: String
    public var nodeId: Int64
    public var nodeDate: LocalDate
    /// The unit's tier on the task, which fixes its scheduled due date.
    public var role: AssignmentRole
    public var scheduledDueDate: LocalDate
    public var requestedDueDate: LocalDate?
    public var reason: String
    public var state: ExtensionState
    /// For `granted`: the due date that now applies.
    public var grantedDueDate: LocalDate?
    public var decisionNote: String?
    public var requestedBy: String
    public var requestedAt: Date
    public var decidedBy: String?
    public var decidedAt: Date?

    public init(id: UUID, taskId: Int64, taskNumber: Int, unitCode: String, nodeId: Int64, nodeDate: LocalDate,
                role: AssignmentRole, scheduledDueDate: LocalDate, requestedDueDate: LocalDate?, reason: String,
                state: ExtensionState, grantedDueDate: LocalDate?, decisionNote: String?, requestedBy: String,
                requestedAt: Date, decidedBy: String?, decidedAt: Date?) {
        self.id = id
        self.taskId = taskId
        self.taskNumber = taskNumber
        self.unitCode = unitCode
        self.nodeId = nodeId
        self.nodeDate = nodeDate
        self.role = role
        self.scheduledDueDate = scheduledDueDate
        self.requestedDueDate = requestedDueDate
        self.reason = reason
        self.state = state
        self.grantedDueDate = grantedDueDate
        self.decisionNote = decisionNote
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }
}
