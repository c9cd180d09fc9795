import DubanImport
import DubanSpreadsheet
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the sheets of an `.xlsx` workbook, as values, under ``OfficeArchive``'s limits and these:
/// at most ``Limits/rows`` rows with a value per sheet (reading stops at the next one, so a sheet of
/// a million rows costs no more than the limit), ``Limits/columns`` columns, ``XLSXValues/maximumCellLength``
/// characters a cell. Nothing is evaluated: a formula gives its cached value, or the cell is refused.
struct XLSXWorkbookReader {
    /// What a sheet may hold.
    struct Limits {
        /// Rows with at least one value.
        var rows: Int
        /// Columns: a value in a column past this many is refused.
        var columns: Int
    }

    /// A sheet as `xl/workbook.xml` lists it.
    struct Sheet {
        var name: String
        var part: String
    }

    let archive: OfficeArchive
    /// The workbook's sheets in tab order.
    let sheets: [Sheet]
    private let sharedStrings: [String]

    /// Opens the workbook and reads its sheet list and shared strings.
    init(data: Data, maxUncompressedBytes: Int) throws(NoticeError) {
        archive = try OfficeArchive(data: data, format: .excel, maxUncompressedBytes: maxUncompressedBytes)
        let workbookPath = try archive.mainPartPath(fallback: "xl/workbook.xml")
        guard let workbook = try archive.xml(workbookPath) else {
            throw NoticeError(
                code: "xlsx.no_workbook", location: workbookPath,
                en: "The file is a zip archive but has no \(workbookPath); it is not an Excel (.xlsx) workbook.",
                zh: "该文件是 zip 压缩包，但其中没有 \(workbookPath)，不是 Excel（.xlsx）工作簿。")
        }
        let folder = workbookPath.contains("/") ? String(workbookPath[..<workbookPath.lastIndex(of: "/")!]) + "/" : ""
        let relsPath = folder + "_rels/" + (workbookPath.split(separator: "/").last.map(String.init) ?? "workbook.xml") + ".rels"
        let relationships = try archive.xml(relsPath).map(RelationshipsReader.relationships(in:)) ?? []
        func resolve(_ target: String) -> String {
            target.hasPrefix("/") ? String(target.dropFirst()) : folder + target
        }
        let targets = Dictionary(relationships.map { ($0.id, resolve($0.target)) }, uniquingKeysWith: { first, _ in first })
        let listed = try WorkbookSheetsReader.sheets(in: workbook, part: workbookPath)
        sheets = listed.enumerated().map { index, sheet in
            Sheet(name: sheet.name, part: sheet.relationship.flatMap { targets[$0] } ?? "\(folder)worksheets/sheet\(index + 1).xml")
        }
        let stringsPath = relationships.first { $0.type.hasSuffix("/sharedStrings") }.map { resolve($0.target) }
            ?? folder + "sharedStrings.xml"
        if let strings = try archive.xml(stringsPath) {
            sharedStrings = try SharedStringsReader.strings(in: strings, part: stringsPath)
        } else {
            sharedStrings = []
        }
    }

    /// The rows with a value of `sheet`, in order.
    func rows(of sheet: Sheet, limits: Limits) throws(NoticeError) -> [XLSXRow] {
        guard let data = try archive.xml(sheet.part) else {
            throw NoticeError(
                code: "xlsx.no_sheet", location: sheet.part,
                en: "The workbook lists the sheet “\(sheet.name)” but has no part \(sheet.part); the file is damaged.",
                zh: "工作簿列出了工作表“\(sheet.name)”，但缺少 \(sheet.part)，文件已损坏。")
        }
        return try WorksheetReader.rows(in: data, sheet: sheet.name, part: sheet.part, sharedStrings: sharedStrings, limits: limits)
    }

    static func badXML(part: String, line: Int, column: Int, detail: String) -> NoticeError {
        NoticeError(
            code: "xlsx.bad_xml", location: "\(part) line \(line), column \(column)",
            en: "The workbook's XML is broken (\(detail)); the file is damaged.",
            zh: "工作簿的 XML 已损坏（\(detail)），文件无法读取。")
    }

