import Foundation

/// How one unit stands against one deadline: the word circulars, overviews and rates use.
public enum Timeliness: Sendable, Hashable, Codable {
    /// Received before the deadline.
    case onTime
    /// Received after the deadline, `days` calendar days late (≥ 1; see ``ReportingDeadline/daysLate(receivedAt:)``).
    case late(days: Int)
    /// Nothing received and the deadline has passed.
    case missing
    /// The supervision office exempted the unit from this report; counts as on time.
    case exempted
    /// Nothing received yet and the deadline has not passed: neither on time nor late.
    case pending
    /// The unit is not assigned to the task, so it is never due for it.
    case notDue

    /// Judges a report: `deadline` is `nil` when the unit has no assignment on the task (→ ``notDue``);
    /// an exemption wins over lateness; then the server's `receivedAt` decides; with no report,
    /// `now` tells ``missing`` from ``pending``.
    public init(deadline: ReportingDeadline?, receivedAt: Date?, isExempted: Bool = false, now: Date) {
        guard let deadline else { self = .notDue; return }
        if isExempted {
            self = .exempted
        } else if let receivedAt {
            self = deadline.isOnTime(receivedAt: receivedAt) ? .onTime : .late(days: deadline.daysLate(receivedAt: receivedAt))
        } else {
            self = now < deadline.deadline ? .pending : .missing
        }
    }

    /// For on-time rates: `true` for ``onTime`` and ``exempted``, `false` for ``late(days:)`` and
    /// ``missing``, `nil` for ``pending`` and ``notDue``, which belong in neither count.
    public var countsAsOnTime: Bool? {
        switch self {
        case .onTime, .exempted: true
        case .late, .missing: false
        case .pending, .notDue: nil
        }
    }
}
