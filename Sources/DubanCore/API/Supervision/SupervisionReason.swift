import Foundation

/// Why the supervision office urges a unit or issues an order (督办 follows the work).
public enum SupervisionReason: String, Codable, Sendable, CaseIterable {
    /// A report late or missing at a node.
    case late
    /// Progress behind 序时进度 beyond the plan's tolerance (the figures at issue time are kept).
    case behindSchedule = "behind_schedule"
    /// Poor quality of the work or the reports (a note says what).
    case quality

    public var label: LocalizedText {
        switch self {
        case .late: LocalizedText(en: "late or missing report", zh: "逾期或未报")
        case .behindSchedule: LocalizedText(en: "behind schedule", zh: "滞后序时进度")
        case .quality: LocalizedText(en: "poor quality", zh: "质量不高")
        }
    }
}
