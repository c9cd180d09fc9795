/// Reporting metrics with DHIS2's definitions, for any group of (task, unit, node) reports.
///
/// - **expected**: reports whose deadline (with any extension) has passed, for units assigned to a
///   task that involves the district; exempted units and not-applicable tasks leave the denominator,
///   and so does a node not yet due.
/// - **received**: expected reports the server has received (on time or late).
/// - **on time**: expected reports received before their deadline.
/// - **reporting rate** = received ÷ expected; **on-time rate** = on time ÷ expected (DHIS2's
///   "reporting rate on time"); both `nil` when nothing is expected.
public struct ReportingCounts: Codable, Sendable, Hashable {
    public var expected: Int
    public var received: Int
    public var onTime: Int

    public init(expected: Int = 0, received: Int = 0, onTime: Int = 0) {
        self.expected = expected
        self.received = received
        self.onTime = onTime
    }

    /// Counts judged reports (see ``Timeliness``): pending, not-due and exempted ones are not expected.
    public init<S: Sequence>(_ judged: S) where S.Element == Timeliness {
        self.init()
        for timeliness in judged { add(timeliness) }
    }

    public mutating func add(_ timeliness: Timeliness) {
        switch timeliness {
        case .onTime:
            expected += 1; received += 1; onTime += 1
        case .late:
            expected += 1; received += 1
        case .missing:
            expected += 1
        case .exempted, .pending, .notDue:
            break
        }
    }

    public static func + (lhs: ReportingCounts, rhs: ReportingCounts) -> ReportingCounts {
        ReportingCounts(expected: lhs.expected + rhs.expected, received: lhs.received + rhs.received,
                        onTime: lhs.onTime + rhs.onTime)
    }

    /// received ÷ expected, in percent.
    public var reportingRate: Double? { expected == 0 ? nil : Double(received) * 100 / Double(expected) }
    /// on time ÷ expected, in percent.
    public var onTimeRate: Double? { expected == 0 ? nil : Double(onTime) * 100 / Double(expected) }

    enum CodingKeys: String, CodingKey {
        case expected, received, onTime, reportingRate, onTimeRate
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(expected: try container.decode(Int.self, forKey: .expected), received: try container.decode(Int.self, forKey: .received),
                  onTime: try container.decode(Int.self, forKey: .onTime))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(expected, forKey: .expected)
        try container.encode(received, forKey: .received)
        try container.encode(onTime, forKey: .onTime)
        try container.encode(reportingRate, forKey: .reportingRate)
        try container.encode(onTimeRate, forKey: .onTimeRate)
    }
}
