import DubanCore
import Foundation
import ZIPFoundation

/// A one-sheet Office Open XML workbook (`.xlsx`) that Excel, LibreOffice and openpyxl open:
/// a bold header row frozen at the top, text as inline strings (Chinese kept as written), numbers
/// as numeric cells, days and moments as date cells (serial numbers with a date format), and no
/// cell at all for a missing value.
///
/// The parts, zipped with ZIPFoundation:
/// `[Content_Types].xml`, `_rels/.rels`, `docProps/core.xml`, `docProps/app.xml`,
/// `xl/workbook.xml`, `xl/_rels/workbook.xml.rels`, `xl/styles.xml`, `xl/worksheets/sheet1.xml`.
public enum XLSXWriter {
    /// The cell formats of `xl/styles.xml` (indexes into `cellXfs`).
    enum Style: Int {
        case general = 0
        case header = 1
        /// `yyyy-mm-dd`.
        case date = 2
        /// `yyyy-mm-dd hh:mm:ss`.
        case dateTime = 3
        /// `0.0`: rates and percentages.
        case oneDecimal = 4
        /// `0`.
        case integer = 5
        /// `0.00`.
        case twoDecimals = 6
    }

    /// The longest text a cell holds (Excel's limit).
    static let maximumCellLength = 32_767

