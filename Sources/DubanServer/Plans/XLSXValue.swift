/// A cell's value as a workbook stores it, nothing evaluated: shared and inline strings as text, a
/// formula as its cached result.
enum XLSXValue: Equatable {
    case text(String)
    case number(Double)
    case bool(Bool)
}

/// One row of a worksheet: its number (1-based, as the sheet says) and its cells by zero-based column;
/// a column without a cell is nil.
struct XLSXRow: Equatable {
    var number: Int
    var cells: [XLSXValue?]
}
