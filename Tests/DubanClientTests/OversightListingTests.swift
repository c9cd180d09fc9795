@testable import DubanClient
import DubanCore
import DubanSpreadsheet
import Foundation
import Testing

/// Answers of the oversight views as the server sends them.
enum OversightFixtures {
    /// 2022-03-28 16:25:00 in Shanghai.
    static let received = Date(timeIntervalSince1970: 1_648_455_900)
    static let evaluated = Date(timeIntervalSince1970: 1_649_000_000)
    static let node = LocalDate(iso: "2022-03-28")!

    static let progress = OversightAnswer(planYear: 2022, nodeDate: nil, evaluatedAt: evaluated, rows: [
        TaskProgressRow(taskNumber: 1, title: "城镇老旧小区改造", notApplicable: false, leadUnits: ["zjj", "fgj"], light: .yellow,
                        reasons: [.behind, .late], target: 50, progress: 40, lastUpdate: received,
                        counts: ReportingCounts(expected: 3, received: 2, onTime: 1)),
        TaskProgressRow(taskNumber: 2, title: "本区不涉及的任务", notApplicable: true, leadUnits: [], light: nil, reasons: [],
                        target: nil, progress: nil, lastUpdate: nil, counts: ReportingCounts()),
    ])

    static let completeness = OversightAnswer(planYear: 2022, nodeDate: nil, evaluatedAt: evaluated, rows: [
        NodeCompletenessRow(nodeDate: node, tier: .responsible, dueDate: LocalDate(iso: "2022-03-25")!,
                            counts: ReportingCounts(expected: 4, received: 3, onTime: 3)),
        NodeCompletenessRow(nodeDate: node, tier: .lead, dueDate: node, counts: ReportingCounts(expected: 2, received: 2, onTime: 1)),
        NodeCompletenessRow(nodeDate: LocalDate(iso: "2022-06-28")!, tier: .lead, dueDate: LocalDate(iso: "2022-06-28")!,
                            counts: ReportingCounts()),
    ])

    static let timeliness = OversightAnswer(planYear: 2022, nodeDate: node, evaluatedAt: evaluated, rows: [
        UnitTimelinessRow(unitCode: "jd-tianma", unitName: "天马街道办事处", tier: .responsible,
                          counts: ReportingCounts(expected: 3, received: 1, onTime: 0)),
        UnitTimelinessRow(unitCode: "zjj", unitName: "区住建局", tier: .lead, counts: ReportingCounts(expected: 1, received: 1, onTime: 1)),
    ])

    static let overdue = OversightAnswer(planYear: 2022, nodeDate: node, evaluatedAt: evaluated, rows: [
        OverdueRow(taskNumber: 9, taskTitle: "建设口袋公园, 三处", unitCode: "jd-tianma", unitName: "天马街道办事处", tier: .responsible,
                   nodeDate: node, dueDate: LocalDate(iso: "2022-03-25")!, timeliness: .late, daysLate: 3, receivedAt: received,
                   urges: 1, openOrder: .blue),
        OverdueRow(taskNumber: 9, taskTitle: "建设口袋公园, 三处", unitCode: "zjj", unitName: "区住建局", tier: .lead,
                   nodeDate: node, dueDate: node, timeliness: .missing, daysLate: nil, receivedAt: nil, urges: 0, openOrder: nil),
    ])

    static let lights = OversightAnswer(planYear: 2022, nodeDate: nil, evaluatedAt: evaluated, rows: [
        StatusLightRow(taskNumber: 9, taskTitle: "建设口袋公园", unitCode: nil, unitName: nil, light: .red, reasons: [.missing],
                       nodeDate: node, target: 25, progress: nil),
        StatusLightRow(taskNumber: 9, taskTitle: "建设口袋公园", unitCode: "jd-tianma", unitName: "天马街道办事处", light: .green,
                       reasons: [], nodeDate: node, target: 25, progress: 33.333),
    ])
}

