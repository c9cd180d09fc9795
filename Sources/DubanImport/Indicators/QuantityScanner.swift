/// Finds the quantities of an ``IndicatorText``: a number (digits, a decimal, Chinese numerals, 百分之…),
/// an optional multiplier (万, 亿, 千) and a measure word. A number without a measure word — a year, a
/// date, a 序号 — is no quantity.
enum QuantityScanner {
    static func quantities(in text: IndicatorText) -> [Quantity] {
        var found: [Quantity] = []
        var index = 0
        while index < text.count {
            if let quantity = quantity(in: text, at: index) {
                found.append(quantity)
                index = quantity.end
            } else {
                index += 1
            }
        }
        return found
    }

    /// A number's value as written (`1.5` is mantissa 15, scale 1) and where it ends.
    private struct Number {
        var mantissa: Int
        var scale: Int
        var end: Int
        var chinese: Bool

        func value(times multiplier: Int) -> Double {
            let divisor = (0..<scale).reduce(1) { value, _ in value * 10 }
            let (product, overflow) = mantissa.multipliedReportingOverflow(by: multiplier)
            if !overflow, product % divisor == 0 { return Double(product / divisor) }
            return Double(mantissa) / Double(divisor) * Double(multiplier)
        }
    }

    private static func quantity(in text: IndicatorText, at start: Int) -> Quantity? {
        var index = start
        let percentWord = text.has("百分之", at: index)
        if percentWord { index += 3 }
        guard let number = number(in: text, at: index, afterPercentWord: percentWord) else { return nil }
        index = number.end
        var qualifier: ProposedIndicator.Qualifier?

        // A range: the lower end is the target.
        if let mark = IndicatorVocabulary.rangeMarks.first(where: { text.has($0, at: index) }),
           let upper = self.number(in: text, at: index + mark.unicodeScalars.count), upper.chinese == number.chinese {
            index = upper.end
            qualifier = .atLeast
        }

        var multiplier = 1
        var measure: String
        if percentWord {
            measure = "%"
        } else {
            if text.longest(of: IndicatorVocabulary.measures, at: index) == nil,
               let scalar = text[index], let factor = ["万": 10_000, "亿": 100_000_000, "千": 1000][scalar] {
                multiplier = factor
                index += 1
            }
            if let more = IndicatorVocabulary.atLeastAfterNumber.first(where: { text.has($0, at: index) }),
               text.longest(of: IndicatorVocabulary.measures, at: index + 1) != nil {
                qualifier = .atLeast
                index += more.unicodeScalars.count
            }
            guard let word = text.longest(of: IndicatorVocabulary.measures, at: index) else { return nil }
            measure = word
            index += word.unicodeScalars.count
        }
        if measure == "‰" { return nil }
        if let next = text[index], IndicatorVocabulary.wordContinuations.contains(next) { return nil }
        if measure == "个", IndicatorVocabulary.afterGe.contains(where: { text.has($0, at: index) }) { return nil }
        if number.chinese, number.mantissa == 1, measure == "批" { return nil }
        // 一户一档, 一村一品: a slogan, not a count.
        if number.chinese, number.mantissa == 1, text.has("一", at: index + 1) { return nil }

        // 7000套（间）: the bracket names the same count in another measure.
        if text[index] == "(", let close = (index + 1..<min(index + 5, text.count)).first(where: { text[$0] == ")" }),
           close > index + 1,
           (index + 1..<close).allSatisfy({ text.longest(of: IndicatorVocabulary.measures, at: $0) != nil }) {
            index = close + 1
        }
        if let word = IndicatorVocabulary.atLeastAfterMeasure.first(where: { text.has($0, at: index) }) {
            qualifier = .atLeast
            index += word.unicodeScalars.count
        } else if let word = IndicatorVocabulary.aboutAfterMeasure.first(where: { text.has($0, at: index) }) {
            qualifier = .about
            index += word.unicodeScalars.count
        } else if let word = IndicatorVocabulary.atMostAfterMeasure.first(where: { text.has($0, at: index) }) {
            index += word.unicodeScalars.count
        }
        return Quantity(start: start, end: index, target: number.value(times: multiplier), measure: measure,
                        qualifier: qualifier)
    }

    private static func number(in text: IndicatorText, at start: Int, afterPercentWord: Bool = false) -> Number? {
        guard let first = text[start] else { return nil }
        if IndicatorText.isDigit(first) {
            if let before = text[start - 1] {
                if IndicatorText.isDigit(before) || before == "." || before == "第" { return nil }
                if before.isASCII, before.properties.isAlphabetic { return nil }  // G20, K3
            }
            var index = start
            var mantissa = 0, scale = 0, seenPoint = false
            while let scalar = text[index] {
                if IndicatorText.isDigit(scalar) {
                    guard index - start < 15 else { return nil }
                    mantissa = mantissa * 10 + Int(scalar.value - 0x30)
                    if seenPoint { scale += 1 }
                } else if scalar == ".", !seenPoint, let next = text[index + 1], IndicatorText.isDigit(next) {
                    seenPoint = true
                } else {
                    break
                }
                index += 1
            }
            if let after = text[index], after.isASCII, after.properties.isAlphabetic { return nil }  // 5G
            return Number(mantissa: mantissa, scale: scale, end: index, chinese: false)
        }
        guard ChineseNumeral.isNumeral(first) else { return nil }
        if !afterPercentWord, let before = text[start - 1],
           ChineseNumeral.isNumeral(before) || IndicatorVocabulary.numeralWordHeads.contains(before) {
            return nil
        }
        // A bare 百, 千, 万 is a word (百姓, 千家万户), not a number.
        guard ChineseNumeral.digits[first] != nil || first == "十" else { return nil }
        var end = start
        while let scalar = text[end], ChineseNumeral.isNumeral(scalar) { end += 1 }
        // In 三万元 the 万 belongs to the measure.
        if end - start > 1, let last = text[end - 1], ChineseNumeral.sections[last] != nil,
           text.longest(of: IndicatorVocabulary.measures, at: end - 1) != nil {
            end -= 1
        }
        guard let value = ChineseNumeral.value(text.scan[start..<end]) else { return nil }
        return Number(mantissa: value, scale: 0, end: end, chinese: true)
    }
}
