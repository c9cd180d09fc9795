import Foundation

// The supervision office's (or an admin's) targets: `/v1/targets`. Indicators are plan data: every
// client receives them with the reference data; these routes change them.

/// `PUT /v1/targets`: creates or changes one indicator of a task (confirmed, the office's).
public struct TargetSetRequest: Codable, Sendable, Equatable {
    public var planYear: Int?
    public var taskNumber: Int
    public var indicator: String
    /// Required for a new indicator; kept when absent.
    public var measure: String?
    public var target: Double
    /// Kept when absent (true for a new indicator).
    public var cumulative: Bool?

    public init(planYear: Int? = nil, taskNumber: Int, indicator: String, measure: String? = nil, target: Double,
                cumulative: Bool? = nil) {
        self.planYear = planYear
        self.taskNumber = taskNumber
        self.indicator = indicator
        self.measure = measure
        self.target = target
        self.cumulative = cumulative
    }
}

/// `POST /v1/targets/split`: sets (or with `target` nil removes) one unit's share of an indicator.
public struct TargetSplitRequest: Codable, Sendable, Equatable {
    public var planYear: Int?
    public var taskNumber: Int
    public var indicator: String
    public var unitCode: String
    /// The share; nil removes the unit's share.
    public var target: Double?
    /// Why the shares do not add up to the target (required when they pass it).
    public var reason: String?

    public init(planYear: Int? = nil, taskNumber: Int, indicator: String, unitCode: String, target: Double?, reason: String? = nil) {
        self.planYear = planYear
        self.taskNumber = taskNumber
        self.indicator = indicator
        self.unitCode = unitCode
        self.target = target
        self.reason = reason
    }
}

/// `POST /v1/targets/remove`: removes an indicator (and its split) that no report has a value for.
public struct TargetRemoveRequest: Codable, Sendable, Equatable {
    public var planYear: Int?
    public var taskNumber: Int
    public var indicator: String

    public init(planYear: Int? = nil, taskNumber: Int, indicator: String) {
        self.planYear = planYear
        self.taskNumber = taskNumber
        self.indicator = indicator
    }
}

/// `POST /v1/targets/confirm`: confirms a task's proposed indicators (all, or those named).
public struct TargetConfirmRequest: Codable, Sendable, Equatable {
    public var planYear: Int?
    public var taskNumber: Int
    /// The proposals to confirm; every proposal of the task when empty.
    public var indicators: [String]

    public init(planYear: Int? = nil, taskNumber: Int, indicators: [String] = []) {
        self.planYear = planYear
        self.taskNumber = taskNumber
        self.indicators = indicators
    }
}

/// A task's indicators after a change, or every task's (`GET /v1/targets`).
public struct TargetList: Codable, Sendable, Equatable {
    public var planYear: Int
    public var indicators: [Indicator]
    /// Warnings that do not stop the change, e.g. a split under its target.
    public var warnings: [LocalizedText]

    public init(planYear: Int, indicators: [Indicator], warnings: [LocalizedText] = []) {
        self.planYear = planYear
        self.indicators = indicators
        self.warnings = warnings
    }
}

/// `GET /v1/oversight/indicators`: per task, indicator and unit, the target, 序时 expected on the
/// date, the actual, the gap and the completion; and each task's progress and light.
public struct IndicatorReport: Codable, Sendable, Equatable {
    public struct TaskProgress: Codable, Sendable, Equatable {
        public var taskId: Int64
        public var taskNumber: Int
        public var title: String
        public var progress: ProgressStanding
        public init(taskId: Int64, taskNumber: Int, title: String, progress: ProgressStanding) {
            self.taskId = taskId
            self.taskNumber = taskNumber
            self.title = title
            self.progress = progress
        }
    }

    public var planYear: Int
    public var date: LocalDate
    public var rule: ProgressLightRule
    public var rows: [IndicatorStanding]
    public var tasks: [TaskProgress]

    public init(planYear: Int, date: LocalDate, rule: ProgressLightRule, rows: [IndicatorStanding], tasks: [TaskProgress]) {
        self.planYear = planYear
        self.date = date
        self.rule = rule
        self.rows = rows
        self.tasks = tasks
    }
}
