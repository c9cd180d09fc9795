/// The configurable rule that turns reported progress and lateness into a ``StatusLight``.
///
/// The rule, evaluated at a moment for one task (the lead unit's consolidated report) or one unit
/// on a task (its own report):
///
/// 1. Before the first node has passed, nothing is due: **green**.
/// 2. Otherwise take the latest passed node (the latest whose due date for this role has ended;
///    an extension shows as ``Timeliness/pending`` there, not as late). Its target is
///    ``ProgressTarget/percent(on:)`` at the node date, and `behind = target − progress`, where
///    progress is the latest reported percent clamped to 0...100 and nothing reported counts as 0.
/// 3. `behind ≥ redGap` is **red**; `behind ≥ yellowGap` is **yellow** (exactly on a threshold takes
///    the worse light). Being ahead never hurts: 100 % done early is green.
/// 4. A report for the latest passed node that is ``Timeliness/late(days:)`` shows ``lateLight``, one
///    that is ``Timeliness/missing`` shows ``missingLight`` (both red by default). An exemption counts
///    as on time. Completion does not waive later reports; the office exempts instead.
///    Earlier nodes' lateness no longer counts: the history rule below covers it.
/// 5. The light is the worst of 3 and 4.
/// 6. **Caught up**: if the light was red at any evaluation since the same node passed (`previous`
///    has the same ``StatusLightEvaluation/nodeDate`` and ``StatusLightEvaluation/wasRedAtNode``),
///    a better light is held at **yellow** until the next node passes; from then on the new node
///    is judged afresh, so a unit on track at that node turns green.
public struct StatusLightRule: Sendable, Hashable, Codable {
    /// Points behind the target from which the light is at least yellow. Default 10.
    public var yellowGap: Double
    /// Points behind the target from which the light is red. Default 25.
    public var redGap: Double
    /// The light for a report received late at the latest passed node. Default red.
    public var lateLight: StatusLight
    /// The light for a report missing at the latest passed node. Default red.
    public var missingLight: StatusLight

    /// The default rule: yellow from 10 points behind, red from 25 or when late or missing.
    public static let standard = StatusLightRule()

    /// Makes a rule; every argument defaults to ``standard``'s value.
    public init(yellowGap: Double = 10, redGap: Double = 25, lateLight: StatusLight = .red,
                missingLight: StatusLight = .red) {
        self.yellowGap = yellowGap
        self.redGap = redGap
        self.lateLight = lateLight
        self.missingLight = missingLight
    }

    /// Computes the light (see the type's documentation for the rule).
    ///
    /// - Parameters:
    ///   - progress: The latest reported progress in percent, `nil` when nothing was reported.
    ///   - node: The latest node that has passed at the moment of evaluation, `nil` before the first.
    ///   - target: The plan's time-proportional target.
    ///   - previous: The evaluation last stored for this task or unit, `nil` for the first.
    public func evaluate(progress: Double?, at node: PassedNode?, target: ProgressTarget,
                         previous: StatusLightEvaluation?) -> StatusLightEvaluation {
        let progress = min(max(progress ?? 0, 0), 100)
        guard let node else {
            return StatusLightEvaluation(light: .green, nodeDate: nil, target: 0, behind: -progress,
                                         wasRedAtNode: false, reasons: [])
        }
        let goal = target.percent(on: node.date)
        let behind = goal - progress

        var light = StatusLight.green
        var reasons: [StatusLightEvaluation.Reason] = []
        func worsen(to candidate: StatusLight, because reason: StatusLightEvaluation.Reason) {
            guard candidate > .green else { return }
            light = max(light, candidate)
            reasons.append(reason)
        }
        switch node.timeliness {
        case .missing: worsen(to: missingLight, because: .missing)
        case .late: worsen(to: lateLight, because: .late)
        case .onTime, .exempted, .pending, .notDue: break
        }
        if behind >= redGap {
            worsen(to: .red, because: .farBehind)
        } else if behind >= yellowGap {
            worsen(to: .yellow, because: .behind)
        }

        let redEarlierAtNode = previous.map { $0.nodeDate == node.date && $0.wasRedAtNode } ?? false
        if redEarlierAtNode && light < .red {
            light = .yellow
            reasons.append(.caughtUp)
        }
        return StatusLightEvaluation(light: light, nodeDate: node.date, target: goal, behind: behind,
                                     wasRedAtNode: light == .red || redEarlierAtNode, reasons: reasons)
    }
}
