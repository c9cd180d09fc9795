import Foundation

/// What `GET /v1/oversight/{view}` answers: the rows of one oversight view, judged at `evaluatedAt`
/// by the server's clock. The same views exist for SQL users in the `oversight` schema.
public struct OversightAnswer<Row: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var planYear: Int
    /// The node asked for, if any.
    public var nodeDate: LocalDate?
    public var evaluatedAt: Date
    public var rows: [Row]

    public init(planYear: Int, nodeDate: LocalDate?, evaluatedAt: Date, rows: [Row]) {
        self.planYear = planYear
        self.nodeDate = nodeDate
        self.evaluatedAt = evaluatedAt
        self.rows = rows
    }
}

/// `progress`: one row per task of the plan.
public struct TaskProgressRow: Codable, Sendable, Equatable {
    public var taskNumber: Int
    public var title: String
    public var notApplicable: Bool
    public var leadUnits: [String]
    public var light: StatusLight?
    public var reasons: [StatusLightEvaluation.Reason]
    /// Target and reported progress at the latest passed node, percent.
    public var target: Double?
    public var progress: Double?
    /// When the server last received a report on the task.
    public var lastUpdate: Date?
    /// Every tier's reports on the task (at the node asked for, or every passed node).
    public var counts: ReportingCounts
    /// The work against 序时进度 (indicators' completion or the reported percent) and its light.
    public var schedule: ProgressStanding?

    public init(taskNumber: Int, title: String, notApplicable: Bool, leadUnits: [String], light: StatusLight?,
                reasons: [StatusLightEvaluation.Reason], target: Double?, progress: Double?, lastUpdate: Date?, counts: ReportingCounts,
                schedule: ProgressStanding? = nil) {
        self.schedule = schedule
        self.taskNumber = taskNumber
        self.title = title
        self.notApplicable = notApplicable
        self.leadUnits = leadUnits
        self.light = light
        self.reasons = reasons
        self.target = target
        self.progress = progress
        self.lastUpdate = lastUpdate
        self.counts = counts
    }
}

/// `completeness`: one row per node and tier.
public struct NodeCompletenessRow: Codable, Sendable, Equatable {
    public var nodeDate: LocalDate
    /// `responsible` (units → lead unit) or `lead` (lead unit → supervision office).
    public var tier: AssignmentRole
    public var dueDate: LocalDate
    public var counts: ReportingCounts

    public init(nodeDate: LocalDate, tier: AssignmentRole, dueDate: LocalDate, counts: ReportingCounts) {
        self.nodeDate = nodeDate
        self.tier = tier
        self.dueDate = dueDate
        self.counts = counts
    }
}

/// `timeliness`: one row per unit and tier.
public struct UnitTimelinessRow: Codable, Sendable, Equatable {
    public var unitCode: String
    public var unitName: String
    public var tier: AssignmentRole
    public var counts: ReportingCounts

    public init(unitCode: String, unitName: String, tier: AssignmentRole, counts: ReportingCounts) {
        self.unitCode = unitCode
        self.unitName = unitName
        self.tier = tier
        self.counts = counts
    }
}

/// `overdue`: one row per report late or missing.
public struct OverdueRow: Codable, Sendable, Equatable {
    public var taskNumber: Int
    public var taskTitle: String
    public var unitCode: String
    public var unitName: String
    public var tier: AssignmentRole
    public var nodeDate: LocalDate
    public var dueDate: LocalDate
    public var timeliness: TimelinessState
    public var daysLate: Int?
    public var receivedAt: Date?
    public var urges: Int
    public var openOrder: OrderGrade?

    public init(taskNumber: Int, taskTitle: String, unitCode: String, unitName: String, tier: AssignmentRole, nodeDate: LocalDate,
                dueDate: LocalDate, timeliness: TimelinessState, daysLate: Int?, receivedAt: Date?, urges: Int, openOrder: OrderGrade?) {
        self.taskNumber = taskNumber
        self.taskTitle = taskTitle
        self.unitCode = unitCode
        self.unitName = unitName
        self.tier = tier
        self.nodeDate = nodeDate
        self.dueDate = dueDate
        self.timeliness = timeliness
        self.daysLate = daysLate
        self.receivedAt = receivedAt
        self.urges = urges
        self.openOrder = openOrder
    }
}

/// `lights`: one row per task (unit empty) and per unit on a task.
public struct StatusLightRow: Codable, Sendable, Equatable {
    public var taskNumber: Int
    public var taskTitle: String
    public var unitCode: String?
    public var unitName: String?
    public var light: StatusLight
    public var reasons: [StatusLightEvaluation.Reason]
    public var nodeDate: LocalDate?
    public var target: Double?
    public var progress: Double?
    /// The progress light alone (the work against 序时进度), apart from the reports' punctuality.
    public var schedule: ProgressStanding?

    public init(taskNumber: Int, taskTitle: String, unitCode: String?, unitName: String?, light: StatusLight,
                reasons: [StatusLightEvaluation.Reason], nodeDate: LocalDate?, target: Double?, progress: Double?,
                schedule: ProgressStanding? = nil) {
        self.schedule = schedule
        self.taskNumber = taskNumber
        self.taskTitle = taskTitle
        self.unitCode = unitCode
        self.unitName = unitName
        self.light = light
        self.reasons = reasons
        self.nodeDate = nodeDate
        self.target = target
        self.progress = progress
    }
}
