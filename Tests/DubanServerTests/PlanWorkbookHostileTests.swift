import DubanCore
import DubanImport
import DubanServer
import DubanTestSupport
import Foundation
import Testing

/// Hostile plan workbooks: a zip bomb, 100 000 rows, too many columns and entries, a DTD, a formula
/// with no saved value, a shared string that does not exist, a cell error, broken XML. Each ends in a
/// clear `NoticeError`, quickly, without inflating past the limit.
@Suite struct PlanWorkbookHostileTests {
    typealias F = PlanWorkbookFixture

    static let header = F.row(1, F.inline("A1", "序号"), F.inline("B1", "标题"))

    /// A workbook whose tasks sheet is the header then `rows`.
    static func tasks(_ rows: String, sharedStrings: [String]? = nil) throws -> [UInt8] {
        Array(try F.workbook([("任务 tasks", header + rows)], sharedStrings: sharedStrings))
    }

    /// Hostile workbooks, the error code each must get, and the location when it matters.
    static func cases() throws -> [(name: String, bytes: [UInt8], code: String, location: String?)] {
        var cases: [(name: String, bytes: [UInt8], code: String, location: String?)] = []
        cases.append(("plain text named .xlsx", Array("这不是工作簿".utf8), "xlsx.not_zip", nil))
        cases.append(("empty file", [], "xlsx.not_zip", nil))
        cases.append(("a zip without a workbook", Array(try F.zip([("word/document.xml", "<x/>")])), "xlsx.no_workbook", nil))

        // A sheet inflating to 2 GiB from a few MiB, its header truthful or claiming 1000 bytes.
        let workbook = "<?xml version=\"1.0\"?><workbook xmlns=\"\(F.main)\"><sheets><sheet name=\"tasks\" sheetId=\"1\"/></sheets></workbook>"
        let bomb = HostileZip.deflateBomb(prefix: Array("<worksheet xmlns=\"\(F.main)\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>".utf8),
                                          repeatedBytes: 2 << 30)
        for claim in [UInt32(min(bomb.inflatedSize, Int(UInt32.max))), 1000] {
            cases.append(("a 2 GiB sheet, header claims \(claim) bytes", HostileZip.archive([
                .stored("xl/workbook.xml", Array(workbook.utf8)),
                HostileZip.Entry(name: "xl/worksheets/sheet1.xml", method: 8, data: bomb.stream, claimedSize: claim),
            ]), "xlsx.too_large", "xl/worksheets/sheet1.xml"))
        }

        var many = (0..<20_000).map { HostileZip.Entry.stored("xl/media/image\($0).png", [0x89, 0x50]) }
        many.append(.stored("xl/workbook.xml", Array(workbook.utf8)))
        cases.append(("20 000 entries", HostileZip.archive(many), "xlsx.too_many_entries", nil))

        let rows = (2...100_001).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0 - 1)</v></c></row>" }.joined()
        cases.append(("100 000 rows", try tasks(rows), "xlsx.too_many_rows", "sheet “任务 tasks” row 5001"))
        cases.append(("a value in column 201", try tasks(F.row(2, F.number("A2", "1"), F.inline("GS2", "x"))),
                      "xlsx.too_many_columns", "sheet “任务 tasks” cell GS2"))
        cases.append(("a value in column XFD", try tasks(F.row(2, F.inline("XFD2", "x"))), "xlsx.too_many_columns", nil))
        cases.append(("a reference past XFD", try tasks(F.row(2, F.inline("XFE2", "x"))), "xlsx.bad_reference", nil))
        cases.append(("a cell of 40 000 characters", try tasks(F.row(2, F.inline("B2", String(repeating: "字", count: 40_000)))),
                      "xlsx.cell_too_long", "sheet “任务 tasks” cell B2"))
        cases.append(("a formula without a cached value", try tasks(F.row(2, F.number("A2", "1"), "<c r=\"B2\"><f>SUM(A1:A2)</f></c>")),
                      "xlsx.formula_without_value", "sheet “任务 tasks” cell B2"))
        cases.append(("a string formula without a cached value", try tasks(F.row(2, "<c r=\"B2\" t=\"str\"><f>A1&amp;A2</f></c>")),
                      "xlsx.formula_without_value", "sheet “任务 tasks” cell B2"))
        cases.append(("a shared string out of range", try tasks(F.row(2, F.number("A2", "1"), F.shared("B2", 7)), sharedStrings: ["<t>一</t>"]),
                      "xlsx.bad_shared_string", "sheet “任务 tasks” cell B2"))
        cases.append(("a shared string without the part", try tasks(F.row(2, F.shared("B2", 0))), "xlsx.bad_shared_string",
                      "sheet “任务 tasks” cell B2"))
        cases.append(("a negative shared string", try tasks(F.row(2, F.shared("B2", -1)), sharedStrings: ["<t>一</t>"]),
                      "xlsx.bad_shared_string", nil))
        cases.append(("a cell error", try tasks(F.row(2, "<c r=\"B2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>")), "xlsx.cell_error", nil))
        cases.append(("a number cell holding text", try tasks(F.row(2, F.number("B2", "abc"))), "xlsx.bad_number", nil))

