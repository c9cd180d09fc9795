/// One computed status light with the facts behind it. Store it and pass it back as `previous` to
/// the next evaluation: that is how the red-then-caught-up rule remembers a red within a node.
public struct StatusLightEvaluation: Sendable, Hashable, Codable {
    /// Why a light is not green; a circular can quote these.
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// At least `yellowGap` points behind the target.
        case behind
        /// At least `redGap` points behind the target.
        case farBehind = "far_behind"
        /// The report for the latest passed node arrived after its deadline.
        case late
        /// No report for the latest passed node, and its deadline has passed.
        case missing
        /// Red earlier at this node, now better: held at yellow until the next node passes.
        case caughtUp = "caught_up"
    }

    /// The light to show.
    public var light: StatusLight
    /// The date of the latest passed node this was judged at; `nil` before the first node.
    public var nodeDate: LocalDate?
    /// The target at that node, percent (0 before the first node).
    public var target: Double
    /// Points behind the target: `target - progress`, negative when ahead.
    public var behind: Double
    /// Whether the light has been red at any evaluation since ``nodeDate`` passed (including this one).
    public var wasRedAtNode: Bool
    /// Why the light is not green, in the order lateness, gap, caught up; empty when green.
    public var reasons: [Reason]

    /// Makes an evaluation (for storage round trips and tests; compute one with ``StatusLightRule``).
    public init(light: StatusLight, nodeDate: LocalDate?, target: Double, behind: Double, wasRedAtNode: Bool,
                reasons: [Reason]) {
        self.light = light
        self.nodeDate = nodeDate
        self.target = target
        self.behind = behind
        self.wasRedAtNode = wasRedAtNode
        self.reasons = reasons
    }
}
