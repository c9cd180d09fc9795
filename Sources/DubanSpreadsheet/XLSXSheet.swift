/// One worksheet of a workbook: a bold header row frozen at the top, then the rows.
public struct XLSXSheet: Sendable, Equatable {
    /// The tab's name; made acceptable to Excel (``XLSXValues/safeSheetName(_:)``) when written.
    public var name: String
    /// The first row, bold and frozen.
    public var headers: [String]
    /// The rows below the header, each a list of cells from column A.
    public var rows: [[XLSXCell]]
    /// Each column's width in characters; a column without one gets ``defaultColumnWidth``.
    public var columnWidths: [Int]

    /// The width of a column that ``columnWidths`` does not set.
    public static let defaultColumnWidth = 12

    /// Makes a sheet.
    public init(name: String, headers: [String], rows: [[XLSXCell]], columnWidths: [Int] = []) {
        self.name = name
        self.headers = headers
        self.rows = rows
        self.columnWidths = columnWidths
    }
}
