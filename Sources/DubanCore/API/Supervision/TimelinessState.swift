/// ``Timeliness`` on the wire: a word, with the days late beside it where it applies.
public enum TimelinessState: String, Codable, Sendable, CaseIterable {
    case onTime = "on_time"
    case late
    case missing
    case exempted
    case pending
    case notDue = "not_due"

    /// The word for a ``Timeliness``.
    public init(_ timeliness: Timeliness) {
        switch timeliness {
        case .onTime: self = .onTime
        case .late: self = .late
        case .missing: self = .missing
        case .exempted: self = .exempted
        case .pending: self = .pending
        case .notDue: self = .notDue
        }
    }

    /// Late or missing: what urging and supervision orders are for.
    public var isLate: Bool { self == .late || self == .missing }

    /// Short text for tables and circulars.
    public func label(_ language: Language) -> String {
        switch (self, language) {
        case (.onTime, .zh): "按时"
        case (.onTime, .en): "on time"
        case (.late, .zh): "逾期"
        case (.late, .en): "late"
        case (.missing, .zh): "未报"
        case (.missing, .en): "missing"
        case (.exempted, .zh): "已豁免"
        case (.exempted, .en): "exempted"
        case (.pending, .zh): "未到期"
        case (.pending, .en): "not yet due"
        case (.notDue, .zh): "无需报送"
        case (.notDue, .en): "not due"
        }
    }
}
