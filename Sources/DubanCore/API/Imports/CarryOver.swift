/// `POST /v1/admin/plans/carry-over`: carry an unfinished task of an earlier plan into a later one.
public struct CarryOverRequest: Codable, Sendable, Equatable {
    /// The year of the plan the task is in.
    public var fromYear: Int
    /// The task's number in that plan.
    public var taskNumber: Int
    /// The year of the plan it goes into; the newest plan when absent.
    public var toYear: Int?

    public init(fromYear: Int, taskNumber: Int, toYear: Int? = nil) {
        self.fromYear = fromYear
        self.taskNumber = taskNumber
        self.toYear = toYear
    }
}

/// The task a carry-over made.
public struct CarryOverResult: Codable, Sendable, Equatable {
    public var fromYear: Int
    public var fromNumber: Int
    public var fromTaskId: Int64
    public var toYear: Int
    public var toPlanTitle: String
    /// The new task's id and number in the later plan (numbers from ``CarryOverRule/firstNumber`` on,
    /// so they never meet the numbers a notice gives).
    public var taskId: Int64
    public var number: Int
    public var title: String
    /// The units assigned, as on the task carried over.
    public var unitCodes: [String]

    public init(fromYear: Int, fromNumber: Int, fromTaskId: Int64, toYear: Int, toPlanTitle: String, taskId: Int64,
                number: Int, title: String, unitCodes: [String]) {
        self.fromYear = fromYear
        self.fromNumber = fromNumber
        self.fromTaskId = fromTaskId
        self.toYear = toYear
        self.toPlanTitle = toPlanTitle
        self.taskId = taskId
        self.number = number
        self.title = title
        self.unitCodes = unitCodes
    }

    /// One line saying what was made, in `language`.
    public func line(language: Language) -> String {
        language == .zh
            ? "已将 \(fromYear) 年第 \(fromNumber) 项“\(title)”结转至 \(toYear) 年计划“\(toPlanTitle)”，为第 \(number) 项（\(unitCodes.joined(separator: "、"))）"
            : "task \(fromNumber) of \(fromYear) (\(title)) carried over into plan \(toPlanTitle) (\(toYear)) as task \(number) (\(unitCodes.joined(separator: ", ")))"
    }
}

/// How carried-over tasks are numbered and labelled.
public enum CarryOverRule {
    /// Carried tasks are numbered from here up in their new plan: a notice's own tasks stay below.
    public static let firstNumber = 901

    /// The label a carried task shows in place of the notice's numbering (within ``TextLimit/noticeLabel``).
    public static func label(fromYear: Int, number: Int) -> String { "\(fromYear)-\(number)结转" }
}
