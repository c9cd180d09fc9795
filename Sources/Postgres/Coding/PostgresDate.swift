import Foundation

/// A calendar date without time or time zone: PostgreSQL's `date`.
///
/// Proleptic Gregorian, like PostgreSQL; year 0 is 1 BC. `description` is ISO 8601, `"2022-03-28"`.
public struct PostgresDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year; 0 is 1 BC, -1 is 2 BC.
    public var year: Int
    /// The month, 1 to 12.
    public var month: Int
    /// The day of the month, from 1.
    public var day: Int

    /// A date from its parts; not validated (see ``isValid``).
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `"2022-03-28"` (also PostgreSQL's `"0044-03-15 BC"`); nil when not a valid date.
    public init?(_ iso: String) {
        var text = Substring(iso)
        var isBC = false
        if text.hasSuffix(" BC") {
            isBC = true
            text = text.dropLast(3)
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count >= 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        if isBC && year == 0 { return nil }
        self.init(year: isBC ? 1 - year : year, month: month, day: day)
        guard isValid else { return nil }
    }

    /// The calendar date at `date` in `timeZone` (UTC unless given).
    public init(_ date: Date, timeZone: TimeZone = TimeZone(secondsFromGMT: 0)!) {
        let seconds = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        let (year, month, day) = CivilCalendar.date(fromDaysSince1970: Int((seconds / 86_400).rounded(.down)))
        self.init(year: year, month: month, day: day)
    }

    /// True when month and day exist in that year.
    public var isValid: Bool {
        (1...12).contains(month) && (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day)
    }

    public var description: String {
        let displayYear = year > 0 ? year : 1 - year
        let text = "\(Self.pad(displayYear, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))"
        return year > 0 ? text : text + " BC"
    }

    public static func < (lhs: PostgresDate, rhs: PostgresDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// Days and dates in the proleptic Gregorian calendar (Howard Hinnant's algorithms).
enum CivilCalendar {
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func date(fromDaysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
