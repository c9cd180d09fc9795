import DubanCore
import DubanImport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a notice from a Word `.docx` file into a ``NoticeDocument`` for ``NoticeParser``.
///
/// Body paragraphs outside tables become `paragraphs` (text of `w:t`, `w:tab` → tab, `w:br`/`w:cr` → line
/// break; deleted text and field codes are left out); each table becomes rows of cells, a cell's paragraphs
/// joined with "\n". Merged cells keep the grid: a horizontally merged cell is followed by empty cells for
/// the columns it spans, and a vertically merged cell repeats the text of the cell it continues. A table
/// nested in a cell is flattened into that cell's lines. The result is ``NoticeDocument/normalized()``.
///
/// Errors are ``NoticeError``s: `docx.unreadable` (no such file), `docx.not_zip`, `docx.no_document`, `docx.too_large` (a part would inflate past
/// `maxUncompressedBytes`; extraction stops there, so a zip bomb costs at most that much memory),
/// `docx.too_many_entries` (more than ``maxEntries``), `docx.bad_xml` (including any DTD: Word writes
/// none, and a DTD's entities are how an XML "billion laughs" inflates).
public enum DocxNoticeReader {
    /// The most entries a notice's zip may hold (a Word file has a few dozen, more with many images).
    public static let maxEntries = OfficeArchive.maxEntries

    /// Reads the `.docx` file at `url`.
    public static func read(contentsOf url: URL, maxUncompressedBytes: Int = 20 << 20) throws(NoticeError) -> NoticeDocument {
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw NoticeError(
                code: "docx.unreadable", location: url.path,
                en: "The file \(url.path) does not exist or cannot be read.",
                zh: "文件 \(url.path) 不存在或无法读取。")
        }
        return try read(OfficeArchive(contentsOf: url, format: .word, maxUncompressedBytes: maxUncompressedBytes))
    }

    /// Reads a `.docx` file held in memory (an upload).
    public static func read(data: Data, maxUncompressedBytes: Int = 20 << 20) throws(NoticeError) -> NoticeDocument {
        try read(OfficeArchive(data: data, format: .word, maxUncompressedBytes: maxUncompressedBytes))
    }

    /// Reads the main document part named by `_rels/.rels` (almost always `word/document.xml`, which is
    /// the fallback when the relationships part is missing or silent).
    private static func read(_ archive: OfficeArchive) throws(NoticeError) -> NoticeDocument {
        let path = try archive.mainPartPath(fallback: "word/document.xml")
        guard let xml = try archive.xml(path) else {
            throw NoticeError(
                code: "docx.no_document", location: path,
                en: "The file is a zip archive but has no \(path); it is not a Word (.docx) document.",
                zh: "该文件是 zip 压缩包，但其中没有 \(path)，不是 Word（.docx）文档。")
        }
        return try DocumentXMLReader.read(xml, part: path).normalized()
    }
}

// MARK: - word/document.xml

/// A SAX reader of WordprocessingML that keeps only what a notice needs: paragraph text and table grids.
private final class DocumentXMLReader: NSObject, XMLParserDelegate {
    /// WordprocessingML's namespaces: transitional and strict.
    private static let wordNamespaces: Set<String> = [
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main",
    ]
    private static let markupCompatibility = "http://schemas.openxmlformats.org/markup-compatibility/2006"

    private var paragraphs: [String] = []
    private var tables: [[[String]]] = []
    private var tablePositions: [Int] = []

    /// Open paragraphs, innermost last; a paragraph inside another (a text box) is appended to its host.
    private var openParagraphs: [String] = []
    private var inText = false
    /// Inside `w:pPr/w:tabs`, whose `w:tab` children are tab stops, not tab characters.
    private var inTabStops = false
    /// Inside `mc:Fallback`, which repeats what `mc:Choice` already said.
    private var fallbackDepth = 0

    /// Open tables, outermost first. Only the outermost one keeps its grid; deeper ones flatten into its cell.
    private var tableDepth = 0
    /// Tables opened inside a paragraph (in a text box): read as paragraph text.
    private var inlineTableDepth = 0
    private var rows: [[String]] = []
    private var row: [String] = []
    private var cellLines: [String] = []
    private var cellSpan = 1
    private var cellContinuesAbove = false
    private var previousRow: [String] = []
    private var gridAfter = 0

    /// The first error the parser reported, where it happened.
    private var failure: (error: NSError, line: Int, column: Int)?
    /// Whether the root `w:document` element was closed: the whole part was read.
    private var closedRoot = false

