import Foundation

// The public progress page's data (`GET /public/progress.json`), shared by duban-server and anyone
// who reads it. On the wire: snake_case keys (WireJSON), ISO-8601 UTC times, dates as `YYYY-MM-DD`.

/// What the public may see of a plan: every task with what the office accepted for publication.
///
/// Only what `duban.public_progress` returns: never a report's text, a return or its reason, an
/// account or a member of staff.
public struct PublicProgress: Codable, Sendable, Equatable {
    /// The plan's year and title; `nil` when no plan has been imported yet.
    public var planYear: Int?
    public var planTitle: String?
    /// Every task of the plan, by number.
    public var tasks: [PublicTaskProgress]

    public init(planYear: Int?, planTitle: String?, tasks: [PublicTaskProgress]) {
        self.planYear = planYear
        self.planTitle = planTitle
        self.tasks = tasks
    }
}

/// One task as the public sees it.
public struct PublicTaskProgress: Codable, Sendable, Equatable {
    public var number: Int
    public var title: String
    public var content: String
    public var completionStandard: String
    /// The task does not involve this district (不涉及本区): no units, no reports.
    public var notApplicable: Bool
    /// The district lead units' names.
    public var leadUnits: [String]
    /// Progress in percent from the latest accepted, published lead report; `nil` when there is none.
    public var percent: Double?
    /// The lead unit's public summary on that report; `nil` when there is none.
    public var summary: String?
    /// The reporting node of that report.
    public var nodeDate: LocalDate?
    /// When the supervision office accepted that report.
    public var updatedAt: Date?
    /// The task's progress light (is the work on schedule?), never the punctuality of its reports;
    /// `nil` when not yet evaluated.
    public var light: StatusLight?
    /// Each indicator: what was done (from accepted lead reports) against the target.
    public var indicators: [PublicIndicator]
    /// Every accepted public summary, newest first.
    public var history: [PublicSummaryEntry]

    public init(number: Int, title: String, content: String, completionStandard: String, notApplicable: Bool,
                leadUnits: [String], percent: Double? = nil, summary: String? = nil, nodeDate: LocalDate? = nil,
                updatedAt: Date? = nil, light: StatusLight? = nil, indicators: [PublicIndicator] = [],
                history: [PublicSummaryEntry] = []) {
        self.indicators = indicators
        self.history = history
        self.number = number
        self.title = title
        self.content = content
        self.completionStandard = completionStandard
        self.notApplicable = notApplicable
        self.leadUnits = leadUnits
        self.percent = percent
        self.summary = summary
        self.nodeDate = nodeDate
        self.updatedAt = updatedAt
        self.light = light
    }

    /// True when the office has accepted a published report on the task.
    public var hasPublishedProgress: Bool { summary != nil || percent != nil }
}

/// One indicator of a task on the public page: "已完成 4 / 目标 30 套".
public struct PublicIndicator: Codable, Sendable, Equatable {
    public var name: String
    public var measure: String
    public var target: Double
    /// From the latest accepted lead report; nil when none gives it.
    public var done: Double?
    /// True when the target is the city's completion standard.
    public var cityStandard: Bool

    public init(name: String, measure: String, target: Double, done: Double?, cityStandard: Bool) {
        self.name = name
        self.measure = measure
        self.target = target
        self.done = done
        self.cityStandard = cityStandard
    }
}

/// One accepted public summary of a task at a node.
public struct PublicSummaryEntry: Codable, Sendable, Equatable {
    public var nodeDate: LocalDate
    public var summary: String
    public var acceptedAt: Date

    public init(nodeDate: LocalDate, summary: String, acceptedAt: Date) {
        self.nodeDate = nodeDate
        self.summary = summary
        self.acceptedAt = acceptedAt
    }
}
