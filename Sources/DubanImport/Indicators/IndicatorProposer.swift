/// Proposes quantified indicators (量化指标) from a task's 完成标准 and 实事内容, as Chinese government
/// notices word them: `完成5个游园、30套健身路径`, `新增公办学位2000个`, `覆盖率达到95%以上`.
///
/// It proposes, it does not decide: text without a number and a measure word gives nothing, and dates,
/// ordinals (第三批), percentage-point gaps (3个百分点) and vague amounts (一批) are never targets.
public enum IndicatorProposer {
    /// Indicators from the completion standard first; the content adds only what the standard does not name.
    ///
    /// A content indicator repeats the standard's when one name contains the other (`老旧小区改造` and
    /// `小区改造`), or when both have the same measure and target (`35个…工程` either way). Names are
    /// unique in the result; the first is kept.
    public static func propose(completionStandard: String, content: String) -> [ProposedIndicator] {
        var proposals: [ProposedIndicator] = []
        let candidates = indicators(in: completionStandard, source: .completionStandard)
            + indicators(in: content, source: .content)
        for candidate in candidates {
            let repeats = proposals.contains { earlier in
                earlier.name == candidate.name
                    || (earlier.source != candidate.source
                        && (earlier.name.contains(candidate.name) || candidate.name.contains(earlier.name)
                            || (earlier.measure == candidate.measure && earlier.target == candidate.target)))
            }
            if !repeats { proposals.append(candidate) }
        }
        return proposals
    }

    /// Indicators in one text, in the order they appear.
    public static func indicators(in text: String, source: ProposedIndicator.Source) -> [ProposedIndicator] {
        let text = IndicatorText(text)
        let quantities = QuantityScanner.quantities(in: text)
        var naming = IndicatorNaming(text: text, quantities: quantities)
        return quantities.indices.compactMap { index in
            guard let named = naming.name(quantityAt: index) else { return nil }
            let quantity = quantities[index]
            return ProposedIndicator(name: named.name, measure: quantity.measure, target: quantity.target,
                                     qualifier: quantity.qualifier ?? naming.leadingQualifier(quantityAt: index),
                                     phrase: named.phrase, source: source)
        }
    }
}