    /// The workbook's bytes. `timeZone`: the zone whose wall-clock time a ``Cell/time(_:)`` shows
    /// (a spreadsheet's date-times have none). `modified`: the parts' date in the archive.
    public static func workbook(sheetName: String, headers: [String], rows: [[Cell]], timeZone: TimeZone,
                                modified: Date = Date()) throws -> Data {
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelationships),
            ("docProps/core.xml", coreProperties(modified: modified)),
            ("docProps/app.xml", appProperties),
            ("xl/workbook.xml", workbookXML(sheetName: safeSheetName(sheetName))),
            ("xl/_rels/workbook.xml.rels", workbookRelationships),
            ("xl/styles.xml", styles),
            ("xl/worksheets/sheet1.xml", sheet(headers: headers, rows: rows, timeZone: timeZone)),
        ]
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: modified,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else {
            throw ClientError.invalidInput(.init(en: "the workbook could not be written", zh: "无法生成工作簿"))
        }
        return data
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

    // MARK: The sheet

    static func sheet(headers: [String], rows: [[Cell]], timeZone: TimeZone) -> String {
        let columnCount = max(headers.count, rows.map(\.count).max() ?? 0)
        let lastCell = columnName(max(columnCount, 1) - 1) + String(rows.count + 1)
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(mainNamespace)" xmlns:r="\(relationshipNamespace)">\
            <dimension ref="A1:\(lastCell)"/>\
            <sheetViews><sheetView tabSelected="1" workbookViewId="0">\
            <pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
            <selection pane="bottomLeft" activeCell="A2" sqref="A2"/>\
            </sheetView></sheetViews>\
            <sheetFormatPr defaultRowHeight="15"/>
            """
        if columnCount > 0 {
            xml += "<cols>"
            for column in 0..<columnCount {
                xml += "<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(width(of: column, headers: headers, rows: rows, timeZone: timeZone))\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        xml += "<row r=\"1\">"
        for (column, header) in headers.enumerated() {
            xml += inlineString(header, reference: columnName(column) + "1", style: .header)
        }
        xml += "</row>"
        for (index, row) in rows.enumerated() {
            let line = index + 2
            xml += "<row r=\"\(line)\">"
            for (column, cell) in row.enumerated() {
                xml += self.cell(cell, reference: columnName(column) + String(line), timeZone: timeZone)
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        xml += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        xml += "</worksheet>"
        return xml
    }

    /// One `<c>` element; nothing for an empty cell (no value is no cell).
    static func cell(_ cell: Cell, reference: String, timeZone: TimeZone) -> String {
        switch cell {
        case .text(let text):
            return text.isEmpty ? "" : inlineString(text, reference: reference, style: .general)
        case .number(let value, let decimals):
            guard value.isFinite else { return "" }
            let style: Style = switch decimals {
            case 0: .integer
            case 1: .oneDecimal
            case 2: .twoDecimals
            default: .general
            }
            return numeric(number(value), reference: reference, style: style)
        case .date(let date):
            return numeric(String(serial(of: date)), reference: reference, style: .date)
        case .time(let moment):
            return numeric(number(serial(of: moment, in: timeZone)), reference: reference, style: .dateTime)
        case .empty:
            return ""
        }
    }

    static func inlineString(_ text: String, reference: String, style: Style) -> String {
        var text = text
        if text.count > maximumCellLength { text = String(text.prefix(maximumCellLength)) }
        let styled = style == .general ? "" : " s=\"\(style.rawValue)\""
        return "<c r=\"\(reference)\"\(styled) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(text))</t></is></c>"
    }

    static func numeric(_ value: String, reference: String, style: Style) -> String {
        let styled = style == .general ? "" : " s=\"\(style.rawValue)\""
        return "<c r=\"\(reference)\"\(styled)><v>\(value)</v></c>"
    }

    /// A number as `<v>` holds it: 32, 66.66666666666667, 1e-05.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
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

    // MARK: Values

    /// `A`, `B`, …, `Z`, `AA`, … for a zero-based column index.
    static func columnName(_ index: Int) -> String {
        var name = ""
        var number = index + 1
        while number > 0 {
            let remainder = (number - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            number = (number - 1) / 26
        }
        return name
    }

    /// Day 0 of the 1900 date system as spreadsheets count it (so that 1900-03-01 is 61).
    static let epoch = LocalDate(year: 1899, month: 12, day: 30)!

    /// The serial number of a day: days since 1899-12-30.
    static func serial(of date: LocalDate) -> Int { epoch.days(until: date) }

    /// The serial number of a moment's wall-clock time in `timeZone`, to the second.
    static func serial(of moment: Date, in timeZone: TimeZone) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: moment)
        guard let day = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!) else { return 0 }
        let seconds = parts.hour! * 3600 + parts.minute! * 60 + parts.second!
        return Double(serial(of: day)) + Double(seconds) / 86_400
    }

    /// Text for XML character data or an attribute: `&`, `<`, `>`, `"` escaped; characters XML 1.0
    /// cannot hold (control characters other than tab and line ends, unpaired surrogates are
    /// impossible in a Swift string) left out.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty.
    static func safeSheetName(_ name: String) -> String {
        let cleaned = String(name.filter { !"[]:*?/\\".contains($0) && !$0.isNewline }.prefix(31))
            .trimmingCharacters(in: CharacterSet(charactersIn: "' "))
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }

    // MARK: The fixed parts

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
        </Types>
        """

    static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """

    static func coreProperties(modified: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let stamp = formatter.string(from: modified)
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            <dc:creator>duban</dc:creator>\
            <dcterms:created xsi:type="dcterms:W3CDTF">\(stamp)</dcterms:created>\
            <dcterms:modified xsi:type="dcterms:W3CDTF">\(stamp)</dcterms:modified>\
            </cp:coreProperties>
            """
    }

    static let appProperties = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
        xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
        <Application>duban</Application>\
        </Properties>
        """

    static func workbookXML(sheetName: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="\(mainNamespace)" xmlns:r="\(relationshipNamespace)">\
        <bookViews><workbookView activeTab="0"/></bookViews>\
        <sheets><sheet name="\(escape(sheetName))" sheetId="1" r:id="rId1"/></sheets>\
        </workbook>
        """
    }

    static let workbookRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        </Relationships>
        """

    /// The cell formats, in the order of ``Style``.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="\(mainNamespace)">\
        <numFmts count="3">\
        <numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>\
        <numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/>\
        <numFmt numFmtId="166" formatCode="0.0"/>\
        </numFmts>\
        <fonts count="2">\
        <font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        </fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="7">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        </cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}
