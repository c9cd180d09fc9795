import Foundation

/// `Date` to and from PostgreSQL timestamp text, at microsecond precision (PostgreSQL's).
///
/// Counts microseconds from `Date`'s own reference (2001-01-01 UTC) so that a `Date` with whole
/// microseconds survives a round trip exactly.
enum PostgresTimestamp {
    private static let microsecondsPerDay: Int64 = 86_400_000_000
    /// Days from 1970-01-01 to 2001-01-01.
    private static let referenceDay = 11_323

    /// ISO 8601 in UTC with microseconds, `2022-03-28T09:15:02.123456Z` (PostgreSQL's `… BC` form before year 1).
    static func format(_ date: Date) -> String {
        let scaled = (date.timeIntervalSinceReferenceDate * 1_000_000).rounded()
        let micros = Int64(exactly: scaled) ?? (scaled < 0 ? Int64.min / 2 : Int64.max / 2)
        let (dayOffset, timeOfDay) = floorDivision(micros, microsecondsPerDay)
        let (year, month, day) = CivilCalendar.date(fromDaysSince1970: Int(dayOffset) + referenceDay)
        let seconds = Int(timeOfDay / 1_000_000)
        let fraction = Int(timeOfDay % 1_000_000)
        let clock =
            "\(PostgresDate.pad(seconds / 3600, 2)):\(PostgresDate.pad(seconds / 60 % 60, 2)):"
            + "\(PostgresDate.pad(seconds % 60, 2)).\(PostgresDate.pad(fraction, 6))"
        let date = PostgresDate(year: year, month: month, day: day).description
        return year > 0 ? "\(date)T\(clock)Z" : "\(date.dropLast(3)) \(clock)+00 BC"
    }

    /// Parses `2022-03-28 09:15:02.123456+00` and its variants (`T`, `Z`, `+05:30`, no offset
    /// meaning UTC, ` BC`, `infinity`).
    static func parse(_ text: String) -> Date? {
        switch text {
        case "infinity": return .distantFuture
        case "-infinity": return .distantPast
        default: break
        }
        var scanner = ByteScanner(text)
        let isBC = scanner.removeSuffix(" BC")
        guard let year = scanner.number(minDigits: 4), scanner.skip("-"),
            let month = scanner.number(digits: 2), scanner.skip("-"),
            let day = scanner.number(digits: 2), scanner.skip(" ") || scanner.skip("T"),
            let hour = scanner.number(digits: 2), scanner.skip(":"),
            let minute = scanner.number(digits: 2), scanner.skip(":"),
            let second = scanner.number(digits: 2)
        else { return nil }
        var fraction: Int64 = 0
        if scanner.skip(".") {
            guard let digits = scanner.digits(), !digits.isEmpty else { return nil }
            for (index, digit) in digits.prefix(6).enumerated() {
                fraction += Int64(digit) * [100_000, 10_000, 1_000, 100, 10, 1][index]
            }
        }
        var offsetSeconds = 0
        if scanner.skip("Z") {
        } else if let sign = scanner.sign() {
            guard let hours = scanner.number(digits: 2) else { return nil }
            offsetSeconds = hours * 3600
            if scanner.skip(":") {
                guard let minutes = scanner.number(digits: 2) else { return nil }
                offsetSeconds += minutes * 60
                if scanner.skip(":") {
                    guard let seconds = scanner.number(digits: 2) else { return nil }
                    offsetSeconds += seconds
                }
            }
            offsetSeconds *= sign
        }
        guard scanner.isAtEnd, !(isBC && year == 0) else { return nil }
        let calendarDate = PostgresDate(year: isBC ? 1 - year : year, month: month, day: day)
        guard calendarDate.isValid, hour < 24 || (hour == 24 && minute == 0 && second == 0 && fraction == 0),
            minute < 60, second < 61
        else { return nil }
        let days = Int64(CivilCalendar.daysSince1970(year: calendarDate.year, month: month, day: day) - referenceDay)
        let seconds = Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        let (dayMicros, overflow) = days.multipliedReportingOverflow(by: microsecondsPerDay)
        guard !overflow else { return nil }
        let micros = dayMicros + seconds * 1_000_000 + fraction
        return Date(timeIntervalSinceReferenceDate: Double(micros) / 1_000_000)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}

/// A tiny forward scanner over ASCII text.
struct ByteScanner {
    private var bytes: [UInt8]
    private var index = 0

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var isAtEnd: Bool { index == bytes.count }

    mutating func removeSuffix(_ suffix: String) -> Bool {
        let suffixBytes = Array(suffix.utf8)
        guard bytes.count - index >= suffixBytes.count, Array(bytes.suffix(suffixBytes.count)) == suffixBytes else {
            return false
        }
        bytes.removeLast(suffixBytes.count)
        return true
    }

    mutating func skip(_ character: Character) -> Bool {
        guard index < bytes.count, let ascii = character.asciiValue, bytes[index] == ascii else { return false }
        index += 1
        return true
    }

    mutating func sign() -> Int? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }

    mutating func digits() -> [Int]? {
        var result: [Int] = []
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            result.append(Int(bytes[index] - UInt8(ascii: "0")))
            index += 1
        }
        return result
    }

    mutating func number(digits count: Int) -> Int? {
        number(minDigits: count, maxDigits: count)
    }

    mutating func number(minDigits: Int, maxDigits: Int = 9) -> Int? {
        let start = index
        guard let digits = digits(), digits.count >= minDigits, digits.count <= maxDigits else {
            index = start
            return nil
        }
        return digits.reduce(0) { $0 * 10 + $1 }
    }
}
