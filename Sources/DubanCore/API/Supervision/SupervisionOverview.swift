import Foundation

/// `GET /v1/supervision/overview?node=DATE`: how every assigned unit stands at one node, judged by
/// the server's receipt times and clock, and each task's light.
public struct SupervisionOverview: Codable, Sendable, Equatable {
    public var planId: Int64
    public var planYear: Int
    public var nodeId: Int64
    public var nodeDate: LocalDate
    /// The server's "now" the overview was computed at.
    public var evaluatedAt: Date
    public var timeZone: String
    public var tasks: [TaskStanding]
    public var units: [UnitStanding]

    public init(planId: Int64, planYear: Int, nodeId: Int64, nodeDate: LocalDate, evaluatedAt: Date, timeZone: String,
                tasks: [TaskStanding], units: [UnitStanding]) {
        self.planId = planId
        self.planYear = planYear
        self.nodeId = nodeId
        self.nodeDate = nodeDate
        self.evaluatedAt = evaluatedAt
        self.timeZone = timeZone
        self.tasks = tasks
        self.units = units
    }
}

/// One unit on one task at the node.
public struct UnitStanding: Codable, Sendable, Equatable {
    public var taskId: Int64
    public var taskNumber: Int
    public var taskTitle: String
    public var unitCode: String
    public var unitName: String
    public var role: AssignmentRole
    /// The tier's due date from the plan.
    public var scheduledDueDate: LocalDate
    /// A granted extension's date.
    public var extendedTo: LocalDate?
    public var timeliness: TimelinessState
    /// Calendar days late, for `late`.
    public var daysLate: Int?
    /// When the server received the first revision for this node (this decides timeliness).
    public var firstReceivedAt: Date?
    /// The client's claim for that revision, shown beside it.
    public var firstAuthoredAt: Date?
    public var reviewState: ReviewState?
    public var percent: Double?
    public var light: StatusLight
    public var reasons: [StatusLightEvaluation.Reason]
    public var urges: Int
    public var openOrder: OrderGrade?
    /// The work against 序时进度 (the progress light), apart from the reports' punctuality.
    public var schedule: ProgressStanding?

    public init(taskId: Int64, taskNumber: Int, taskTitle: String, unitCode: String, unitName: String, role: AssignmentRole,
                scheduledDueDate: LocalDate, extendedTo: LocalDate?, timeliness: TimelinessState, daysLate: Int?,
                firstReceivedAt: Date?, firstAuthoredAt: Date?, reviewState: ReviewState?, percent: Double?,
                light: StatusLight, reasons: [StatusLightEvaluation.Reason], urges: Int, openOrder: OrderGrade?) {
        self.taskId = taskId
        self.taskNumber = taskNumber
        self.taskTitle = taskTitle
        self.unitCode = unitCode
        self.unitName = unitName
        self.role = role
        self.scheduledDueDate = scheduledDueDate
        self.extendedTo = extendedTo
        self.timeliness = timeliness
        self.daysLate = daysLate
        self.firstReceivedAt = firstReceivedAt
        self.firstAuthoredAt = firstAuthoredAt
        self.reviewState = reviewState
        self.percent = percent
        self.light = light
        self.reasons = reasons
        self.urges = urges
        self.openOrder = openOrder
    }

    /// The standing with its progress figures.
    public func with(schedule: ProgressStanding?) -> UnitStanding {
        var copy = self
        copy.schedule = schedule
        return copy
    }
}

/// One task at the node: its light is its lead unit's (the worst, with several leads).
public struct TaskStanding: Codable, Sendable, Equatable {
    public var taskId: Int64
    public var taskNumber: Int
    public var title: String
    public var notApplicable: Bool
    public var light: StatusLight?
    public var reasons: [StatusLightEvaluation.Reason]
    /// Target and progress at the node, percent.
    public var target: Double?
    public var progress: Double?
    public var leadUnitCodes: [String]
    /// The work against 序时进度 (the progress light), apart from the reports' punctuality.
    public var schedule: ProgressStanding?

    public init(taskId: Int64, taskNumber: Int, title: String, notApplicable: Bool, light: StatusLight?,
                reasons: [StatusLightEvaluation.Reason], target: Double?, progress: Double?, leadUnitCodes: [String]) {
        self.taskId = taskId
        self.taskNumber = taskNumber
        self.title = title
        self.notApplicable = notApplicable
        self.light = light
        self.reasons = reasons
        self.target = target
        self.progress = progress
        self.leadUnitCodes = leadUnitCodes
    }
}
