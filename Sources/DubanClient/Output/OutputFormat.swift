/// How a listing is printed: `--format table|json|csv` on every listing command.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned columns for a person at a terminal (the default).
    case table
    /// The API's own JSON body, pretty-printed (snake_case keys, ISO-8601 UTC times): for scripts.
    case json
    /// RFC 4180 CSV with a UTF-8 BOM, headers in the user's language: for spreadsheets.
    case csv
}

/// How an oversight view is exported: `--format table|json|csv|xlsx`. The three of
/// ``OutputFormat`` and a workbook for Excel, LibreOffice and openpyxl.
public enum ExportFormat: String, CaseIterable, Sendable {
    case table
    case json
    case csv
    /// An Office Open XML workbook (binary): a bold, frozen header row, numbers and dates typed.
    case xlsx

    /// Bytes a terminal cannot show: written only to a file or a pipe.
    public var isBinary: Bool { self == .xlsx }

    /// The file name extension.
    public var fileExtension: String { rawValue == "table" ? "txt" : rawValue }
}
