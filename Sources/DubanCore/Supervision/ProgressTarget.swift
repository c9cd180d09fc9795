/// The time-proportional target (序时进度): how far along a task should be, in percent, on a day.
///
/// Linear in calendar days from ``start`` (0 %) to ``end`` (100 %), clamped outside. For a yearly plan
/// `start` is 1 January of the plan year and `end` the last node date: in the 2022 seed (last node
/// 2022-12-05) the 28 March node's target is 86 / 338 days ≈ 25.4 %.
///
/// ``StatusLightRule`` reads it at node dates only (a step per node), not at "now": reports arrive
/// at nodes, and a report judged against a target that keeps moving would drift behind every day
/// until the next node.
public struct ProgressTarget: Sendable, Hashable, Codable {
    /// The day the target is 0 %.
    public var start: LocalDate
    /// The day the target reaches 100 %.
    public var end: LocalDate

    /// A target rising from 0 % on `start` to 100 % on `end`.
    public init(start: LocalDate, end: LocalDate) {
        self.start = start
        self.end = end
    }

    /// The target on `day`, 0...100. When `end` is not after `start`, 100 from `end` on and 0 before.
    public func percent(on day: LocalDate) -> Double {
        let total = start.days(until: end)
        guard total > 0 else { return day >= end ? 100 : 0 }
        // Multiply first so whole-number shares come out exact (40 of 100 days is 40, not 40.000…01).
        let percent = Double(start.days(until: day)) * 100 / Double(total)
        return min(max(percent, 0), 100)
    }
}
