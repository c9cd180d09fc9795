import DubanCore
import Foundation

/// One column of a ``Listing``: a header in both languages and how a row shows in it.
public struct Column<Row>: Sendable {
    public var header: LocalizedText
    public var alignment: TextTable.Alignment
    public var value: @Sendable (Row, Presentation) -> String

    public init(_ en: String, _ zh: String, alignment: TextTable.Alignment = .left,
                _ value: @escaping @Sendable (Row, Presentation) -> String) {
        self.header = LocalizedText(en: en, zh: zh)
        self.alignment = alignment
        self.value = value
    }
}

/// The columns of one kind of thing (accounts, units, audit entries), printed the same way by
/// every listing command in each ``OutputFormat``.
public struct Listing<Row>: Sendable {
    public var columns: [Column<Row>]

    public init(_ columns: [Column<Row>]) {
        self.columns = columns
    }

    /// `rows` as a table or CSV; for JSON, `body` (the API's answer) as it came, so scripts see
    /// exactly the wire format.
    public func render(_ rows: [Row], body: some Encodable, format: OutputFormat, presentation: Presentation) throws -> String {
        var presentation = presentation
        presentation.abbreviates = format == .table
        let headers = columns.map { presentation.text($0.header) }
        let cells = rows.map { row in columns.map { $0.value(row, presentation) } }
        switch format {
        case .table:
            return TextTable(headers: headers, rows: cells, alignments: columns.map(\.alignment)).render()
        case .csv:
            return CSVWriter.render(headers: headers, rows: cells)
        case .json:
            return try String(decoding: WireJSON.encoder(pretty: true).encode(body), as: UTF8.self) + "\n"
        }
    }

    /// One record as `header: value` lines, headers aligned: how a single thing reads best in a terminal.
    public func renderRecord(_ row: Row, presentation: Presentation) -> String {
        let headers = columns.map { presentation.text($0.header) }
        let width = headers.map(DisplayWidth.of).max() ?? 0
        return zip(headers, columns).map { header, column in
            let value = TextTable.oneLine(column.value(row, presentation))
            return (DisplayWidth.padded(header, to: width) + "  " + value).trimmingTrailingSpaces() + "\n"
        }.joined()
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