    static func read(_ data: Data, part: String) throws(NoticeError) -> NoticeDocument {
        let reader = DocumentXMLReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        // swift-corelibs-foundation's parse() can return true after an error, and reports none for some
        // truncated documents, so the reader also checks that the root element was closed.
        let finished = parser.parse()
        if let failure = reader.failure ?? parser.parserError.map({ ($0 as NSError, parser.lineNumber, parser.columnNumber) }) {
            throw badXML(part: part, line: failure.line, column: failure.column,
                         en: "XML error \(failure.error.code)", zh: "XML 错误 \(failure.error.code)")
        }
        guard finished, reader.closedRoot else {
            throw badXML(part: part, line: parser.lineNumber, column: parser.columnNumber,
                         en: "no complete <w:document> element", zh: "没有完整的 <w:document> 元素")
        }
        return NoticeDocument(paragraphs: reader.paragraphs, tables: reader.tables, tablePositions: reader.tablePositions)
    }

    private static func badXML(part: String, line: Int, column: Int, en: String, zh: String) -> NoticeError {
        NoticeError(
            code: "docx.bad_xml", location: "\(part) line \(line), column \(column)",
            en: "The document's XML is broken (\(en)); the file is damaged.",
            zh: "文档的 XML 已损坏（\(zh)），文件无法读取。")
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if failure == nil { failure = (parseError as NSError, parser.lineNumber, parser.columnNumber) }
    }

    private func isWord(_ namespaceURI: String?) -> Bool {
        namespaceURI.map(Self.wordNamespaces.contains) ?? false
    }

    /// The `w:val` attribute, whatever prefix the document binds to the namespace.
    private func value(_ attributes: [String: String]) -> String? {
        attributes.first { key, _ in key == "val" || key.hasSuffix(":val") }?.value
    }

    private var gridHasRoom: Bool { tableDepth == 1 && inlineTableDepth == 0 }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        if namespaceURI == Self.markupCompatibility && elementName == "Fallback" { fallbackDepth += 1 }
        guard fallbackDepth == 0, isWord(namespaceURI) else { return }
        switch elementName {
        case "p":
            openParagraphs.append("")
        case "t":
            inText = true
        case "tab":
            if !openParagraphs.isEmpty && !inTabStops { openParagraphs[openParagraphs.count - 1] += "\t" }
        case "tabs":
            inTabStops = true
        case "br", "cr":
            if !openParagraphs.isEmpty { openParagraphs[openParagraphs.count - 1] += "\n" }
        case "noBreakHyphen":
            if !openParagraphs.isEmpty { openParagraphs[openParagraphs.count - 1] += "-" }
        case "tbl":
            if !openParagraphs.isEmpty || inlineTableDepth > 0 {
                inlineTableDepth += 1
            } else {
                tableDepth += 1
                if tableDepth == 1 {
                    rows = []
                    previousRow = []
                    tablePositions.append(paragraphs.count)
                }
            }
        case "tr" where gridHasRoom:
            row = []
            gridAfter = 0
        case "gridBefore" where gridHasRoom:
            row += Array(repeating: "", count: max(0, Int(value(attributes) ?? "") ?? 0))
        case "gridAfter" where gridHasRoom:
            gridAfter = max(0, Int(value(attributes) ?? "") ?? 0)
        case "tc" where gridHasRoom:
            cellLines = []
            cellSpan = 1
            cellContinuesAbove = false
        case "gridSpan" where gridHasRoom:
            cellSpan = max(1, Int(value(attributes) ?? "") ?? 1)
        case "vMerge" where gridHasRoom:
            // No value, or "continue", continues the cell above; "restart" starts a merged block.
            cellContinuesAbove = value(attributes) != "restart"
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        if namespaceURI == Self.markupCompatibility && elementName == "Fallback" {
            fallbackDepth -= 1
            return
        }
        guard fallbackDepth == 0, isWord(namespaceURI) else { return }
        switch elementName {
        case "document":
            closedRoot = true
        case "t":
            inText = false
        case "tabs":
            inTabStops = false
        case "p":
            guard let text = openParagraphs.popLast() else { return }
            if !openParagraphs.isEmpty {
                let host = openParagraphs.count - 1
                openParagraphs[host] += (openParagraphs[host].isEmpty || text.isEmpty ? "" : "\n") + text
            } else if tableDepth > 0 {
                cellLines.append(text)
            } else {
                paragraphs.append(text)
            }
        case "tbl":
            if inlineTableDepth > 0 {
                inlineTableDepth -= 1
            } else if tableDepth > 0 {
                tableDepth -= 1
                if tableDepth == 0 { tables.append(rows) }
            }
        case "tc" where gridHasRoom:
            let column = row.count
            var text = cellLines.joined(separator: "\n")
            if cellContinuesAbove && column < previousRow.count { text = previousRow[column] }
            row.append(text)
            row += Array(repeating: "", count: cellSpan - 1)
        case "tr" where gridHasRoom:
            row += Array(repeating: "", count: gridAfter)
            rows.append(row)
            previousRow = row
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard inText, fallbackDepth == 0, !openParagraphs.isEmpty else { return }
        openParagraphs[openParagraphs.count - 1] += string
    }
}
