import DubanCore
import Foundation

/// One value of a listing, typed: the table and the CSV show its text, a workbook (``XLSXWriter``)
/// stores numbers as numbers and dates as dates. One row model, so CSV and XLSX hold the same rows.
public enum Cell: Sendable, Equatable {
    case text(String)
    /// A number; `decimals` fixes how many digits its text shows (and the workbook's number format),
    /// nil shows as many as it has (32, 32.5).
    case number(Double, decimals: Int?)
    /// A calendar day: `2022-03-28`, a date cell in a workbook.
    case date(LocalDate)
    /// A moment, shown in the presentation's time zone (`2022-03-28 17:05:00`), a date-time cell in a workbook.
    case time(Date)
    /// No value: an empty workbook cell; `shown` is what the table and CSV print instead (`—`).
    case empty(shown: String)

    /// A whole number.
    public static func integer(_ value: Int) -> Cell { .number(Double(value), decimals: 0) }

    /// No value, printed as nothing.
    public static let blank = Cell.empty(shown: "")

    /// The dash printed for a value that does not exist (a rate when nothing was expected).
    public static let dash = "—"

    /// How the cell reads in a table or a CSV file.
    public func text(in presentation: Presentation) -> String {
        switch self {
        case .text(let text): text
        case .number(let value, let decimals): Cell.format(value, decimals: decimals)
        case .date(let date): date.description
        case .time(let moment): presentation.time(moment)
        case .empty(let shown): shown
        }
    }

    /// `value` with exactly `decimals` digits after the point (rounded half away from zero), or
    /// as ``Presentation/number(_:)`` writes it when `decimals` is nil.
    public static func format(_ value: Double, decimals: Int?) -> String {
        guard value.isFinite else { return "" }
        guard let decimals else { return Presentation.number(value) }
        let scale = pow(10, Double(decimals))
        let rounded = (abs(value) * scale).rounded() / scale
        let sign = value < 0 && rounded != 0 ? "-" : ""
        return sign + String(format: "%.\(decimals)f", rounded)
    }
}
