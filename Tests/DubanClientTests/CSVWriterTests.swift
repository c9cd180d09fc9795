@testable import DubanClient
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
}
