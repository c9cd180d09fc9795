/// CSV as RFC 4180 has it, for spreadsheets: CRLF line ends, a field in double quotes when it holds
/// a comma, a quote, a line break or edge spaces (quotes inside doubled), and a UTF-8 byte order
/// mark first, without which Excel reads Chinese as mojibake. A text a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return, and not a plain number)
/// is written behind an apostrophe, so Excel, WPS and LibreOffice show it as text (OWASP's advice
/// on CSV injection): an office's export never runs what a unit wrote.
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

    /// The characters that make a spreadsheet read a cell as a formula.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\r\n"]

    /// One field, quoted when it must be, a would-be formula neutralised.
    public static func field(_ raw: String) -> String {
        let value = neutralised(raw)
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || value.first == " " || value.last == " "
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `value`, behind an apostrophe when a spreadsheet would read it as a formula. A number keeps
    /// its sign (`-3.5` stays a number).
    static func neutralised(_ value: String) -> String {
        guard let first = value.first, formulaStarts.contains(first) else { return value }
        if first == "-" || first == "+", Double(value) != nil { return value }
        return "'" + value
    }
}
