import Foundation

/// The grade of a supervision order (督办单): blue, then yellow, then red as lateness repeats.
public enum OrderGrade: String, Codable, Sendable, CaseIterable, Comparable {
    case blue, yellow, red

    /// The grade an escalation leads to; `nil` from red.
    public var next: OrderGrade? {
        switch self {
        case .blue: .yellow
        case .yellow: .red
        case .red: nil
        }
    }

    public static func < (lhs: OrderGrade, rhs: OrderGrade) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.blue, .zh): "蓝色督办"
        case (.blue, .en): "blue"
        case (.yellow, .zh): "黄色督办"
        case (.yellow, .en): "yellow"
        case (.red, .zh): "红色督办"
        case (.red, .en): "red"
        }
    }
}

/// Where an order stands: open until the office closes it (the unit caught up or rectified).
public enum OrderState: String, Codable, Sendable, CaseIterable {
    case open, closed
}

/// One step in an order's history.
public enum OrderAction: String, Codable, Sendable, CaseIterable {
    case issued, escalated, closed
}

/// `POST /v1/supervision/orders` (issue), `POST /v1/supervision/orders/{id}/escalate|close`.
public struct OrderRequest: Codable, Sendable, Equatable {
    /// For issuing: the task and unit.
    public var taskNumber: Int?
    public var unitCode: String?
    public var planYear: Int?
    /// Why: quoted in the order and its history.
    public var note: String
    /// For issuing: why; `late` when absent.
    public var reason: SupervisionReason?

    public init(taskNumber: Int? = nil, unitCode: String? = nil, planYear: Int? = nil, note: String,
                reason: SupervisionReason? = nil) {
        self.reason = reason
        self.taskNumber = taskNumber
        self.unitCode = unitCode
        self.planYear = planYear
        self.note = note
    }
}

/// One event in an order's history.
public struct OrderEvent: Codable, Sendable, Equatable {
    public var action: OrderAction
    public var grade: OrderGrade
    public var note: String
    public var by: String
    public var at: Date

    public init(action: OrderAction, grade: OrderGrade, note: String, by: String, at: Date) {
        self.action = action
        self.grade = grade
        self.note = note
        self.by = by
        self.at = at
    }
}

/// A supervision order with its whole history, as the feed and the API carry it.
public struct SupervisionOrderRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var taskId: Int64
    public var taskNumber: Int
    public var unitCode: String
    public var grade: OrderGrade
    public var state: OrderState
    public var history: [OrderEvent]
    /// Why it was issued (`late` from an older server).
    public var reason: SupervisionReason?
    /// For `behind_schedule`: where the unit stood when the order was issued.
    public var figures: ProgressStanding?

    public init(id: Int64, taskId: Int64, taskNumber: Int, unitCode: String, grade: OrderGrade, state: OrderState,
                history: [OrderEvent], reason: SupervisionReason? = nil, figures: ProgressStanding? = nil) {
        self.reason = reason
        self.figures = figures
        self.id = id
        self.taskId = taskId
        self.taskNumber = taskNumber
        self.unitCode = unitCode
        self.grade = grade
        self.state = state
        self.history = history
    }
}
