import DubanCore
import Foundation
import ZIPFoundation

/// Writes Office Open XML workbooks (`.xlsx`) that Excel, WPS, LibreOffice and openpyxl open: one or
/// more ``XLSXSheet``s, each with a bold header row frozen at the top, text as inline strings (Chinese
/// kept as written), numbers as numeric cells, days and moments as date cells, and no cell at all for
/// a missing value.
///
/// The parts, zipped with ZIPFoundation: `[Content_Types].xml`, `_rels/.rels`, `docProps/core.xml`,
/// `docProps/app.xml`, `xl/workbook.xml`, `xl/_rels/workbook.xml.rels`, `xl/styles.xml`, and
/// `xl/worksheets/sheet1.xml`, `sheet2.xml`, … in the order of the sheets.
public enum XLSXWorkbookWriter {
    /// The cell formats of `xl/styles.xml` (indexes into `cellXfs`).
    public enum Style: Int, Sendable {
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

    /// The workbook's bytes. `timeZone`: the zone whose wall-clock time a ``XLSXCell/time(_:)`` shows
    /// (a spreadsheet's date-times have none). `modified`: the parts' date in the archive.
    public static func workbook(_ sheets: [XLSXSheet], timeZone: TimeZone, modified: Date = Date()) throws(XLSXWriteError) -> Data {
        let sheets = sheets.isEmpty ? [XLSXSheet(name: "Sheet1", headers: [], rows: [])] : sheets
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", packageRelationships),
            ("docProps/core.xml", coreProperties(modified: modified)),
            ("docProps/app.xml", appProperties),
            ("xl/workbook.xml", workbookXML(sheetNames: uniqueNames(sheets.map { XLSXValues.safeSheetName($0.name) }))),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", styles),
        ]
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", worksheet(sheet, selected: index == 0, timeZone: timeZone)))
        }
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for (path, text) in parts {
                let data = Data(text.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: modified,
                                     compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw XLSXWriteError(detail: "no archive data") }
            return data
        } catch let error as XLSXWriteError {
            throw error
        } catch {
            throw XLSXWriteError(detail: "\(error)")
        }
    }

    /// Names made distinct (Excel refuses two tabs of one name): a repeat gets ` (2)`, ` (3)`, ….
    static func uniqueNames(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.map { name in
            var candidate = name
            var number = 2
            while seen.contains(candidate.lowercased()) {
                let suffix = " (\(number))"
                candidate = String(name.prefix(31 - suffix.count)) + suffix
                number += 1
            }
            seen.insert(candidate.lowercased())
            return candidate
        }
    }

    // MARK: A sheet

    /// A worksheet part.
    public static func worksheet(_ sheet: XLSXSheet, selected: Bool = true, timeZone: TimeZone) -> String {
        let columnCount = max(sheet.headers.count, sheet.rows.map(\.count).max() ?? 0)
        let lastCell = XLSXValues.columnName(max(columnCount, 1) - 1) + String(sheet.rows.count + 1)
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(mainNamespace)" xmlns:r="\(relationshipNamespace)">\
            <dimension ref="A1:\(lastCell)"/>\
            <sheetViews><sheetView\(selected ? " tabSelected=\"1\"" : "") workbookViewId="0">\
            <pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
            <selection pane="bottomLeft" activeCell="A2" sqref="A2"/>\
            </sheetView></sheetViews>\
            <sheetFormatPr defaultRowHeight="15"/>
            """
        if columnCount > 0 {
            xml += "<cols>"
            for column in 0..<columnCount {
                let width = column < sheet.columnWidths.count ? sheet.columnWidths[column] : XLSXSheet.defaultColumnWidth
                xml += "<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        xml += "<row r=\"1\">"
        for (column, header) in sheet.headers.enumerated() {
            xml += inlineString(header, reference: XLSXValues.columnName(column) + "1", style: .header)
        }
        xml += "</row>"
        for (index, row) in sheet.rows.enumerated() {
            let line = index + 2
            xml += "<row r=\"\(line)\">"
            for (column, cell) in row.enumerated() {
                xml += self.cell(cell, reference: XLSXValues.columnName(column) + String(line), timeZone: timeZone)
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        xml += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        xml += "</worksheet>"
        return xml
    }

    /// One `<c>` element; nothing for an empty cell (no value is no cell).
    public static func cell(_ cell: XLSXCell, reference: String, timeZone: TimeZone) -> String {
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
            return numeric(XLSXValues.number(value), reference: reference, style: style)
        case .date(let date):
            return numeric(String(XLSXValues.serial(of: date)), reference: reference, style: .date)
        case .time(let moment):
            return numeric(XLSXValues.number(XLSXValues.serial(of: moment, in: timeZone)), reference: reference, style: .dateTime)
        case .empty:
            return ""
        }
    }

    static func inlineString(_ text: String, reference: String, style: Style) -> String {
        var text = text
        if text.count > XLSXValues.maximumCellLength { text = String(text.prefix(XLSXValues.maximumCellLength)) }
        let styled = style == .general ? "" : " s=\"\(style.rawValue)\""
        return "<c r=\"\(reference)\"\(styled) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(XLSXValues.escape(text))</t></is></c>"
    }

    static func numeric(_ value: String, reference: String, style: Style) -> String {
        let styled = style == .general ? "" : " s=\"\(style.rawValue)\""
        return "<c r=\"\(reference)\"\(styled)><v>\(value)</v></c>"
    }

    // MARK: The fixed parts

    /// SpreadsheetML's main namespace (transitional).
    public static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    /// The namespace of relationship attributes (`r:id`).
    public static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func contentTypes(sheetCount: Int) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
            """
        for index in 1...max(sheetCount, 1) {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        xml += """
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
            <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
            </Types>
            """
        return xml
    }

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

    static func workbookXML(sheetNames: [String]) -> String {
        var sheets = ""
        for (index, name) in sheetNames.enumerated() {
            sheets += "<sheet name=\"\(XLSXValues.escape(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="\(mainNamespace)" xmlns:r="\(relationshipNamespace)">\
            <bookViews><workbookView activeTab="0"/></bookViews>\
            <sheets>\(sheets)</sheets>\
            </workbook>
            """
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            """
        for index in 1...max(sheetCount, 1) {
            xml += "<Relationship Id=\"rId\(index)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(index).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(max(sheetCount, 1) + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        xml += "</Relationships>"
        return xml
    }

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

/// Why a workbook could not be written (the zip library failed).
public struct XLSXWriteError: Error, Sendable, CustomStringConvertible {
    /// What the zip library said.
    public var detail: String

    /// Makes an error.
    public init(detail: String) { self.detail = detail }

    /// In English.
    public var description: String { "the workbook could not be written (\(detail))" }
}
