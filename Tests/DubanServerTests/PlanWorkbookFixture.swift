import Foundation
import Testing
import ZIPFoundation

/// Hand-written `.xlsx` parts for the plan workbook tests: a workbook, its relationships, shared
/// strings and worksheets, zipped with ZIPFoundation.
enum PlanWorkbookFixture {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A zip holding `files` (path → contents), deflated.
    static func zip(_ files: [(String, String)]) throws -> Data {
        try zip(bytes: files.map { ($0.0, Data($0.1.utf8)) })
    }

    /// A zip holding `files` (path → bytes), deflated.
    static func zip(bytes files: [(String, Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, contents) in files {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(contents.count),
                                 compressionMethod: .deflate) { position, size in
                contents.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    /// The parts of a workbook whose sheets are `sheets` (name → `<sheetData>` contents), in order,
    /// with `sharedStrings` (`<si>` contents) when given.
    static func parts(_ sheets: [(name: String, data: String)], sharedStrings: [String]? = nil, doctype: String = "") -> [(String, String)] {
        var parts: [(String, String)] = []
        var list = ""
        var rels = ""
        for (index, sheet) in sheets.enumerated() {
            list += "<sheet name=\"\(sheet.name)\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
            rels += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
            parts.append(("xl/worksheets/sheet\(index + 1).xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\(doctype)"
                + "<worksheet xmlns=\"\(main)\"><sheetData>\(sheet.data)</sheetData></worksheet>"))
        }
        if let sharedStrings {
            rels += "<Relationship Id=\"rId900\" Type=\"\(relationships)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            parts.append(("xl/sharedStrings.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"\(main)\" count=\"\(sharedStrings.count)\">"
                + sharedStrings.map { "<si>\($0)</si>" }.joined() + "</sst>"))
        }
        parts.append(("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"\(relationships)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"))
        parts.append(("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\">"
            + "<sheets>\(list)</sheets></workbook>"))
        parts.append(("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + rels + "</Relationships>"))
        return parts
    }

    /// A workbook of `sheets`.
    static func workbook(_ sheets: [(name: String, data: String)], sharedStrings: [String]? = nil) throws -> Data {
        try zip(parts(sheets, sharedStrings: sharedStrings))
    }

    /// An inline-string cell.
    static func inline(_ reference: String, _ text: String) -> String {
        "<c r=\"\(reference)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(text)</t></is></c>"
    }

    /// A shared-string cell.
    static func shared(_ reference: String, _ index: Int) -> String { "<c r=\"\(reference)\" t=\"s\"><v>\(index)</v></c>" }

    /// A number cell (`style` 1 as a date would have).
    static func number(_ reference: String, _ value: String, style: Int? = nil) -> String {
        "<c r=\"\(reference)\"\(style.map { " s=\"\($0)\"" } ?? "")><v>\(value)</v></c>"
    }

    /// A row of cells.
    static func row(_ number: Int, _ cells: String...) -> String { "<row r=\"\(number)\">\(cells.joined())</row>" }
}
