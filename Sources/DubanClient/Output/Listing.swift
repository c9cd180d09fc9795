import DubanCore
import DubanSpreadsheet
import Foundation

/// One column of a ``Listing``: a header in both languages and how a row shows in it, as a typed
/// ``Cell`` (text, number, date, time or nothing).
public struct Column<Row>: Sendable {
    public var header: LocalizedText
    public var alignment: TextTable.Alignment
    public var cell: @Sendable (Row, Presentation) -> Cell

    /// A column of text.
    public init(_ en: String, _ zh: String, alignment: TextTable.Alignment = .left,
                _ value: @escaping @Sendable (Row, Presentation) -> String) {
        self.init(header: LocalizedText(en: en, zh: zh), alignment: alignment) { row, style in .text(value(row, style)) }
    }

    public init(header: LocalizedText, alignment: TextTable.Alignment,
                cell: @escaping @Sendable (Row, Presentation) -> Cell) {
        self.header = header
        self.alignment = alignment
        self.cell = cell
    }

    /// A column of typed cells: numbers and dates stay numbers and dates in a workbook.
    public static func typed(_ en: String, _ zh: String, alignment: TextTable.Alignment = .left,
                             _ cell: @escaping @Sendable (Row, Presentation) -> Cell) -> Column {
        Column(header: LocalizedText(en: en, zh: zh), alignment: alignment, cell: cell)
    }

    /// How a row reads in this column (a table's or a CSV file's text).
    public func value(_ row: Row, _ presentation: Presentation) -> String {
        cell(row, presentation).text(in: presentation)
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
        let headers = self.headers(presentation)
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

    /// The headers in the presentation's language.
    public func headers(_ presentation: Presentation) -> [String] {
        columns.map { presentation.text($0.header) }
    }

    /// The rows as typed cells, as a CSV file or a workbook holds them (nothing abbreviated).
    public func cells(_ rows: [Row], presentation: Presentation) -> [[Cell]] {
        var presentation = presentation
        presentation.abbreviates = false
        return rows.map { row in columns.map { $0.cell(row, presentation) } }
    }

    /// `rows` in any ``ExportFormat``, as the bytes to write: a table, CSV or JSON as UTF-8 text
    /// (the same as ``render(_:body:format:presentation:)``), XLSX as a workbook whose one sheet,
    /// `sheetName`, holds the same rows and columns as the CSV, typed.
    public func export(_ rows: [Row], body: some Encodable, format: ExportFormat, presentation: Presentation,
                       sheetName: String, modified: Date = Date()) throws -> Data {
        switch format {
        case .table: Data(try render(rows, body: body, format: .table, presentation: presentation).utf8)
        case .json: Data(try render(rows, body: body, format: .json, presentation: presentation).utf8)
        case .csv: Data(try render(rows, body: body, format: .csv, presentation: presentation).utf8)
        case .xlsx:
            try XLSXWriter.workbook(sheetName: sheetName, headers: headers(presentation), rows: cells(rows, presentation: presentation),
                                    timeZone: presentation.timeZone, modified: modified)
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
