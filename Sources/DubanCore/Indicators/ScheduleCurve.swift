import Foundation

/// 序时进度 for one indicator (or a task's percent): the value expected on any day.
///
/// From an accepted implementation plan, piecewise linear between its steps (from zero on
/// ``start`` to the first step, flat after the last); without one, the straight line from ``start``
/// to the plan's last node reaching the target (``ProgressTarget``), and ``basis`` says so.
public struct ScheduleCurve: Sendable, Hashable, Codable {
    /// What the expected values come from.
    public enum Basis: String, Codable, Sendable, Hashable {
        /// The accepted implementation plan's steps.
        case implementationPlan = "implementation_plan"
        /// No accepted plan: a straight line to the last node.
        case straightLine = "straight_line"
    }

    /// One point the curve passes through.
    public struct Point: Sendable, Hashable, Codable {
        public var date: LocalDate
        public var value: Double
        public init(date: LocalDate, value: Double) {
            self.date = date
            self.value = value
        }
    }

    public var basis: Basis
    /// The day the expected value is zero (1 January of the plan year).
    public var start: LocalDate
    /// The points after ``start``, in date order.
    public var points: [Point]

    /// The curve through an accepted plan's steps (dates out of order are sorted; on the same date the last wins).
    public static func plan(start: LocalDate, steps: [Point]) -> ScheduleCurve {
        var byDate: [LocalDate: Double] = [:]
        for step in steps { byDate[step.date] = step.value }
        return ScheduleCurve(basis: .implementationPlan, start: start,
                             points: byDate.keys.sorted().map { Point(date: $0, value: byDate[$0]!) })
    }

    /// The straight line from `start` (0) to `end` (`target`).
    public static func straightLine(start: LocalDate, end: LocalDate, target: Double) -> ScheduleCurve {
        ScheduleCurve(basis: .straightLine, start: start, points: [Point(date: end, value: target)])
    }

    /// The value expected on `day`.
    public func expected(on day: LocalDate) -> Double {
        var previous = Point(date: start, value: 0)
        if day <= start { return 0 }
        for point in points {
            if day <= point.date {
                let span = previous.date.days(until: point.date)
                guard span > 0 else { return point.value }
                // Multiply first so whole shares come out exact.
                return previous.value + (point.value - previous.value) * Double(previous.date.days(until: day)) / Double(span)
            }
            previous = point
        }
        return previous.value
    }
}
