import Foundation

/// `POST /v1/supervision/urges`: the supervision office urges (催办) a unit that is late or missing.
public struct UrgeRequest: Codable, Sendable, Equatable {
    public var taskNumber: Int
    public var unitCode: String
    /// The node the report is late for; the latest passed node when absent.
    public var nodeDate: LocalDate?
    public var message: String
    /// The plan's year; the newest plan when absent.
    public var planYear: Int?
    /// Why; `late` when absent.
    public var reason: SupervisionReason?

    public init(taskNumber: Int, unitCode: String, nodeDate: LocalDate? = nil, message: String, planYear: Int? = nil,
                reason: SupervisionReason? = nil) {
        self.taskNumber = taskNumber
        self.unitCode = unitCode
        self.nodeDate = nodeDate
        self.message = message
        self.planYear = planYear
        self.reason = reason
    }
}

/// One urge, as the change feed and the API carry it. The urged unit sees it on its next sync.
public struct UrgeRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var taskId: Int64
    public var taskNumber: Int
    public var unitCode: String
    public var nodeId: Int64
    public var nodeDate: LocalDate
    public var message: String
    /// How the unit stood when it was urged: `late` or `missing`.
    public var timeliness: TimelinessState
    public var urgedBy: String
    public var createdAt: Date
    /// Why the unit was urged (`late` from an older server).
    public var reason: SupervisionReason?
    /// For `behind_schedule`: where the unit stood when urged.
    public var figures: ProgressStanding?

    public init(id: Int64, taskId: Int64, taskNumber: Int, unitCode: String, nodeId: Int64, nodeDate: LocalDate,
                message: String, timeliness: TimelinessState, urgedBy: String, createdAt: Date,
                reason: SupervisionReason? = nil, figures: ProgressStanding? = nil) {
        self.reason = reason
        self.figures = figures
        self.id = id
        self.taskId = taskId
        self.taskNumber = taskNumber
        self.unitCode = unitCode
        self.nodeId = nodeId
        self.nodeDate = nodeDate
        self.message = message
        self.timeliness = timeliness
        self.urgedBy = urgedBy
        self.createdAt = createdAt
    }
}
