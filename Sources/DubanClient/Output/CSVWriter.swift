/// CSV as RFC 4180 has it, for spreadsheets: CRLF line ends, a field in double quotes when it holds
/// a comma, a quote, a line break or edge spaces (quotes inside doubled), and a UTF-8 byte order
/// mark first, without which Excel reads Chinese as mojibake.
public enum CSVWriter {
    /// The byte order mark Excel looks for.
    public static let byteOrderMark = "\u{FEFF}"

    /// The whole document: BOM, header line, one line per row.
    public static func render(headers: [String], rows: [[String]]) -> String {
        var text = byteOrderMark
        for row in [headers] + rows {
            text += row.map(field).joined(separator: ",") + "\r\n"
        }
        return text
    }

    /// One field, quoted when it must be.
    public static func field(_ value: String) -> String {
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || value.first == " " || value.last == " "
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
