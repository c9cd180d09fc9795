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
}
