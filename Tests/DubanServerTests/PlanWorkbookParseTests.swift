import DubanCore
import DubanImport
import DubanServer
import Foundation
import Testing

/// A filled plan spreadsheet goes through the same parser as a notice: its columns are read by their
/// headings, its plan facts become the plan's, and its indicators replace the proposals.
@Suite struct PlanWorkbookParseTests {
    @Test func aFilledTemplateBecomesThePlan() throws {
        let filled: [String: String] = ["# 年度 year,": "2024", "# 标题 title,": "2024年为民办实事项目",
                                        "# 节点 nodes,": "2024-06-30、2024-12-20", "# 责任单位提前天数 lead days,": "5"]
        let lines = PlanWorkbook.csvTemplate().split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { line -> String in
                let text = String(line).replacingOccurrences(of: "\u{FEFF}", with: "")
                return filled[text].map { text + $0 } ?? String(line)
            }
        var csv = lines.joined(separator: "\n")
        #expect(csv.contains("2024-06-30"), "the template's plan lines changed: \(csv)")
        if !csv.hasSuffix("\n") { csv += "\n" }
        csv += "1,一、城市建设,老旧小区改造,改造老旧小区30个,完成30个小区改造,2024年12月底,区住建局,\"区财政局\n各街道\"\n"
        csv += "2,二、教育,新建幼儿园,新建幼儿园3所,,2024年9月,区教育局,\n"
        let plan = try PlanWorkbook.read(csv: csv).source.parse()
        #expect(plan.year == 2024)
        #expect(plan.title == "2024年为民办实事项目")
        #expect(plan.responsibleLeadDays == 5)
        #expect(plan.nodes.map(\.nodeDate.description) == ["2024-06-30", "2024-12-20"])
        #expect(plan.nodes.map(\.responsibleDueDate.description) == ["2024-06-25", "2024-12-15"])
        #expect(plan.tasks.map(\.number) == [1, 2])
        #expect(plan.tasks.map(\.group) == ["城市建设", "教育"])
        #expect(plan.tasks[0].districtLead.names == ["区住建局"])
        #expect(plan.tasks[0].districtResponsible.names == ["区财政局", "各街道"])
        #expect(plan.tasks[0].deadline == "2024年12月底")
        #expect(plan.tasks[1].districtResponsible.names.isEmpty)
    }

    @Test func mergedCellsReadAsAWordTablesDo() throws {
        typealias F = PlanWorkbookFixture
        let columns = ["A", "B", "C", "D", "E", "F", "G", "H"]
        let header = F.row(1, PlanWorkbook.taskHeadings.enumerated().map { F.inline(columns[$0.offset] + "1", $0.element) }.joined())
        let rows = header
            + F.row(2, F.inline("A2", "1"), F.inline("B2", "一、民生"), F.inline("C2", "医疗服务提升"), F.inline("D2", "新建社区卫生服务站2个"),
                    F.inline("G2", "区卫健局"), F.inline("H2", "区财政局"))
            + F.row(3, F.inline("D3", "家庭医生签约率达到75%"), F.inline("H3", "区医保局"))
            + F.row(4, F.inline("A4", "2"), F.inline("C4", "城市道路"), F.inline("D4", "新建道路5条"))
        // 序号, 分组, 标题 and the lead merged down rows 2–3; 完成标准 and 完成时限 merged across on row 4.
        let merges = "<mergeCells count=\"5\"><mergeCell ref=\"A2:A3\"/><mergeCell ref=\"B2:B3\"/><mergeCell ref=\"C2:C3\"/>"
            + "<mergeCell ref=\"G2:G1048576\"/><mergeCell ref=\"E4:F4\"/></mergeCells>"
        let parts = F.parts([("任务 tasks", rows)]).map { path, text in
            path == "xl/worksheets/sheet1.xml" ? (path, text.replacingOccurrences(of: "</sheetData>", with: "</sheetData>" + merges)) : (path, text)
        }
        let workbook = try PlanWorkbook.read(xlsx: try F.zip(parts))
        let table = try #require(workbook.document.tables.first)
        #expect(table[2] == ["1", "一、民生", "医疗服务提升", "家庭医生签约率达到75%", "", "", "区卫健局", "区医保局"], "\(table[2])")
        #expect(table[3][6] == "区卫健局", "the lead merged to the sheet's end reaches the rows it has")
        let plan = try workbook.source.parse(options: NoticeOptions(year: 2023, nodes: [LocalDate(iso: "2023-06-30")!], responsibleLeadDays: 0))
        #expect(plan.tasks.map(\.number) == [1, 2])
        #expect(plan.tasks[0].subItems?.map(\.content) == ["新建社区卫生服务站2个", "家庭医生签约率达到75%"])
        #expect(plan.tasks[0].districtResponsible.names == ["区财政局", "区医保局"])
        #expect(plan.tasks[1].districtLead.names == ["区卫健局"])
    }
}
