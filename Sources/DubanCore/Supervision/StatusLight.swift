/// The green / yellow / red light shown per task and per unit on a task.
///
/// Ordered by severity, `green < yellow < red`, so the worse of two lights is `max(a, b)`.
/// ``StatusLightRule/evaluate(progress:at:target:previous:)`` computes it.
public enum StatusLight: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// On schedule.
    case green
    /// Somewhat behind, or recently red and caught up but not yet proven at a full node.
    case yellow
    /// Far behind, or the report for the latest node is late or missing.
    case red

    private var severity: Int {
        switch self {
        case .green: 0
        case .yellow: 1
        case .red: 2
        }
    }

    public static func < (lhs: StatusLight, rhs: StatusLight) -> Bool { lhs.severity < rhs.severity }
}
