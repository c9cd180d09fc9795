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
    /// The task's light as last computed; `nil` when not yet evaluated.
    public var light: StatusLight?

    public init(number: Int, title: String, content: String, completionStandard: String, notApplicable: Bool,
                leadUnits: [String], percent: Double? = nil, summary: String? = nil, nodeDate: LocalDate? = nil,
                updatedAt: Date? = nil, light: StatusLight? = nil) {
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
