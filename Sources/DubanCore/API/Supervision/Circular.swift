import Foundation

/// A circular's life: drafted and edited by the supervision office, then issued with a number and
/// never changed again.
public enum CircularState: String, Codable, Sendable, CaseIterable {
    case draft, issued
}

/// `POST /v1/supervision/circulars`: draft a circular for a node from a snapshot of the data now.
public struct CircularDraftRequest: Codable, Sendable, Equatable {
    public var nodeDate: LocalDate
    public var planYear: Int?

    public init(nodeDate: LocalDate, planYear: Int? = nil) {
        self.nodeDate = nodeDate
        self.planYear = planYear
    }
}

/// `PUT /v1/supervision/circulars/{id}`: edit a draft.
public struct CircularEditRequest: Codable, Sendable, Equatable {
    public var title: String?
    public var body: String?

    public init(title: String? = nil, body: String? = nil) {
        self.title = title
        self.body = body
    }
}

/// The facts a circular was drafted from, kept with it.
public struct CircularSnapshot: Codable, Sendable, Equatable {
    /// A task on or behind schedule.
    public struct TaskLine: Codable, Sendable, Equatable {
        public var taskNumber: Int
        public var title: String
        public var light: StatusLight
        public var reasons: [StatusLightEvaluation.Reason]
        /// The work against 序时进度 when the snapshot was taken.
        public var schedule: ProgressStanding?
        /// What was done against each target, in the circular's words ("健身路径已完成4套，占目标13.3%，滞后序时进度6个百分点").
        public var figures: [String]?

        public init(taskNumber: Int, title: String, light: StatusLight, reasons: [StatusLightEvaluation.Reason],
                    schedule: ProgressStanding? = nil, figures: [String]? = nil) {
            self.taskNumber = taskNumber
            self.title = title
            self.light = light
            self.reasons = reasons
            self.schedule = schedule
            self.figures = figures
        }
    }

    /// A unit's standing on a task.
    public struct UnitLine: Codable, Sendable, Equatable {
        public var unitCode: String
        public var unitName: String
        public var taskNumber: Int
        public var role: AssignmentRole
        public var timeliness: TimelinessState
        public var daysLate: Int?

        public init(unitCode: String, unitName: String, taskNumber: Int, role: AssignmentRole, timeliness: TimelinessState,
                    daysLate: Int?) {
            self.unitCode = unitCode
            self.unitName = unitName
            self.taskNumber = taskNumber
            self.role = role
            self.timeliness = timeliness
            self.daysLate = daysLate
        }
    }

    public var takenAt: Date
    public var nodeDate: LocalDate
    public var tasksOnSchedule: [TaskLine]
    public var tasksBehind: [TaskLine]
    public var lateUnits: [UnitLine]
    public var missingUnits: [UnitLine]
    /// Units that reported on time on every task they hold at the node.
    public var commended: [String]
    /// Units late or missing on some task at the node.
    public var criticized: [String]

    public init(takenAt: Date, nodeDate: LocalDate, tasksOnSchedule: [TaskLine], tasksBehind: [TaskLine],
                lateUnits: [UnitLine], missingUnits: [UnitLine], commended: [String], criticized: [String]) {
        self.takenAt = takenAt
        self.nodeDate = nodeDate
        self.tasksOnSchedule = tasksOnSchedule
        self.tasksBehind = tasksBehind
        self.lateUnits = lateUnits
        self.missingUnits = missingUnits
        self.commended = commended
        self.criticized = criticized
    }
}

/// A circular, as the API (drafts and issued) and the change feed (issued only) carry it.
public struct CircularRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var planYear: Int
    public var nodeDate: LocalDate
    public var state: CircularState
    /// The sequential number within the year, from issue on.
    public var number: Int?
    /// 〔2022〕3号, from issue on.
    public var documentNumber: String?
    public var title: String
    public var body: String
    public var snapshot: CircularSnapshot
    public var draftedBy: String
    public var issuedBy: String?
    public var issuedAt: Date?
    public var updatedAt: Date

    public init(id: Int64, planYear: Int, nodeDate: LocalDate, state: CircularState, number: Int?, documentNumber: String?,
                title: String, body: String, snapshot: CircularSnapshot, draftedBy: String, issuedBy: String?,
                issuedAt: Date?, updatedAt: Date) {
        self.id = id
        self.planYear = planYear
        self.nodeDate = nodeDate
        self.state = state
        self.number = number
        self.documentNumber = documentNumber
        self.title = title
        self.body = body
        self.snapshot = snapshot
        self.draftedBy = draftedBy
        self.issuedBy = issuedBy
        self.issuedAt = issuedAt
        self.updatedAt = updatedAt
    }

    /// 〔year〕n号.
    public static func documentNumber(year: Int, number: Int) -> String { "〔\(year)〕\(number)号" }
}

/// `GET /v1/supervision/circulars`.
public struct CircularList: Codable, Sendable, Equatable {
    public var circulars: [CircularRecord]
    public init(circulars: [CircularRecord]) { self.circulars = circulars }
}
