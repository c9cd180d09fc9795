/// Chinese numerals of any size a notice writes: 五, 三十, 一百二十, 两千, 三万, 一万五千, 二〇二二.
enum ChineseNumeral {
    static let digits: [Unicode.Scalar: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
                                                "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
    static let units: [Unicode.Scalar: Int] = ["十": 10, "百": 100, "千": 1000]
    static let sections: [Unicode.Scalar: Int] = ["万": 10_000, "亿": 100_000_000]

    static func isNumeral(_ scalar: Unicode.Scalar) -> Bool {
        digits[scalar] != nil || units[scalar] != nil || sections[scalar] != nil
    }

    /// The value of `scalars`, all numerals, or nil when they do not spell a number.
    static func value(_ scalars: some Collection<Unicode.Scalar>) -> Int? {
        guard !scalars.isEmpty else { return nil }
        var total = 0, section = 0, pending: Int? = nil, lastWasDigit = false
        for scalar in scalars {
            if let digit = digits[scalar] {
                // Digits in a row are positional (二〇二二); 零 in 一百零五 only marks a gap.
                pending = lastWasDigit ? (pending ?? 0) * 10 + digit : digit
                lastWasDigit = true
            } else if let unit = units[scalar] {
                guard pending != 0 || unit == 10 else { return nil }
                section += (pending ?? 1) * unit
                pending = nil
                lastWasDigit = false
            } else if let multiplier = sections[scalar] {
                let amount = section + (pending ?? 0)
                guard amount > 0 || total > 0 else { return nil }
                if multiplier == 100_000_000 {
                    total = (total + amount) * multiplier
                } else {
                    total += amount * multiplier
                }
                section = 0
                pending = nil
                lastWasDigit = false
            } else {
                return nil
            }
        }
        return total + section + (pending ?? 0)
    }
}
