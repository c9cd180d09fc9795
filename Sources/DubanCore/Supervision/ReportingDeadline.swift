import Foundation

/// When one unit's report for one node of one task is due, and how to judge a report against it.
///
/// A node has two tiers: a responsible unit reports to its lead unit on the node
/// date minus the plan's `responsibleLeadDays` (the stored `responsible_due_date`), and the lead unit
/// reports to the supervision office on the node date (`lead_due_date`). Due means "by the end of that
/// day in the plan's time zone": ``deadline`` is the first instant of the following day, exclusive.
///
/// Only the server's receipt time decides; the API takes `receivedAt` and nothing else, so the
/// client's `authored_at` (an offline machine's claim) cannot make a report on time.
public struct ReportingDeadline: Sendable, Hashable {
    /// Which tier this is: `.responsible` reports to the lead unit, `.lead` to the supervision office.
    public var role: AssignmentRole
    /// The tier's date from the plan, before any extension.
    public var scheduledDate: LocalDate
    /// The plan's time zone, whose end of day closes the due date.
    public var timeZone: TimeZone
    /// The new due date the supervision office granted this unit for this node, if any. It replaces
    /// ``scheduledDate`` as given; whether a grant is sensible is for the extension workflow to check.
    public var extendedTo: LocalDate?

    /// A deadline from the tier's stored date (`lead_due_date` or `responsible_due_date`).
    public init(role: AssignmentRole, scheduledDate: LocalDate, timeZone: TimeZone, extendedTo: LocalDate? = nil) {
        self.role = role
        self.scheduledDate = scheduledDate
        self.timeZone = timeZone
        self.extendedTo = extendedTo
    }

    /// A deadline from the node date: `.lead` is due on `nodeDate`, `.responsible` `responsibleLeadDays`
    /// earlier (提前3日 → 3).
    public init(role: AssignmentRole, nodeDate: LocalDate, responsibleLeadDays: Int, timeZone: TimeZone,
                extendedTo: LocalDate? = nil) {
        let date = role == .lead ? nodeDate : nodeDate.adding(days: -responsibleLeadDays)
        self.init(role: role, scheduledDate: date, timeZone: timeZone, extendedTo: extendedTo)
    }

    /// The day the report is due: the extension when one was granted, else the scheduled date.
    public var dueDate: LocalDate { extendedTo ?? scheduledDate }

    /// The first instant after the due day in the plan's zone (exclusive): 23:59:59 local on the due
    /// day is on time, 00:00:00 the next day is late. Correct on days a DST change shortens or
    /// lengthens, and in zones with non-hour offsets.
    public var deadline: Date { dueDate.adding(days: 1).start(in: timeZone) }

    /// Whether a report the server received at `receivedAt` is on time.
    public func isOnTime(receivedAt: Date) -> Bool { receivedAt < deadline }

    /// Whole calendar days (in the plan's zone) from the due date to the day of receipt: 0 when on
    /// time, 1 for anything received on the day after the due date, and so on.
    public func daysLate(receivedAt: Date) -> Int {
        max(0, dueDate.days(until: LocalDate(receivedAt, in: timeZone)))
    }

    /// Whole days from today (in the plan's zone) to the due date: 0 on the due day, negative once past.
    public func daysLeft(now: Date) -> Int {
        LocalDate(now, in: timeZone).days(until: dueDate)
    }
}