        // The XML "billion laughs", in a sheet and in the shared strings.
        var entities = "<!ENTITY lol0 \"lol\">"
        for level in 1...10 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let laughs = F.parts([("tasks", header + F.row(2, F.inline("A2", "&lol10;")))], doctype: "<!DOCTYPE worksheet [\(entities)]>")
        cases.append(("an entity bomb in a sheet", Array(try F.zip(laughs)), "xlsx.bad_xml", "xl/worksheets/sheet1.xml"))
        var external = F.parts([("tasks", header + F.row(2, F.shared("A2", 0)))], sharedStrings: ["<t>&x;</t>"])
        external = external.map { path, text in
            path == "xl/sharedStrings.xml"
                ? (path, text.replacingOccurrences(of: "?><sst", with: "?><!DOCTYPE sst [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><sst"))
                : (path, text)
        }
        cases.append(("an external entity in the shared strings", Array(try F.zip(external)), "xlsx.bad_xml", "xl/sharedStrings.xml"))
        // The same DTD written in UTF-16 (its bytes never spell <!DOCTYPE in ASCII), and a declared encoding
        // in which they need not either.
        let wide = external.map { path, text in
            path == "xl/sharedStrings.xml"
                ? (path, Data([0xFF, 0xFE]) + text.replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
                    .data(using: .utf16LittleEndian)!)
                : (path, Data(text.utf8))
        }
        cases.append(("a DTD in a UTF-16 part", Array(try F.zip(bytes: wide)), "xlsx.bad_xml", "xl/sharedStrings.xml"))
        let seven = F.parts([("tasks", header)]).map { path, text in
            path == "xl/worksheets/sheet1.xml"
                ? (path, text.replacingOccurrences(of: "<?xml version=\"1.0\"", with: "<?xml version=\"1.0\" encoding=\"UTF-7\""))
                : (path, text)
        }
        cases.append(("a part in UTF-7", Array(try F.zip(seven)), "xlsx.bad_xml", "xl/worksheets/sheet1.xml"))
        let manyMerges = "<mergeCells>" + (0..<10_001).map { "<mergeCell ref=\"A\($0 * 2 + 2):A\($0 * 2 + 3)\"/>" }.joined() + "</mergeCells>"
        let merged = F.parts([("tasks", header)]).map { path, text in
            path == "xl/worksheets/sheet1.xml" ? (path, text.replacingOccurrences(of: "</sheetData>", with: "</sheetData>" + manyMerges)) : (path, text)
        }
        cases.append(("10 001 merged ranges", Array(try F.zip(merged)), "xlsx.too_many_merges", nil))
        let truncated = F.parts([("tasks", header)]).map { path, text in
            path == "xl/worksheets/sheet1.xml" ? (path, String(text.dropLast(20))) : (path, text)
        }
        cases.append(("a truncated sheet", Array(try F.zip(truncated)), "xlsx.bad_xml", nil))
        let deep = String(repeating: "<row><c>", count: 35_000)
        cases.append(("elements nested 35 000 deep", try tasks(deep), "xlsx.bad_xml", nil))
        return cases
    }

    @Test func hostileWorkbooksEndInAClearErrorQuickly() throws {
        for (name, bytes, code, location) in try Self.cases() {
            #expect(bytes.count <= NoticeFile.maxFileBytes, "\(name) is \(bytes.count) bytes")
            let started = ContinuousClock.now
            do {
                let workbook = try PlanWorkbook.read(xlsx: Data(bytes))
                Issue.record("\(name) was read: \(workbook.document.tables.first?.prefix(3) ?? [])")
            } catch {
                #expect(error.code == code, "\(name): \(error)")
                if let location { #expect(error.location == location, "\(name): \(error)") }
                #expect(!error.message.en.isEmpty && !error.message.zh.isEmpty)
            }
            let elapsed = ContinuousClock.now - started
            #expect(elapsed < .seconds(20), "\(name) took \(elapsed)")
            print("hostile input: workbook \(name) (\(bytes.count) bytes) refused in \(elapsed)")
        }
    }

    @Test func aCellOpenedInsideAValueDoesNotCrashTheReader() throws {
        // Valid XML, not a valid sheet: the reader must answer (read or refuse), never trap.
        let bytes = try Self.tasks("<row r=\"2\"><c r=\"A2\"><v><c r=\"B2\"/>1</v></c><c r=\"B2\" t=\"inlineStr\"><is><c/><t>x</t></is></c></row>")
        do {
            _ = try PlanWorkbook.read(xlsx: Data(bytes))
        } catch {
            #expect(error.code.hasPrefix("xlsx."))
        }
    }

    @Test func aHundredThousandRowsAreRefusedQuickly() throws {
        let rows = (2...100_001).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0 - 1)</v></c><c r=\"B\($0)\" t=\"inlineStr\"><is><t>任务</t></is></c></row>" }
        let data = try F.workbook([("任务 tasks", Self.header + rows.joined())])
        let started = ContinuousClock.now
        #expect(throws: NoticeError.self) { try PlanWorkbook.read(xlsx: data) }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(5), "took \(elapsed)")
        do {
            _ = try PlanWorkbook.read(xlsx: data)
        } catch {
            #expect(error.code == "xlsx.too_many_rows")
            #expect(error.message.en.contains("5000") && error.message.zh.contains("任务 tasks"))
        }
    }

    @Test func hostileCSVEndsInAClearError() throws {
        let many = "序号,标题\r\n" + (1...100_000).map { "\($0),任务\r\n" }.joined()
        let started = ContinuousClock.now
        do {
            _ = try PlanWorkbook.read(csv: many)
            Issue.record("100 000 rows were read")
        } catch {
            #expect(error.code == "csv.too_many_rows")
        }
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(throws: NoticeError.self) { try PlanWorkbook.read(csv: "序号,标题\r\n1,\"never closed\r\n") }
        #expect(throws: NoticeError.self) { try PlanWorkbook.read(csv: "序号," + String(repeating: "x,", count: 250) + "y\r\n1,a\r\n") }
        #expect(throws: NoticeError.self) { try PlanWorkbook.read(csv: "# 预算,5\r\n序号,标题\r\n1,a\r\n") }
    }
}
