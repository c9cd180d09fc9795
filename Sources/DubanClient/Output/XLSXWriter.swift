import DubanCore
import DubanSpreadsheet
import Foundation
import ZIPFoundation

/// A listing as a one-sheet workbook (`.xlsx`), written by ``XLSXWorkbookWriter``: a bold header row
/// frozen at the top, each column as wide as its widest text (CJK counting two), typed cells.
public enum XLSXWriter {
    /// The workbook's bytes. `timeZone`: the zone whose wall-clock time a ``Cell/time(_:)`` shows
    /// (a spreadsheet's date-times have none). `modified`: the parts' date in the archive.
    public static func workbook(sheetName: String, headers: [String], rows: [[Cell]], timeZone: TimeZone,
                                modified: Date = Date()) throws -> Data {
        let columnCount = max(headers.count, rows.map(\.count).max() ?? 0)
        let sheet = XLSXSheet(
            name: sheetName, headers: headers, rows: rows.map { $0.map(\.workbookCell) },
            columnWidths: (0..<columnCount).map { width(of: $0, headers: headers, rows: rows, timeZone: timeZone) })
        do {
            return try XLSXWorkbookWriter.workbook([sheet], timeZone: timeZone, modified: modified)
        } catch {
            throw ClientError.invalidInput(.init(en: "the workbook could not be written", zh: "无法生成工作簿"))
        }
    }

    /// The parts of a workbook (or any zip) by path, as text: for checking what was written.
    static func parts(of workbook: Data) throws -> [String: String] {
        let archive = try Archive(data: workbook, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = String(decoding: data, as: UTF8.self)
        }
        return parts
    }

    /// A column's width in characters: its widest text (CJK counting two), within 6...60.
    static func width(of column: Int, headers: [String], rows: [[Cell]], timeZone: TimeZone) -> Int {
        let presentation = Presentation(language: .zh, timeZone: timeZone)
        var widest = column < headers.count ? DisplayWidth.of(headers[column]) : 0
        for row in rows.prefix(1000) where column < row.count {
            let text = row[column].text(in: presentation)
            let longestLine = text.split(whereSeparator: \.isNewline).map { DisplayWidth.of(String($0)) }.max() ?? 0
            widest = max(widest, longestLine)
        }
        return min(max(widest + 2, 6), 60)
    }
}

extension Cell {
    /// The cell as a workbook stores it.
    var workbookCell: XLSXCell {
        switch self {
        case .text(let text): .text(text)
        case .number(let value, let decimals): .number(value, decimals: decimals)
        case .date(let date): .date(date)
        case .time(let moment): .time(moment)
        case .empty: .empty
        }
    }
}
