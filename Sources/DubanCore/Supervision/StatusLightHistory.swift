import Foundation

/// Replays a unit's (or a task's) reports since the latest passed node to compute its light now,
/// so the red-then-caught-up rule holds without anyone having looked while it was red.
///
/// The light is evaluated at the instant the latest passed node's deadline ended and again at each
/// receipt after it, up to `now`, each evaluation passed as `previous` to the next
/// (see ``StatusLightRule``). The facts are all the server's: receipt times and the deadlines with
/// their extensions.
public enum StatusLightHistory {
    /// One node's deadline for the unit, and how its report stands.
    public struct NodeFacts: Sendable, Hashable {
        public var nodeDate: LocalDate
        public var deadline: ReportingDeadline
        /// When the server received the first revision of the unit's report for this node.
        public var firstReceivedAt: Date?
        public var isExempted: Bool

        public init(nodeDate: LocalDate, deadline: ReportingDeadline, firstReceivedAt: Date?, isExempted: Bool) {
            self.nodeDate = nodeDate
            self.deadline = deadline
            self.firstReceivedAt = firstReceivedAt
            self.isExempted = isExempted
        }

        /// How this node stands at `now`.
        public func timeliness(at now: Date) -> Timeliness {
            Timeliness(deadline: deadline, receivedAt: firstReceivedAt.flatMap { $0 <= now ? $0 : nil },
                       isExempted: isExempted, now: now)
        }
    }

    /// A reported percentage and when the server received it.
    public struct ProgressPoint: Sendable, Hashable {
        public var receivedAt: Date
        public var percent: Double

        public init(receivedAt: Date, percent: Double) {
            self.receivedAt = receivedAt
            self.percent = percent
        }
    }

    /// The latest node whose deadline (with any extension) has ended at `now`.
    public static func latestPassed(_ nodes: [NodeFacts], now: Date) -> NodeFacts? {
        nodes.filter { $0.deadline.deadline <= now }.max { $0.deadline.deadline < $1.deadline.deadline }
    }

    /// The light at `now`.
    public static func evaluate(rule: StatusLightRule, target: ProgressTarget, nodes: [NodeFacts],
                                progress: [ProgressPoint], now: Date) -> StatusLightEvaluation {
        let points = progress.filter { $0.receivedAt <= now }.sorted { $0.receivedAt < $1.receivedAt }
        func percent(at moment: Date) -> Double? { points.last { $0.receivedAt <= moment }?.percent }
        guard let latest = latestPassed(nodes, now: now) else {
            return rule.evaluate(progress: percent(at: now), at: nil, target: target, previous: nil)
        }
        let start = latest.deadline.deadline
        var moments = [start] + points.map(\.receivedAt).filter { $0 > start }
        if let first = latest.firstReceivedAt, first > start, first <= now { moments.append(first) }
        moments.sort()
        var previous: StatusLightEvaluation?
        for moment in moments {
            let node = PassedNode(date: latest.nodeDate, timeliness: latest.timeliness(at: moment))
            previous = rule.evaluate(progress: percent(at: moment), at: node, target: target, previous: previous)
        }
        return previous!
    }
}
