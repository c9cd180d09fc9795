import DubanCore
import Foundation

/// One cell of a worksheet as ``XLSXWorkbookWriter`` stores it: text as an inline string, numbers as
/// numeric cells, days and moments as date cells (serial numbers with a date format), and no cell at
/// all for a missing value.
public enum XLSXCell: Sendable, Equatable {
    /// Text, kept as written; an empty text is no cell.
    case text(String)
    /// A number; `decimals` (0, 1 or 2) picks the number format, nil the general one.
    case number(Double, decimals: Int?)
    /// A calendar day: a `yyyy-mm-dd` date cell.
    case date(LocalDate)
    /// A moment: a `yyyy-mm-dd hh:mm:ss` date cell showing the workbook's time zone's wall-clock time.
    case time(Date)
    /// No value: no cell.
    case empty
}
