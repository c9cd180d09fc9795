import Foundation

/// A quantity's name in a report is the office's own words (健身路径, 改造小区, fitness_paths): any
/// text, shown as written, once normalised: Unicode NFC, trimmed, 1 to `TextLimit.quantityName`
/// characters, no control characters.
public enum QuantityName {
    /// The name as it is stored, or nil when nothing acceptable is left.
    public static func normalized(_ typed: String) -> String? {
        let name = typed.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        guard isValid(name) else { return nil }
        return name
    }

    /// True for a name already in its stored form.
    public static func isValid(_ name: String) -> Bool {
        let length = TextLimit.length(name)
        guard (1...TextLimit.quantityName).contains(length) else { return false }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return false }
        // Swift's == treats canonically equivalent texts as equal; the stored bytes must be NFC.
        return name.unicodeScalars.elementsEqual(name.precomposedStringWithCanonicalMapping.unicodeScalars)
            && name.unicodeScalars.elementsEqual(name.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars)
    }

    /// The refusal for a name that is not valid.
    public static func violation(_ name: String) -> RuleViolation {
        RuleViolation("report.bad_quantity",
                      en: "quantity \"\(name)\" needs a name of 1 to \(TextLimit.quantityName) characters without control characters, and a finite number",
                      zh: "数量指标「\(name)」的名称须为 1 至 \(TextLimit.quantityName) 个字符、不含控制字符，数值须为有限数")
    }
}
