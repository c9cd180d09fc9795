@testable import DubanClient
import Foundation
import Testing

@Suite struct TextTableTests {
    @Test func alignsChineseAndLatinColumnsByDisplayWidth() {
        let table = TextTable(
            headers: ["login", "name", "unit"],
            rows: [
                ["admin", "管理员", "鱼峰区人民政府"],
                ["tianma01", "Zhang San", "天马街道办事处"],
                ["zjj", "王五", "区住建局"],
            ])
        let expected = """
            login     name       unit
            --------  ---------  --------------
            admin     管理员     鱼峰区人民政府
            tianma01  Zhang San  天马街道办事处
            zjj       王五       区住建局

            """
        #expect(table.render() == expected)

        // The unit column starts at the same display column on every line, whatever the names hold.
        let lines = table.render().split(separator: "\n").map(String.init)
        let starts = zip(lines, ["unit", "  -", "鱼峰区", "天马街道", "区住建局"]).map { line, cell in
            DisplayWidth.of(line[..<line.range(of: cell, options: .backwards)!.lowerBound])
        }
        #expect(starts == [21, 19, 21, 21, 21])
    }

    @Test func rightAlignmentAndMissingCellsAndLineBreaks() {
        let table = TextTable(headers: ["id", "detail"], rows: [["7", "第一行\n第二行"], ["1234"]],
                              alignments: [.right])
        #expect(table.render() == "  id  detail\n----  -------------\n   7  第一行 第二行\n1234\n")
    }

    @Test func noRowsGivesHeaderAndRule() {
        #expect(TextTable(headers: ["代码", "名称"], rows: []).render() == "代码  名称\n----  ----\n")
    }
}
