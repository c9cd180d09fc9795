@testable import DubanClient
import DubanCore
import DubanSpreadsheet
import Foundation
import DubanTestSupport
import Testing

/// A line of a made-up export: every kind of cell a listing has.
struct ExportSample: Codable, Sendable, Equatable {
    var number: Int
    var name: String
    var day: LocalDate?
    var received: Date?
    var rate: Double?
    var amount: Double?
}

extension Listing where Row == ExportSample {
    static let sample = Listing([
        .typed("no.", "序号", alignment: .right) { row, _ in .integer(row.number) },
        Column("name", "名称") { row, _ in row.name },
        .typed("day", "日期") { row, _ in .date(row.day) },
        .typed("received", "接收时间") { row, _ in .time(row.received) },
        .typed("rate %", "报送率%", alignment: .right) { row, _ in .percent(row.rate) },
        .typed("amount", "数量", alignment: .right) { row, _ in row.amount.map { .number($0, decimals: nil) } ?? .blank },
    ])
}

/// Finds a Python 3 that can `import openpyxl`: `$DUBAN_PYTHON`, then `python3` on the PATH, then
/// the system's (a pyenv or venv python3 first on the PATH often lacks Debian's python3-openpyxl).
enum OpenPyXL {
    static let python: String? = {
        let environment = ProcessInfo.processInfo.environment
        var candidates = [environment["DUBAN_PYTHON"]].compactMap { $0 }
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(folder)/python3")
        }
        candidates += ["/usr/bin/python3", "/usr/local/bin/python3"]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? run(candidate, ["-c", "import openpyxl"]))?.status == 0 { return candidate }
        }
        return nil
    }()

    static let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, stdout, String(decoding: stderr, as: UTF8.self))
    }

    /// What openpyxl reads in the workbook's active sheet, as JSON: each cell's value with its Python
    /// type and number format, the header row's boldness, the frozen pane, the sheet's title.
    static let script = #"""
        import datetime, json, sys
        import openpyxl
        book = openpyxl.load_workbook(sys.argv[1])
        sheet = book.active
        rows = []
        for row in sheet.iter_rows():
            cells = []
            for c in row:
                v = c.value
                if v is None:
                    cells.append(None)
                elif isinstance(v, bool):
                    cells.append({"kind": "bool", "text": str(v), "format": c.number_format})
                elif isinstance(v, (int, float)):
                    cells.append({"kind": "number", "number": v, "format": c.number_format})
                elif isinstance(v, datetime.datetime):
                    v = (v + datetime.timedelta(microseconds=500000)).replace(microsecond=0)
                    cells.append({"kind": "date", "text": v.strftime("%Y-%m-%d %H:%M:%S"), "format": c.number_format,
                                  "isDate": c.is_date})
                else:
                    cells.append({"kind": "text", "text": v, "format": c.number_format})
            rows.append(cells)
        print(json.dumps({"title": sheet.title, "freeze": sheet.freeze_panes,
                          "bold": [bool(c.font.b) for c in sheet[1]], "rows": rows}, ensure_ascii=False))
        """#

    struct Sheet: Decodable {
        var title: String
        var freeze: String?
        var bold: [Bool]
        var rows: [[Value?]]
    }

    struct Value: Decodable {
        var kind: String
        var text: String?
        var number: Double?
        var format: String
        var isDate: Bool?
    }

    /// Loads `data` (an .xlsx) with openpyxl.
    static func load(_ data: Data) throws -> Sheet {
        let python = try #require(python, "python3 with openpyxl not found: apt-get install -y python3-openpyxl")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("duban-xlsx-\(UUID().uuidString).xlsx")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try run(python, ["-c", script, file.path])
        try #require(result.status == 0, "openpyxl could not load the workbook: \(result.stderr)")
        return try JSONDecoder().decode(Sheet.self, from: result.stdout)
    }

    /// A cell as the CSV writes it, from nothing but what openpyxl read: the value and its number format.
    static func csvText(_ value: Value?) -> String? {
        guard let value else { return nil }
        switch value.kind {
        case "number":
            let decimals: Int? = switch value.format {
            case "0": 0
            case "0.0": 1
            case "0.00": 2
            default: nil
            }
            return Cell.format(value.number!, decimals: decimals)
        case "date":
            return value.format == "yyyy-mm-dd" ? String(value.text!.prefix(10)) : value.text
        default:
            return value.text
        }
    }
}

/// RFC 4180 fields, as a spreadsheet reads a CSV file (BOM dropped).

@Suite struct XLSXWriterTests {
    let shanghai = Presentation(language: .zh, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
    let rows = [
        ExportSample(number: 1, name: "天马街道办事处", day: LocalDate(iso: "2022-03-28"),
                     received: Date(timeIntervalSince1970: 1_648_455_900), rate: 200.0 / 3, amount: 32),
        ExportSample(number: 2, name: "区住建局, \"城建\" <一科> & 二科\n第二行", day: LocalDate(iso: "2022-12-31"),
                     received: nil, rate: nil, amount: 2.5),
        ExportSample(number: 13, name: "", day: nil, received: Date(timeIntervalSince1970: 1_672_502_399), rate: 100, amount: nil),
        ExportSample(number: 14, name: " 首尾空格 ", day: LocalDate(iso: "1900-03-01"), received: nil, rate: 0, amount: -0.125),
    ]

    @Test(.enabled(if: OpenPyXL.python != nil || OpenPyXL.onCI,
                   "python3 with openpyxl not found (apt-get install -y python3-openpyxl); skipped outside CI"))
    func openpyxlReadsTheSameRowsAsTheCSV() throws {
        let xlsx = try Listing.sample.export(rows, body: rows, format: .xlsx, presentation: shanghai, sheetName: "报送情况")
        let csv = String(decoding: try Listing.sample.export(rows, body: rows, format: .csv, presentation: shanghai, sheetName: "x"),
                         as: UTF8.self)
        let sheet = try OpenPyXL.load(xlsx)
        let csvRows = CSVText.rows(csv)

        #expect(sheet.title == "报送情况")
        #expect(sheet.freeze == "A2")
        #expect(sheet.bold == [true, true, true, true, true, true])
        #expect(sheet.rows.count == csvRows.count)
        #expect(csvRows.count == rows.count + 1)
        for (line, (read, written)) in zip(sheet.rows, csvRows).enumerated() {
            #expect(read.count == written.count, "row \(line)")
            for (column, (value, field)) in zip(read, written).enumerated() {
                let text = OpenPyXL.csvText(value)
                // A missing value is an empty cell; the CSV prints nothing or a dash for it.
                let matches = text.map { $0 == field } ?? (field == "" || field == Cell.dash)
                #expect(matches, "row \(line), column \(column): xlsx \(String(describing: text)), csv \(field)")
            }
        }

        // Typed: numbers are numbers, days and moments are dates, text is text.
        let first = sheet.rows[1]
        #expect(first[0]?.kind == "number" && first[0]?.number == 1 && first[0]?.format == "0")
        #expect(first[1]?.kind == "text" && first[1]?.text == "天马街道办事处")
        #expect(first[2]?.kind == "date" && first[2]?.isDate == true && first[2]?.text == "2022-03-28 00:00:00")
        #expect(first[3]?.kind == "date" && first[3]?.text == "2022-03-28 16:25:00", "Shanghai wall-clock time")
        #expect(first[4]?.kind == "number" && first[4]?.format == "0.0")
        #expect(abs((first[4]?.number ?? 0) - 200.0 / 3) < 1e-9, "the workbook keeps every digit; 0.0 shows one")
        #expect(sheet.rows[1][5]?.number == 32)
        #expect(sheet.rows[2][1]?.text == "区住建局, \"城建\" <一科> & 二科\n第二行")
        #expect(sheet.rows[2][3] == nil && sheet.rows[2][4] == nil, "nil is an empty cell, not a dash")
        #expect(sheet.rows[3][1] == nil, "an empty text is no cell")
        #expect(sheet.rows[3][3]?.text == "2022-12-31 23:59:59")
        #expect(sheet.rows[4][1]?.text == " 首尾空格 ", "edge spaces kept")
        #expect(sheet.rows[4][2]?.text == "1900-03-01 00:00:00")
        #expect(sheet.rows[4][5]?.number == -0.125)
    }

    @Test(.enabled(if: OpenPyXL.python != nil || OpenPyXL.onCI,
                   "python3 with openpyxl not found (apt-get install -y python3-openpyxl); skipped outside CI"))
    func anOversightExportOpensWithEnglishHeadersToo() throws {
        let answer = OversightFixtures.overdue
        let english = Presentation(language: .en, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let xlsx = try Listing.oversightOverdue.export(answer.rows, body: answer, format: .xlsx, presentation: english,
                                                       sheetName: "overdue")
        let sheet = try OpenPyXL.load(xlsx)
        #expect(sheet.rows[0].map { $0?.text } == ["task", "title", "unit", "unit name", "tier", "node", "due", "timeliness",
                                                    "days late", "received", "urges", "order"])
        let csv = try Listing.oversightOverdue.render(answer.rows, body: answer, format: .csv, presentation: english)
        #expect(sheet.rows.map { $0.map { OpenPyXL.csvText($0) ?? "" } } == CSVText.rows(csv))
    }

    @Test func theArchiveHoldsTheOfficeOpenXMLParts() throws {
        let xlsx = try Listing.sample.export(rows, body: rows, format: .xlsx, presentation: shanghai, sheetName: "a/b:c*d?[e]")
        let parts = try XLSXWriter.parts(of: xlsx)
        #expect(Set(parts.keys) == ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "xl/workbook.xml",
                                    "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"])
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(sheet.contains(#"<c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">序号</t></is></c>"#))
        #expect(sheet.contains(#"<c r="B3" t="inlineStr"><is><t xml:space="preserve">区住建局, &quot;城建&quot; &lt;一科&gt; &amp; 二科\#n第二行</t>"#))
        #expect(sheet.contains(#"<c r="C2" s="2"><v>44648</v></c>"#), "2022-03-28 is serial 44648")
        #expect(sheet.contains(#"<c r="C5" s="2"><v>61</v></c>"#), "1900-03-01 is serial 61")
        #expect(sheet.contains(#"<c r="E4" s="4"><v>100</v></c>"#))
        #expect(!sheet.contains(#"r="D3""#) && !sheet.contains(#"r="B4""#), "no cell for nil or empty text")
        // XML 1.0 cannot hold most control characters: they are left out (tab and line ends stay).
        #expect(XLSXValues.escape("a\u{1}b\u{1F}c\td\ne\u{FFFE}") == "abc\td\ne")
        #expect(sheet.contains(#"<dimension ref="A1:F5"/>"#))
        #expect(parts["xl/workbook.xml"]?.contains(#"<sheet name="abcde" sheetId="1" r:id="rId1"/>"#) == true)
        #expect(parts["xl/styles.xml"]?.contains(#"formatCode="yyyy-mm-dd""#) == true)
    }

    @Test func columnNamesAndSerials() {
        #expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(XLSXValues.columnName) == ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"])
        #expect(XLSXValues.serial(of: LocalDate(iso: "1970-01-01")!) == 25569)
        let utc = TimeZone(identifier: "UTC")!
        #expect(XLSXValues.serial(of: Date(timeIntervalSince1970: 43_200), in: utc) == 25569.5)
        #expect(XLSXValues.safeSheetName("") == "Sheet1")
        #expect(XLSXValues.safeSheetName(String(repeating: "表", count: 40)).count == 31)
    }
}
