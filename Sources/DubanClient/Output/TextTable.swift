/// A plain-text table for the terminal: a header line, a rule, and one line per row, columns
/// aligned by display width (``DisplayWidth``), so `区住建局` lines up with `zjj`.
///
/// ```
/// login   name    unit
/// ------  ------  ----------------
/// admin   管理员  鱼峰区人民政府
/// ```
public struct TextTable: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable {
        case left
        case right
    }

    public var headers: [String]
    public var rows: [[String]]
    /// One per column; missing ones are `.left`.
    public var alignments: [Alignment]

    /// Spaces between two columns.
    static let gap = "  "

    public init(headers: [String], rows: [[String]], alignments: [Alignment] = []) {
        self.headers = headers
        self.rows = rows
        self.alignments = alignments
    }

    /// The table as lines ending in `\n`, without trailing spaces. Control characters in a cell
    /// (a line break in a name) become spaces, so each row stays one line.
    public func render() -> String {
        let cells = ([headers] + rows).map { row in
            (0..<headers.count).map { index in index < row.count ? Self.oneLine(row[index]) : "" }
        }
        let widths = (0..<headers.count).map { column in cells.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        var lines = cells.map { line(of: $0, widths: widths) }
        lines.insert(widths.map { String(repeating: "-", count: max($0, 1)) }.joined(separator: Self.gap), at: 1)
        return lines.map { $0 + "\n" }.joined()
    }

    private func line(of cells: [String], widths: [Int]) -> String {
        var text = ""
        for (index, cell) in cells.enumerated() {
            let padding = String(repeating: " ", count: widths[index] - DisplayWidth.of(cell))
            if index > 0 { text += Self.gap }
            switch index < alignments.count ? alignments[index] : .left {
            case .left: text += cell + padding
            case .right: text += padding + cell
            }
        }
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    /// `text` with control characters (line ends, tabs) shown as spaces, for one line of a terminal.
    public static func oneLineText(_ text: String) -> String { oneLine(text) }

    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
