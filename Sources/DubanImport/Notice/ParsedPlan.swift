/// A yearly plan as a notice states it: what ``NoticeParser/parse(_:timeZone:)`` returns, before any unit
/// is resolved against the roster (see ``assignments(using:)``).
public struct ParsedPlan: Codable, Sendable, Equatable {
    /// The plan's title, e.g. `2022年市政府为民办实事工作任务分工方案`.
    public var title: String
    /// Who issued the notice: its first line (`鱼峰区人民政府`) when that line stands above the notice title.
    public var issuer: String?
    /// The plan year, from the title (or else the first `NNNN年` of the body).
    public var year: Int
    /// The IANA time zone whose end of day closes each due date, e.g. `Asia/Shanghai`.
    public var timeZone: String
    /// How many days before each node the responsible units report to their lead unit (提前3日 → 3).
    public var responsibleLeadDays: Int
    /// The reporting nodes, in date order.
    public var nodes: [ParsedNode]
    /// The task rows, in table order.
    public var tasks: [ParsedTask]

    /// Makes a plan from its fields.
    public init(title: String, issuer: String?, year: Int, timeZone: String, responsibleLeadDays: Int,
                nodes: [ParsedNode], tasks: [ParsedTask]) {
        self.title = title
        self.issuer = issuer
        self.year = year
        self.timeZone = timeZone
        self.responsibleLeadDays = responsibleLeadDays
        self.nodes = nodes
        self.tasks = tasks
    }
}