    /// Runs `parser` over its data; a parse error (or a part that does not close its root) is `xlsx.bad_xml`.
    static func run(_ parser: XMLParser, part: String, closedRoot: () -> Bool, failure: () -> NoticeError?) throws(NoticeError) {
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let finished = parser.parse()
        if let failure = failure() { throw failure }
        if let error = parser.parserError {
            throw badXML(part: part, line: parser.lineNumber, column: parser.columnNumber, detail: "XML error \((error as NSError).code)")
        }
        guard finished, closedRoot() else {
            throw badXML(part: part, line: parser.lineNumber, column: parser.columnNumber, detail: "the root element is not closed")
        }
    }
}

/// The local name of a possibly prefixed element or attribute name: `x:sheet` → `sheet`.
private func localName(_ name: String) -> Substring {
    name.lastIndex(of: ":").map { name[name.index(after: $0)...] } ?? name[...]
}

// MARK: - xl/workbook.xml

/// The `<sheet name r:id>` elements of a workbook part.
private final class WorkbookSheetsReader: NSObject, XMLParserDelegate {
    private var sheets: [(name: String, relationship: String?)] = []
    private var closedRoot = false

    static func sheets(in data: Data, part: String) throws(NoticeError) -> [(name: String, relationship: String?)] {
        let reader = WorkbookSheetsReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        try XLSXWorkbookReader.run(parser, part: part, closedRoot: { reader.closedRoot }, failure: { nil })
        return reader.sheets
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        guard localName(elementName) == "sheet", sheets.count < 1_000 else { return }
        let relationship = attributes.first { key, _ in key.hasSuffix(":id") }?.value
        sheets.append((attributes["name"] ?? "", relationship))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if localName(elementName) == "workbook" { closedRoot = true }
    }
}

// MARK: - xl/sharedStrings.xml

/// The shared strings: each `<si>`'s text, its rich-text runs concatenated, phonetic runs (`<rPh>`) left out.
private final class SharedStringsReader: NSObject, XMLParserDelegate {
    private var strings: [String] = []
    private var current = ""
    private var inItem = false
    private var inText = false
    private var phoneticDepth = 0
    private var closedRoot = false
    private var failure: NoticeError?
    private let part: String

    private init(part: String) { self.part = part }

