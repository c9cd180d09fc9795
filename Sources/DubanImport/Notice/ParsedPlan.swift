import DubanCore

/// A yearly plan as a notice states it: what ``NoticeParser/parse(_:options:)`` returns, before any unit
/// is resolved against the roster (see ``assignments(using:)``).
public struct ParsedPlan: Codable, Sendable, Equatable {
    /// The plan's title, e.g. `2022年市政府为民办实事工作任务分工方案`.
    public var title: String
    /// Who issued the notice: its first line (`鱼峰区人民政府`) when that line stands above the notice title;
    /// joint issuers joined with `、`.
    public var issuer: String?
    /// The notice's document number (发文字号), e.g. `竹府办〔2016〕20号`.
    public var documentNumber: String?
    /// The date of issue (成文日期) at the notice's foot.
    public var issuedOn: LocalDate?
    /// The plan year, from the title (or else the first `NNNN年` of the body).
    public var year: Int
    /// The IANA time zone whose end of day closes each due date, e.g. `Asia/Shanghai`.
    public var timeZone: String
    /// How many days before each node the responsible units report to their lead unit (提前3日 → 3;
    /// 0 when the notice names no lead time).
    public var responsibleLeadDays: Int
    /// Where ``responsibleLeadDays`` came from: the notice's phrase, or `nil` when it was assumed or supplied.
    public var responsibleLeadDaysSource: String?
    /// The reporting nodes, in date order.
    public var nodes: [ParsedNode]
    /// One-off deadlines the notice sets that are not reporting nodes (2023年1月15日前报送实施方案).
    public var planDates: [PlanDate]
    /// The task rows, in table order.
    public var tasks: [ParsedTask]
    /// What the admin should read before importing (assumptions, columns left aside, names kept as written).
    public var warnings: [NoticeWarning]

    /// Makes a plan from its fields.
    public init(title: String, issuer: String?, documentNumber: String? = nil, issuedOn: LocalDate? = nil,
                year: Int, timeZone: String, responsibleLeadDays: Int, responsibleLeadDaysSource: String? = nil,
                nodes: [ParsedNode], planDates: [PlanDate] = [], tasks: [ParsedTask], warnings: [NoticeWarning] = []) {
        self.title = title
        self.issuer = issuer
        self.documentNumber = documentNumber
        self.issuedOn = issuedOn
        self.year = year
        self.timeZone = timeZone
        self.responsibleLeadDays = responsibleLeadDays
        self.responsibleLeadDaysSource = responsibleLeadDaysSource
        self.nodes = nodes
        self.planDates = planDates
        self.tasks = tasks
        self.warnings = warnings
    }
}

/// A one-off deadline of the plan that is not a reporting node, such as the date implementation plans are due.
public struct PlanDate: Codable, Sendable, Equatable, Hashable {
    /// The day.
    public var date: LocalDate
    /// What is due, in the notice's words (`报送实施方案`).
    public var what: String
    /// The phrase of the notice it was read from.
    public var source: String

    /// Makes a plan date.
    public init(date: LocalDate, what: String, source: String) {
        self.date = date
        self.what = what
        self.source = source
    }
}
