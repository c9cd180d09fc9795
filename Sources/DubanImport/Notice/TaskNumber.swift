/// A task's numbering as notices write it.
enum TaskNumber {
    /// `1`, `１`, `1.`, `1、`, `（1）`, `(1)`, `一`, `（一）`, `一、`, `第1项`, `第一项` → the number; anything else → nil.
    static func value(_ text: String) -> Int? {
        var compact = Substring(ChineseText.compactKey(text))
        while let last = compact.last, ".、．,:".contains(last) { compact = compact.dropLast() }
        if compact.first == "(" && compact.last == ")" { compact = compact.dropFirst().dropLast() }
        if compact.hasPrefix("第") && (compact.hasSuffix("项") || compact.hasSuffix("条")) {
            compact = compact.dropFirst().dropLast()
        }
        let number = ChineseText.asciiInteger(compact) ?? ChineseText.chineseInteger(compact)
        guard let number, number > 0 else { return nil }
        return number
    }

    /// `5.1`, `5-2`, `5－3` → (5, 1): a sub-item numbered under its task; nil otherwise.
    static func subItem(_ text: String) -> (task: Int, item: Int)? {
        let compact = ChineseText.compactKey(text)
        guard let match = compact.wholeMatch(of: /([0-9]{1,3})[.\-－—_]([0-9]{1,3})[.、]?/),
              let task = Int(match.1), let item = Int(match.2), task > 0, item > 0 else { return nil }
        return (task, item)
    }

    /// True when the text is written with digits only (after the half-width fold), so the value is the label.
    static func isPlainDigits(_ text: String) -> Bool {
        var compact = Substring(ChineseText.compactKey(text))
        while let last = compact.last, ".、．".contains(last) { compact = compact.dropLast() }
        return ChineseText.asciiInteger(compact) != nil
    }
}