    static func strings(in data: Data, part: String) throws(NoticeError) -> [String] {
        let reader = SharedStringsReader(part: part)
        let parser = XMLParser(data: data)
        parser.delegate = reader
        try XLSXWorkbookReader.run(parser, part: part, closedRoot: { reader.closedRoot }, failure: { reader.failure })
        return reader.strings
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        switch localName(elementName) {
        case "si": inItem = true; current = ""
        case "rPh": phoneticDepth += 1
        case "t": inText = inItem && phoneticDepth == 0
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch localName(elementName) {
        case "si":
            inItem = false
            strings.append(current)
        case "rPh": phoneticDepth -= 1
        case "t": inText = false
        case "sst": closedRoot = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard inText else { return }
        current += string
        if current.utf16.count > XLSXValues.maximumCellLength * 2 && failure == nil {
            failure = NoticeError(
                code: "xlsx.cell_too_long", location: "\(part) string \(strings.count)",
                en: "Shared string \(strings.count) is longer than \(XLSXValues.maximumCellLength) characters, which no spreadsheet cell holds.",
                zh: "共享字符串 \(strings.count) 超过 \(XLSXValues.maximumCellLength) 个字符，超出单元格的容量。")
            parser.abortParsing()
        }
    }
}

// MARK: - xl/worksheets/sheetN.xml

/// A SAX reader of a worksheet's `<sheetData>` that stops at the first thing it refuses.
private final class WorksheetReader: NSObject, XMLParserDelegate {
    private let sheet: String
    private let part: String
    private let sharedStrings: [String]
    private let limits: XLSXWorkbookReader.Limits

    private var rows: [XLSXRow] = []
    private var rowNumber = 0
    private var rowCells: [XLSXValue?] = []
    private var column = -1
    private var reference = ""
    private var type = "n"
    private var hasFormula = false
    private var value: String?
    private var inline: String?
    private var inValue = false
    private var inInlineText = false
    private var phoneticDepth = 0
    private var closedRoot = false
    private var failure: NoticeError?
    /// Merged ranges (`<mergeCell ref="A2:A3"/>`, after the sheet data): top-left, bottom-right.
    private var merges: [(top: (column: Int, row: Int), bottom: (column: Int, row: Int))] = []
    /// More merged ranges than a plan sheet has cells is a damaged or hostile file.
    static let maxMerges = 10_000

    private init(sheet: String, part: String, sharedStrings: [String], limits: XLSXWorkbookReader.Limits) {
        self.sheet = sheet
        self.part = part
        self.sharedStrings = sharedStrings
        self.limits = limits
    }

    static func rows(in data: Data, sheet: String, part: String, sharedStrings: [String],
                     limits: XLSXWorkbookReader.Limits) throws(NoticeError) -> [XLSXRow] {
        let reader = WorksheetReader(sheet: sheet, part: part, sharedStrings: sharedStrings, limits: limits)
        let parser = XMLParser(data: data)
        parser.delegate = reader
        try XLSXWorkbookReader.run(parser, part: part, closedRoot: { reader.closedRoot }, failure: { reader.failure })
        return reader.mergedRows()
    }

    /// The rows with each vertically merged cell's value carried down its range, as a Word table's merged
    /// cells read (`DocxNoticeReader`): a task with two sub-rows under one merged 序号 and unit cell
    /// reads the same from either file. Cells merged across columns stay empty beside the first.
    private func mergedRows() -> [XLSXRow] {
        guard !merges.isEmpty else { return rows }
        var result = rows
        var index: [Int: Int] = [:]
        for (position, row) in result.enumerated() { index[row.number] = position }
        for merge in merges where merge.bottom.row > merge.top.row {
            guard let first = index[merge.top.row], merge.top.column < result[first].cells.count,
                  let value = result[first].cells[merge.top.column] else { continue }
            // Only the rows the sheet has: a range reaching row 1 048 576 walks no further than they do.
            for position in (first + 1)..<result.count {
                let number = result[position].number
                guard number <= merge.bottom.row else { break }
                if result[position].cells.count <= merge.top.column {
                    result[position].cells += Array(repeating: nil, count: merge.top.column + 1 - result[position].cells.count)
                }
                if result[position].cells[merge.top.column] == nil { result[position].cells[merge.top.column] = value }
            }
        }
        return result
    }

    private func fail(_ parser: XMLParser, code: String, location: String? = nil, en: String, zh: String) {
        guard failure == nil else { return }
        failure = NoticeError(code: "xlsx.\(code)", location: location ?? "sheet “\(sheet)” cell \(reference)", en: en, zh: zh)
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        guard failure == nil else { return }
        switch localName(elementName) {
        case "row":
            rowNumber = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
            rowCells = []
            column = -1
        case "c":
            if let r = attributes["r"] {
                guard let position = XLSXValues.position(of: r) else {
                    reference = r
                    fail(parser, code: "bad_reference",
                         en: "“\(r)” is not a cell reference (expected a column and a row, like B3).",
                         zh: "“\(r)”不是单元格引用（应为列和行，例如 B3）。")
                    return
                }
                column = position.column
                if position.row != rowNumber { rowNumber = position.row }
            } else {
                column += 1
            }
            reference = XLSXValues.columnName(column) + String(rowNumber)
            type = attributes["t"] ?? "n"
            hasFormula = false
            value = nil
            inline = nil
            inValue = false
            inInlineText = false
        case "mergeCell":
            let corners = (attributes["ref"] ?? "").split(separator: ":").map(String.init)
            guard corners.count == 2, let top = XLSXValues.position(of: corners[0]), let bottom = XLSXValues.position(of: corners[1]),
                  bottom.row >= top.row, bottom.column >= top.column else { return }
            guard merges.count < Self.maxMerges else {
                fail(parser, code: "too_many_merges", location: "sheet “\(sheet)”",
                     en: "The sheet “\(sheet)” has more than \(Self.maxMerges) merged ranges; a plan has far fewer. The file is refused.",
                     zh: "工作表“\(sheet)”的合并单元格超过 \(Self.maxMerges) 处，计划表不会有这么多，文件已拒绝。")
                return
            }
            merges.append((top, bottom))
        case "f": hasFormula = true
        case "v": inValue = true; value = value ?? ""
        case "is": inline = ""
        case "rPh": phoneticDepth += 1
        case "t": inInlineText = inline != nil && phoneticDepth == 0
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard failure == nil else { return }
        switch localName(elementName) {
        case "v": inValue = false
        case "t": inInlineText = false
        case "rPh": phoneticDepth -= 1
        case "c": endCell(parser)
        case "row":
            guard rowCells.contains(where: { $0 != nil }) else { return }
            guard rows.count < limits.rows else {
                fail(parser, code: "too_many_rows", location: "sheet “\(sheet)” row \(rowNumber)",
                     en: "The sheet “\(sheet)” has more than \(limits.rows) rows; a plan has far fewer. Split the file or remove the extra rows.",
                     zh: "工作表“\(sheet)”超过 \(limits.rows) 行，计划不会有这么多行。请删除多余的行或拆分文件。")
                return
            }
            rows.append(XLSXRow(number: rowNumber, cells: rowCells))
        case "worksheet": closedRoot = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard failure == nil else { return }
        if inValue, value != nil {
            value? += string
        } else if inInlineText, inline != nil {
            inline? += string
        } else {
            return
        }
        if (value?.utf16.count ?? 0) + (inline?.utf16.count ?? 0) > XLSXValues.maximumCellLength * 2 { tooLong(parser) }
    }

    private func tooLong(_ parser: XMLParser) {
        fail(parser, code: "cell_too_long",
             en: "The cell holds more than \(XLSXValues.maximumCellLength) characters, which no spreadsheet cell holds.",
             zh: "该单元格超过 \(XLSXValues.maximumCellLength) 个字符，超出单元格的容量。")
    }

    private func endCell(_ parser: XMLParser) {
        let cell: XLSXValue?
        switch type {
        case "s":
            guard let value else { cell = nil; break }
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)), sharedStrings.indices.contains(index) else {
                fail(parser, code: "bad_shared_string",
                     en: "The cell refers to shared string \(value), but the workbook has \(sharedStrings.count) (0 to \(sharedStrings.count - 1)); the file is damaged.",
                     zh: "该单元格引用共享字符串 \(value)，但工作簿只有 \(sharedStrings.count) 个（0 至 \(sharedStrings.count - 1)），文件已损坏。")
                return
            }
            cell = .text(sharedStrings[index])
        case "inlineStr":
            cell = (inline ?? value).map(XLSXValue.text)
        case "str", "d":
            cell = value.map(XLSXValue.text)
        case "b":
            cell = value.map { .bool($0.trimmingCharacters(in: .whitespaces) == "1") }
        case "e":
            guard let value else { cell = nil; break }
            fail(parser, code: "cell_error",
                 en: "The cell holds the error \(value); correct it (or type the value) and save again.",
                 zh: "该单元格的值是错误 \(value)，请改正（或直接填写数值）后重新保存。")
            return
        default:
            guard let value else { cell = nil; break }
            guard let number = Double(value.trimmingCharacters(in: .whitespaces)), number.isFinite else {
                fail(parser, code: "bad_number",
                     en: "The cell is a number cell but holds “\(value.prefix(40))”; the file is damaged.",
                     zh: "该单元格是数值单元格，但内容为“\(value.prefix(40))”，文件已损坏。")
                return
            }
            cell = .number(number)
        }
        if cell == nil && hasFormula {
            fail(parser, code: "formula_without_value",
                 en: "The cell holds a formula without a saved value; formulas are not evaluated. Open the file in Excel, WPS or LibreOffice and save it (which stores the values), or type the value.",
                 zh: "该单元格是公式，但没有保存计算结果；系统不计算公式。请在 Excel、WPS 或 LibreOffice 中打开并保存（会保存结果），或直接填写数值。")
            return
        }
        guard let cell else { return }
        if case .text(let text) = cell, text.count > XLSXValues.maximumCellLength {
            tooLong(parser)
            return
        }
        if case .text(let text) = cell, text.isEmpty { return }
        guard column < limits.columns else {
            fail(parser, code: "too_many_columns",
                 en: "The sheet “\(sheet)” has a value in column \(XLSXValues.columnName(column)), past the \(limits.columns) columns a plan sheet may have.",
                 zh: "工作表“\(sheet)”在第 \(XLSXValues.columnName(column)) 列有内容，超过计划表允许的 \(limits.columns) 列。")
            return
        }
        if rowCells.count <= column { rowCells += Array(repeating: nil, count: column + 1 - rowCells.count) }
        rowCells[column] = cell
    }
}
