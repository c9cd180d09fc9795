import Foundation

/// How an inspection was made.
public enum InspectionKind: String, Codable, Sendable, CaseIterable {
    case online
    case onSite = "on_site"
}

/// Where an inspection's rectification stands.
public enum InspectionState: String, Codable, Sendable, CaseIterable {
    /// Rectification required and not yet closed.
    case rectifying
    /// Nothing to rectify, or rectified and closed by the office.
    case closed
}

/// `POST /v1/supervision/inspections`: record an inspection.
public struct InspectionRequest: Codable, Sendable, Equatable {
    public var taskNumber: Int
    /// The inspected unit; the task's lead unit when absent.
    public var unitCode: String?
    public var planYear: Int?
    public var kind: InspectionKind
    public var inspectedOn: LocalDate
    public var inspectors: [String]
    public var findings: String
    /// What must be put right; none means nothing to rectify.
    public var rectification: String?
    public var rectificationDue: LocalDate?

    public init(taskNumber: Int, unitCode: String? = nil, planYear: Int? = nil, kind: InspectionKind, inspectedOn: LocalDate,
                inspectors: [String], findings: String, rectification: String? = nil, rectificationDue: LocalDate? = nil) {
        self.taskNumber = taskNumber
        self.unitCode = unitCode
        self.planYear = planYear
        self.kind = kind
        self.inspectedOn = inspectedOn
        self.inspectors = inspectors
        self.findings = findings
        self.rectification = rectification
        self.rectificationDue = rectificationDue
    }
}

/// `POST /v1/supervision/inspections/{id}/progress|close`.
public struct InspectionNoteRequest: Codable, Sendable, Equatable {
    public var note: String
    public init(note: String) { self.note = note }
}

/// One step of a rectification: recorded, progress noted, closed.
public struct InspectionEvent: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable, CaseIterable {
        case recorded, progress, closed
    }

    public var action: Action
    public var note: String
    public var by: String
    public var at: Date

    public init(action: Action, note: String, by: String, at: Date) {
        self.action = action
        self.note = note
        self.by = by
        self.at = at
    }
}

/// An inspection with its rectification history, as the feed and the API carry it.
public struct InspectionRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var taskId: Int64
    public var taskNumber: Int
    public var unitCode: String
    public var kind: InspectionKind
    public var inspectedOn: LocalDate
    public var inspectors: [String]
    public var findings: String
    public var rectification: String?
    public var rectificationDue: LocalDate?
    public var state: InspectionState
    public var history: [InspectionEvent]

    public init(id: Int64, taskId: Int64, taskNumber: Int, unitCode: String, kind: InspectionKind, inspectedOn: LocalDate,
                inspectors: [String], findings: String, rectification: String?, rectificationDue: LocalDate?,
                state: InspectionState, history: [InspectionEvent]) {
        self.id = id
        self.taskId = taskId
        self.taskNumber = taskNumber
        self.unitCode = unitCode
        self.kind = kind
        self.inspectedOn = inspectedOn
        self.inspectors = inspectors
        self.findings = findings
        self.rectification = rectification
        self.rectificationDue = rectificationDue
        self.state = state
        self.history = history
    }
}

/// Lists of the supervision office's records (`GET /v1/supervision/...`).
public struct SupervisionLists: Codable, Sendable, Equatable {
    public var urges: [UrgeRecord]
    public var orders: [SupervisionOrderRecord]
    public var extensions: [ExtensionRecord]
    public var inspections: [InspectionRecord]

    public init(urges: [UrgeRecord] = [], orders: [SupervisionOrderRecord] = [], extensions: [ExtensionRecord] = [],
                inspections: [InspectionRecord] = []) {
        self.urges = urges
        self.orders = orders
        self.extensions = extensions
        self.inspections = inspections
    }
}
