import DubanCore
import Foundation

/// How SpreadsheetML spells values: column letters, date serial numbers, escaped text, sheet names.
/// The writer and the readers of workbooks share these rules.
public enum XLSXValues {
    /// The longest text a cell holds (Excel's limit).
    public static let maximumCellLength = 32_767

    /// `A`, `B`, …, `Z`, `AA`, … for a zero-based column index.
    public static func columnName(_ index: Int) -> String {
        var name = ""
        var number = index + 1
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }

    /// The zero-based column and one-based row of an `A1`-style reference (`$` signs allowed), or nil
    /// when it is not one or names a column past `XFD` or a row past 1 048 576.
    public static func position(of reference: String) -> (column: Int, row: Int)? {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for scalar in reference.unicodeScalars where scalar != "$" {
            switch scalar.value {
            case 65...90, 97...122:
                guard digits == 0, letters < 3 else { return nil }
                column = column * 26 + Int((scalar.value | 0x20) - 96)
                letters += 1
            case 48...57:
                guard letters > 0, digits < 7 else { return nil }
                row = row * 10 + Int(scalar.value - 48)
                digits += 1
            default:
                return nil
            }
        }
        guard letters > 0, digits > 0, column <= 16_384, (1...1_048_576).contains(row) else { return nil }
        return (column - 1, row)
    }

    /// Day 0 of the 1900 date system as spreadsheets count it (so that 1900-03-01 is 61).
    public static let epoch = LocalDate(year: 1899, month: 12, day: 30)!

    /// The serial number of a day: days since 1899-12-30.
    public static func serial(of date: LocalDate) -> Int { epoch.days(until: date) }

    /// The day a serial number falls on (its fraction, a time of day, dropped), or nil outside the years
    /// 1900…9999. Serials below 61 are counted as Excel does not (it believes in 1900-02-29); no plan
    /// date is that old.
    public static func date(fromSerial serial: Double) -> LocalDate? {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }
        return epoch.adding(days: Int(serial.rounded(.down)))
    }

    /// The serial number of a moment's wall-clock time in `timeZone`, to the second.
    public static func serial(of moment: Date, in timeZone: TimeZone) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: moment)
        guard let day = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!) else { return 0 }
        let seconds = parts.hour! * 3600 + parts.minute! * 60 + parts.second!
        return Double(serial(of: day)) + Double(seconds) / 86_400
    }

    /// A number as `<v>` holds it: 32, 66.66666666666667, 1e-05.
    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Text for XML character data or an attribute: `&`, `<`, `>`, `"` escaped; characters XML 1.0
    /// cannot hold (control characters other than tab and line ends, unpaired surrogates are
    /// impossible in a Swift string) left out.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty.
    public static func safeSheetName(_ name: String) -> String {
        let cleaned = String(name.filter { !"[]:*?/\\".contains($0) && !$0.isNewline }.prefix(31))
            .trimmingCharacters(in: CharacterSet(charactersIn: "' "))
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }
}
