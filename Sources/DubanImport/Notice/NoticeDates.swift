import DubanCore

/// Dates and small numbers as notices write them, in digits or in Chinese numerals, and the regular
/// expressions (over ``ChineseText/halfWidth(_:)`` text) the body readers share.
enum NoticeDates {
    /// A day or month number: `5`, `20`, `二十`, `三十一`.
    static let number = "([0-9]{1,2}|[一二两三四五六七八九十]{1,3})"
    /// A four-digit year: `2016`, `二〇一六`.
    static let year = "((?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4})"
    /// An explicit date: `3月28日`, `3月28号`, `2016年2月26日`, `二〇一六年二月二十六日`, `3月底` (captures:
    /// year, month, day, 底/末).
    nonisolated(unsafe) static let explicit = try! Regex(
        "(?:\(year)\\s*年\\s*)?\(number)\\s*月\\s*(?:\(number)\\s*[日号]|(底|末))")

    /// A day, month or short count in digits or Chinese numerals, or `nil`.
    static func integer(_ text: some StringProtocol) -> Int? {
        ChineseText.asciiInteger(text) ?? ChineseText.chineseInteger(text)
    }

    /// A year in digits or digit by digit in Chinese (`二〇一六` → 2016), or `nil`.
    static func yearValue(_ text: some StringProtocol) -> Int? {
        if let value = ChineseText.asciiInteger(text) { return value }
        let digits: [Character: Int] = ["〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                                         "七": 7, "八": 8, "九": 9]
        var value = 0
        for character in text {
            guard let digit = digits[character] else { return nil }
            value = value * 10 + digit
        }
        return text.isEmpty ? nil : value
    }

    /// The last day of `month`.
    static func lastDay(year: Int, month: Int) -> LocalDate {
        LocalDate(year: year, month: month, day: LocalDate.numberOfDays(inMonth: month, year: year))!
    }

    /// Day `day` of `month`, or the month's last day when the month is shorter (`clamped` is then true);
    /// `nil` when the month or day cannot be a calendar one at all (13月, 32日).
    static func day(_ day: Int, month: Int, year: Int) -> (date: LocalDate, clamped: Bool)? {
        guard (1...12).contains(month), (1...31).contains(day), LocalDate.validYears.contains(year) else { return nil }
        let last = LocalDate.numberOfDays(inMonth: month, year: year)
        return (LocalDate(year: year, month: month, day: min(day, last))!, day > last)
    }

    /// An explicit date as written: the year when given, the month, the day (`nil` for the month's end).
    struct Written: Equatable {
        var year: Int?
        var month: Int
        var day: Int?

        /// Reads a match of ``NoticeDates/explicit``; `nil` when a number is not one.
        init?(_ match: Regex<AnyRegexOutput>.Match) {
            let output = match.output
            if let written = output[1].substring {
                guard let year = NoticeDates.yearValue(written) else { return nil }
                self.year = year
            } else {
                self.year = nil
            }
            guard let monthText = output[2].substring, let month = NoticeDates.integer(monthText) else { return nil }
            self.month = month
            if let dayText = output[3].substring {
                guard let day = NoticeDates.integer(dayText) else { return nil }
                self.day = day
            } else {
                self.day = nil
            }
        }

        /// The date in `year` (or the written year): the month's end for 底/末, a missing day clamped to the
        /// month's last (`clamped`); `nil` when the month or day is out of range.
        func resolved(defaultYear: Int) -> (date: LocalDate, clamped: Bool)? {
            let year = self.year ?? defaultYear
            guard (1...12).contains(month), LocalDate.validYears.contains(year) else { return nil }
            guard let day else { return (NoticeDates.lastDay(year: year, month: month), false) }
            return NoticeDates.day(day, month: month, year: year)
        }
    }

    /// The explicit date filling the whole of `text` (a trailing 前/之前/以前 allowed), or `nil`.
    static func wholeDate(_ text: some StringProtocol) -> Written? {
        var item = Substring(ChineseText.halfWidth(text))
        for suffix in ["之前", "以前", "前"] where item.hasSuffix(suffix) {
            item = item.dropLast(suffix.count)
            break
        }
        guard let match = item.wholeMatch(of: explicit) else { return nil }
        return Written(match)
    }
}
