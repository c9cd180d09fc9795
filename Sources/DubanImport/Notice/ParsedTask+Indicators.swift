import DubanCore
import Foundation

extension ParsedTask {
    /// The indicators the import proposes for this task, read from its completion standard (the
    /// city's) and content by ``IndicatorProposer`` and kept only when they pass `IndicatorRules`
    /// (a name and a measure as stored, a target above zero), at most `IndicatorRules.maxPerTask`,
    /// each name once. Indicators given explicitly (``indicators``) are checked the same way and replace the proposals. A task that does not involve the district gets none.
    public var proposedIndicators: [ProposedIndicator] {
        guard !notApplicable else { return [] }
        var seen = Set<String>()
        var kept: [ProposedIndicator] = []
        for proposal in indicators ?? IndicatorProposer.propose(completionStandard: completionStandard, content: content) {
            guard kept.count < IndicatorRules.maxPerTask,
                  let name = try? IndicatorRules.name(proposal.name),
                  let measure = try? IndicatorRules.measure(proposal.measure),
                  (try? IndicatorRules.checkTarget(proposal.target)) != nil,
                  seen.insert(name).inserted else { continue }
            var checked = proposal
            checked.name = name
            checked.measure = measure
            kept.append(checked)
        }
        return kept
    }
}
