@testable import DubanClient
import DubanCore
import Foundation
import Testing

/// `duban target list` and `duban oversight indicators`: columns in the user's language, CJK
/// aligned by display width, JSON as received.
@Suite struct IndicatorListingTests {
    let chinese = Presentation(language: .zh, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
    let english = Presentation(language: .en, timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    @Test func theTargetListShowsSourceStateSplitAndWhatIsUnsplit() throws {
        let rows = TargetRow.rows(IndicatorCacheTests.reference, task: 9)
        #expect(rows.map(\.indicator.name) == ["健身路径", "游园"])
        #expect(rows[0].unsplit == 8 && rows[1].unsplit == nil)
        #expect(rows[0].splitText == "佳禾街道办事处 10, 天马街道办事处 12")
        #expect(TargetRow.rows(IndicatorCacheTests.reference, task: 10).isEmpty)

        let table = try Listing.targets.render(rows, body: rows.map(\.indicator), format: .table, presentation: chinese)
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("任务  指标"))
        #expect(lines[2].contains("城市标准") && lines[2].contains("已确认") && lines[3].contains("督查绩效办") && lines[3].contains("待确认"))
        // Columns line up by display width: the measure starts at the same screen column on every line.
        func column(_ line: String, _ text: String) -> Int { DisplayWidth.of(line[..<line.range(of: text)!.lowerBound]) }
        #expect(column(lines[0], "计量单位") == column(lines[2], "条"))
        #expect(column(lines[2], "条") == column(lines[3], "个"))
        #expect(column(lines[0], "来源") == column(lines[2], "城市标准"))
        let csv = try Listing.targets.render(rows, body: rows.map(\.indicator), format: .csv, presentation: english)
        #expect(csv.contains("9,健身路径,条,30,yes,city standard,confirmed,\"佳禾街道办事处 10, 天马街道办事处 12\",8,"))
    }

    @Test func oversightIndicatorsJSONIsTheRowsAsReceived() throws {
        let row = IndicatorStanding(taskId: 9, taskNumber: 9, indicator: "健身路径", measure: "条", unitCode: "jd-tianma", target: 12,
                                    expected: 6, actual: 3, basis: .implementationPlan, cityStandard: true,
                                    date: LocalDate(iso: "2022-06-30")!)
        let json = try Listing.oversightIndicators.render([row], body: [row], format: .json, presentation: english)
        #expect(try WireJSON.decoder().decode([IndicatorStanding].self, from: Data(json.utf8)) == [row])
        #expect(json.contains("\"gap_points\""))
        let csv = try Listing.oversightIndicators.render([row], body: [row], format: .csv, presentation: chinese)
        #expect(csv.contains("9,健身路径,jd-tianma,条,12,6.00,3,3.00,25.0,50.0,25.0,实施方案,是,2022-06-30"))
    }
}