@Suite struct OversightListingTests {
    let shanghai = Presentation(language: .zh, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
    let english = Presentation(language: .en, timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    func csvLines<Row>(_ listing: Listing<Row>, _ answer: OversightAnswer<Row>, _ style: Presentation) throws -> [String] {
        let text = try listing.render(answer.rows, body: answer, format: .csv, presentation: style)
        #expect(text.hasPrefix(CSVWriter.byteOrderMark))
        #expect(text.hasSuffix("\r\n"))
        return Array(String(text.dropFirst()).components(separatedBy: "\r\n").dropLast())
    }

    @Test func progressCSV() throws {
        let lines = try csvLines(.oversightProgress, OversightFixtures.progress, shanghai)
        #expect(lines == [
            "任务,任务名称,牵头单位,状态灯,原因,序时进度%,实际进度%,最近更新,应报数,实报数,按时报送数,报送率%,按时率%",
            "1,城镇老旧小区改造,\"zjj, fgj\",黄灯,\"滞后, 逾期报送\",50.0,40.0,2022-03-28 16:25:00,3,2,1,66.7,33.3",
            "2,本区不涉及的任务,,不涉及,,—,—,,0,0,0,—,—",
        ])
        let english = try csvLines(.oversightProgress, OversightFixtures.progress, english)
        #expect(english[0] == "task,title,lead,light,reasons,target %,progress %,last update,expected,received,on time,reporting rate %,on-time rate %")
        #expect(english[2] == "2,本区不涉及的任务,,n/a,,—,—,,0,0,0,—,—")
    }

    @Test func completenessCSV() throws {
        #expect(try csvLines(.oversightCompleteness, OversightFixtures.completeness, shanghai) == [
            "节点,报送层级,截止日期,应报数,实报数,按时报送数,报送率%,按时率%",
            "2022-03-28,责任单位→牵头单位,2022-03-25,4,3,3,75.0,75.0",
            "2022-03-28,牵头单位→督查办,2022-03-28,2,2,1,100.0,50.0",
            "2022-06-28,牵头单位→督查办,2022-06-28,0,0,0,—,—",
        ])
    }

    @Test func timelinessCSV() throws {
        #expect(try csvLines(.oversightTimeliness, OversightFixtures.timeliness, english) == [
            "unit,unit name,tier,expected,received,on time,reporting rate %,on-time rate %",
            "jd-tianma,天马街道办事处,responsible → lead,3,1,0,33.3,0.0",
            "zjj,区住建局,lead → office,1,1,1,100.0,100.0",
        ])
    }

    @Test func overdueCSV() throws {
        #expect(try csvLines(.oversightOverdue, OversightFixtures.overdue, shanghai) == [
            "任务,任务名称,单位代码,单位名称,报送层级,节点,截止日期,及时性,逾期天数,接收时间,催办次数,督办单",
            "9,\"建设口袋公园, 三处\",jd-tianma,天马街道办事处,责任单位→牵头单位,2022-03-28,2022-03-25,逾期,3,2022-03-28 16:25:00,1,蓝色督办",
            "9,\"建设口袋公园, 三处\",zjj,区住建局,牵头单位→督查办,2022-03-28,2022-03-28,未报,,,0,",
        ])
    }

    @Test func lightsCSV() throws {
        #expect(try csvLines(.oversightLights, OversightFixtures.lights, shanghai) == [
            "任务,任务名称,单位代码,单位名称,状态灯,原因,节点,序时进度%,实际进度%",
            "9,建设口袋公园,,,红灯,未报送,2022-03-28,25.0,—",
            "9,建设口袋公园,jd-tianma,天马街道办事处,绿灯,,2022-03-28,25.0,33.3",
        ])
    }

    @Test func theTableShowsOneDecimalAndDashesAligned() throws {
        let text = try Listing.oversightCompleteness.render(OversightFixtures.completeness.rows, body: OversightFixtures.completeness,
                                                            format: .table, presentation: shanghai)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[2].hasSuffix("75.0     75.0"), "\(text)")
        #expect(lines[4].hasSuffix("—        —"), "\(text)")
        // Right-aligned numbers end in the same display column.
        let ends = lines.map { DisplayWidth.of($0) }
        #expect(Set(ends).count == 1, "\(text)")
    }

    @Test func jsonIsTheServersAnswer() throws {
        let answer = OversightFixtures.progress
        let data = try Listing.oversightProgress.export(answer.rows, body: answer, format: .json, presentation: shanghai, sheetName: "x")
        #expect(try WireJSON.decoder().decode(OversightAnswer<TaskProgressRow>.self, from: data) == answer)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"reporting_rate\" : null"))
        #expect(text.contains("\"plan_year\" : 2022"))
    }

    @Test func cellsFormatFixedDecimals() {
        #expect(Cell.format(200.0 / 3, decimals: 1) == "66.7")
        #expect(Cell.format(0.05, decimals: 1) == "0.1")
        #expect(Cell.format(-0.04, decimals: 1) == "0.0")
        #expect(Cell.format(-2.25, decimals: 1) == "-2.3")
        #expect(Cell.format(32, decimals: nil) == "32")
        #expect(Cell.format(2.5, decimals: nil) == "2.5")
        #expect(Cell.format(7, decimals: 0) == "7")
        #expect(Cell.percent(nil) == .empty(shown: "—"))
    }
}
