import Foundation

/// What a valid indicator, target, split and reported value is. The office's target commands,
/// the server's target service, the plan import's proposals, the client's report and
/// implementation-plan editors all check here.
public enum IndicatorRules {
    /// The most indicators one task may have.
    public static let maxPerTask = 30
    /// A measure word's length (个, 套, 平方米, 万元, 个百分点).
    public static let measureLength = 10
    /// The largest target, share or value (a trillion: beyond any district's figures, and far from
    /// where the arithmetic of completion and 序时进度 would overflow).
    public static let maxValue = 1e12

    /// The name as stored (`QuantityName`'s rules: the same words a report's values are keyed by).
    public static func name(_ typed: String) throws(RuleViolation) -> String {
        guard let name = QuantityName.normalized(typed) else {
            throw RuleViolation("target.bad_indicator", en: "an indicator needs a name of 1 to \(TextLimit.quantityName) characters without control characters",
                                zh: "指标名称须为 1 至 \(TextLimit.quantityName) 个字符，且不含控制字符")
        }
        return name
    }

    /// The measure word as stored: NFC, trimmed, 1 to ``measureLength`` characters.
    public static func measure(_ typed: String) throws(RuleViolation) -> String {
        let measure = typed.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...measureLength).contains(TextLimit.length(measure)),
              !measure.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw RuleViolation("target.bad_measure", en: "the measure (个, 套, 公里, 万元, %) needs 1 to \(measureLength) characters",
                                zh: "计量单位（如 个、套、公里、万元、%）须为 1 至 \(measureLength) 个字符")
        }
        return measure
    }

    /// A target: a finite number above zero.
    public static func checkTarget(_ value: Double) throws(RuleViolation) {
        guard value.isFinite, value > 0, value <= maxValue else {
            throw RuleViolation("target.bad_target", en: "a target must be a number above zero and at most 10¹² (got \(format(value)))",
                                zh: "目标值须为大于零且不超过 10¹² 的数（当前为 \(format(value))）")
        }
    }

    /// A split share: a finite number above zero.
    public static func checkShare(_ value: Double) throws(RuleViolation) {
        guard value.isFinite, value > 0, value <= maxValue else {
            throw RuleViolation("target.bad_share", en: "a unit's share must be a number above zero and at most 10¹² (got \(format(value)))",
                                zh: "单位分解目标须为大于零且不超过 10¹² 的数（当前为 \(format(value))）")
        }
    }

    /// A split whose shares pass the target needs a reason; one under it is a split in progress.
    public static func checkSplit(target: Double, shares: [Double], reason: String?) throws(RuleViolation) {
        let total = shares.reduce(0, +)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if total > target + tolerance(target), reason.isEmpty {
            throw RuleViolation("target.split_over", en: "the shares add up to \(format(total)), over the target \(format(target)); lower a share or give --reason",
                                zh: "分解目标合计 \(format(total))，超过总目标 \(format(target))；请调低分解数或用 --reason 说明理由")
        }
        try TextLimit.check(reason, limit: TextLimit.supervisionNote, code: "target.reason_too_long",
                            field: LocalizedText(en: "reason", zh: "理由"))
    }

    /// A reported or planned value: a finite number, zero or more.
    public static func checkValue(_ value: Double, indicator: String) throws(RuleViolation) {
        guard value.isFinite, value >= 0, value <= maxValue else {
            throw RuleViolation("report.bad_indicator_value", en: "the value of \(indicator) must be a number of zero or more, at most 10¹² (got \(format(value)))",
                                zh: "指标「\(indicator)」的数值须为不小于零且不超过 10¹² 的数（当前为 \(format(value))）")
        }
    }

    /// Checks values keyed by indicator name against the task's indicators: each a known indicator
    /// (when the task has any) and a finite number ≥ 0.
    public static func checkValues(_ values: [String: Double], taskNumber: Int?, indicators: [Indicator]) throws(RuleViolation) {
        let known = Set(indicators.map(\.name))
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            if !known.isEmpty, !known.contains(name) {
                let task = taskNumber.map { " \($0)" } ?? ""
                let taskZh = taskNumber.map { "第 \($0) 项任务" } ?? "该任务"
                let list = known.sorted().joined(separator: "、")
                throw RuleViolation("report.unknown_indicator", en: "task\(task) has no indicator \"\(name)\"; its indicators: \(list)",
                                    zh: "\(taskZh)没有指标「\(name)」；现有指标：\(list)")
            }
            try checkValue(value, indicator: name)
        }
    }

    /// Warnings (never refusals) for values of a unit's report: a cumulative value lower than the
    /// unit's previous node, or above its target (its share when split, else the task's).
    public static func warnings(values: [String: Double], previous: [String: Double], unitCode: String,
                                indicators: [Indicator]) -> [LocalizedText] {
        var out: [LocalizedText] = []
        for indicator in indicators.sorted(by: { $0.name < $1.name }) {
            guard let value = values[indicator.name] else { continue }
            if indicator.cumulative, let before = previous[indicator.name], value < before {
                out.append(LocalizedText(en: "\(indicator.name): \(format(value)) is lower than \(format(before)) reported at the previous node",
                                         zh: "「\(indicator.name)」\(format(value)) 低于上一节点报送的 \(format(before))"))
            }
            let goal = indicator.share(of: unitCode) ?? indicator.target
            if indicator.cumulative, value > goal + tolerance(goal) {
                out.append(LocalizedText(en: "\(indicator.name): \(format(value)) passes the target \(format(goal)) \(indicator.measure)",
                                         zh: "「\(indicator.name)」\(format(value)) 超过目标 \(format(goal)) \(indicator.measure)"))
            }
        }
        return out
    }

    /// A number as people write it: 30, 2.5, 0.125 (no trailing zeros).
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return String(describing: value) }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    private static func tolerance(_ target: Double) -> Double { max(abs(target) * 1e-9, 1e-9) }
}
