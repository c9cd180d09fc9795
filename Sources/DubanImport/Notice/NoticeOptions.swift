import DubanCore

/// What the admin supplies when the notice does not say it (or says it wrongly): each field, when set,
/// replaces what the parser would read from the notice, and the preview says it came from the command line.
public struct NoticeOptions: Sendable, Equatable {
    /// The IANA time zone whose end of day closes each due date.
    public var timeZone: String
    /// The plan year (`--year`).
    public var year: Int?
    /// The reporting nodes (`--nodes 2023-03-30,2023-06-30`), any order.
    public var nodes: [LocalDate]?
    /// Days before each node the responsible units report to their lead (`--lead-days`).
    public var responsibleLeadDays: Int?
    /// The issuing office(s) (`--issuer`).
    public var issuer: String?
    /// The plan's title (`--title`).
    public var title: String?

    /// Options that change nothing but the time zone.
    public init(timeZone: String = "Asia/Shanghai", year: Int? = nil, nodes: [LocalDate]? = nil,
                responsibleLeadDays: Int? = nil, issuer: String? = nil, title: String? = nil) {
        self.timeZone = timeZone
        self.year = year
        self.nodes = nodes
        self.responsibleLeadDays = responsibleLeadDays
        self.issuer = issuer
        self.title = title
    }
}
