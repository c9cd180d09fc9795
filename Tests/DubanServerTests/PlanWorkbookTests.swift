import DubanCore
import DubanImport
@testable import DubanServer
import DubanSpreadsheet
import Foundation
import Testing
import ZIPFoundation

/// The plan spreadsheet: the template written and read back, a filled workbook (shared and inline
/// strings, numbers, dates, rich text, a formula's saved value, gaps) and the same as CSV.
@Suite struct PlanWorkbookTests {
    typealias F = PlanWorkbookFixture

    private func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as NoticeError {
            #expect(!error.message.en.isEmpty && !error.message.zh.isEmpty)
            return error.code
        } catch {
            return "unexpected \(error)"
        }
    }

    private func serial(_ iso: String) -> String { String(XLSXValues.serial(of: LocalDate(iso: iso)!)) }

    static let header = PlanWorkbook.taskHeadings
    static let firstTask = ["1", "", "建设社区健身设施", "新建健身路径\n和篮球场", "完成30套健身路径", "2023-11-30", "区体育局",
                            "区住房城乡建设局\n各街道办事处"]
    static let secondTask = ["2", "二、教育", "改造老旧小区", "改造50个小区", "完成10个", "2023年12月底前", "区住建局", "鹅山街道办事处、天马街道办事处"]

    /// A filled workbook, written by hand the way Excel writes one (shared strings, rich text runs,
    /// numbers, date serials) with a few inline strings as other programs write them.
    func filledWorkbook() throws -> Data {
        let strings = Self.header.map { "<t>\($0)</t>" } + [
            "<t>标题 title</t>", "<t>2023年为民办实事项目任务分工</t>",
            "<r><rPr><b/></rPr><t>鱼督绩</t></r><r><t>〔2023〕3号</t></r><rPh sb=\"0\" eb=\"1\"><t>ユ</t></rPh>",
            "<t>示例 example</t>",
        ]
        let plan = [
            F.row(1, F.inline("A1", "项目 key"), F.inline("B1", "内容 value")),
            F.row(2, F.shared("A2", 8), F.shared("B2", 9)),
            F.row(3, F.inline("A3", "年度 year"), F.number("B3", "2023")),
            F.row(4, F.inline("A4", "发文单位"), F.inline("B4", "区委区政府督查绩效办")),
            F.row(5, F.inline("A5", "document number"), F.shared("B5", 10)),
            F.row(6, F.inline("A6", "成文日期 issued on"), F.number("B6", serial("2023-03-29"), style: 2)),
            F.row(7, F.inline("A7", "时区 time zone"), F.inline("B7", "Asia/Shanghai")),
            F.row(8, F.inline("A8", "责任单位提前天数 lead days"), "<c r=\"B8\"><f>1+2</f><v>3</v></c>"),
            F.row(9, F.inline("A9", "说明 note"), "<c r=\"B9\" s=\"1\"/>"),
        ].joined()
        let tasks = [
            F.row(1, Self.header.indices.map { F.shared(XLSXValues.columnName($0) + "1", $0) }.joined()),
            F.row(2, F.shared("A2", 11), F.inline("C2", "示例任务"), F.inline("H2", "区体育局")),
            F.row(3, F.number("A3", "1"), F.inline("C3", "建设社区健身设施"), F.inline("D3", "新建健身路径\n和篮球场"),
                  F.inline("E3", "完成30套健身路径"), F.number("F3", serial("2023-11-30"), style: 2), F.inline("G3", "区体育局"),
                  F.inline("H3", "区住房城乡建设局\n各街道办事处")),
            // A row Excel keeps for its formatting only, and one with empty strings.
            "<row r=\"4\" spans=\"1:8\"><c r=\"A4\" s=\"1\"/><c r=\"B4\" s=\"1\"/></row>",
            F.row(5, F.inline("A5", ""), F.inline("B5", " ")),
            // Cells without references follow one another.
            "<row r=\"7\"><c><v>2</v></c><c t=\"inlineStr\"><is><t>二、</t><t>教育</t></is></c>" + F.inline("C7", "改造老旧小区")
                + F.inline("D7", "改造50个小区") + "<c r=\"E7\" t=\"str\"><f>CONCAT(\"完成\",\"10个\")</f><v>完成10个</v></c>"
                + F.inline("F7", "2023年12月底前") + F.inline("G7", "区住建局") + F.inline("H7", "鹅山街道办事处、天马街道办事处") + "</row>",
        ].joined()
        let nodes = [
            F.row(1, F.inline("A1", "序号"), F.inline("B1", "日期 YYYY-MM-DD"), F.inline("C1", "说明")),
            F.row(2, F.inline("A2", "示例"), F.number("B2", serial("2022-01-01"))),
            F.row(3, F.number("A3", "1"), F.number("B3", serial("2023-03-30"), style: 2), F.inline("C3", "一季度")),
            F.row(4, F.number("A4", "2"), F.inline("B4", "2023-06-30")),
            F.row(5, F.number("A5", "3"), F.inline("B5", "2023年9月30日")),
        ].joined()
        let indicators = [
            F.row(1, F.inline("A1", "任务序号"), F.inline("B1", "指标名称"), F.inline("C1", "计量单位"), F.inline("D1", "目标值")),
            F.row(2, F.inline("A2", "example"), F.inline("B2", "健身路径"), F.inline("C2", "套"), F.number("D2", "30")),
            F.row(3, F.number("A3", "1"), F.inline("B3", "健身路径"), F.inline("C3", "套"), F.number("D3", "30")),
            F.row(4, F.inline("A4", "1"), F.inline("B4", "篮球场"), F.inline("C4", "个"), F.inline("D4", "10")),
            F.row(5, F.number("A5", "2"), F.inline("B5", "改造小区"), F.inline("C5", "个"), F.number("D5", "12.5")),
        ].joined()
        return try F.workbook([("说明", F.row(1, F.inline("A1", "说明 guide"))), ("计划", plan), ("Tasks", tasks),
                               ("节点 nodes", nodes), ("indicators", indicators)], sharedStrings: strings)
    }

    static let expectedIndicators: [Int: [ProposedIndicator]] = [
        1: [ProposedIndicator(name: "健身路径", measure: "套", target: 30, phrase: "健身路径 30套", source: .spreadsheet),
            ProposedIndicator(name: "篮球场", measure: "个", target: 10, phrase: "篮球场 10个", source: .spreadsheet)],
        2: [ProposedIndicator(name: "改造小区", measure: "个", target: 12.5, phrase: "改造小区 12.5个", source: .spreadsheet)],
    ]

    @Test func readsAFilledWorkbook() throws {
        let workbook = try PlanWorkbook.read(xlsx: filledWorkbook())
        #expect(workbook.document.paragraphs == ["2023年为民办实事项目任务分工"])
        #expect(workbook.document.tables == [[Self.header, Self.firstTask, Self.secondTask]])
        #expect(workbook.document.tablePositions == [1])
        #expect(workbook.options == NoticeOptions(
            timeZone: "Asia/Shanghai", year: 2023,
            nodes: [LocalDate(iso: "2023-03-30")!, LocalDate(iso: "2023-06-30")!, LocalDate(iso: "2023-09-30")!],
            responsibleLeadDays: 3, issuer: "区委区政府督查绩效办", title: "2023年为民办实事项目任务分工"))
        #expect(workbook.documentNumber == "鱼督绩〔2023〕3号", "rich text runs joined, the phonetic run left out")
        #expect(workbook.issuedOn == LocalDate(iso: "2023-03-29"))
        #expect(workbook.indicators == Self.expectedIndicators)
    }

    @Test func theIndicatorsAreSetOnTheParsedTasks() throws {
        let source = try PlanWorkbook.read(xlsx: filledWorkbook()).source
        var plan = ParsedPlan(title: "t", issuer: nil, year: 2023, timeZone: "Asia/Shanghai", responsibleLeadDays: 3, nodes: [],
                              tasks: [Self.task(1), Self.task(2), Self.task(3)])
        try source.apply(to: &plan)
        #expect(plan.documentNumber == "鱼督绩〔2023〕3号")
        #expect(plan.issuedOn == LocalDate(iso: "2023-03-29"))
        #expect(plan.tasks.map(\.indicators) == [Self.expectedIndicators[1], Self.expectedIndicators[2], nil])

        var missing = ParsedPlan(title: "t", issuer: nil, year: 2023, timeZone: "Asia/Shanghai", responsibleLeadDays: 3, nodes: [], tasks: [Self.task(1)])
        #expect(code { try source.apply(to: &missing) } == "xlsx.unknown_task")
    }

    static func task(_ number: Int) -> ParsedTask {
        ParsedTask(number: number, title: "任务\(number)", content: "", completionStandard: "",
                   cityLead: UnitCell(written: ""), cityResponsible: UnitCell(written: ""),
                   districtLead: UnitCell(written: ""), districtResponsible: UnitCell(written: ""), notApplicable: false)
    }

    @Test func readsTheTasksSheetAsCSV() throws {
        let csv = "\u{FEFF}# 标题 title,2023年为民办实事项目任务分工\r\n# 年度 year,2023\r\n# 时区 time zone,Asia/Shanghai\r\n"
            + "# 责任单位提前天数 lead days,3\r\n# 节点 nodes,2023-03-30、2023-06-30\r\n# 文号,\r\n"
            + Self.header.joined(separator: ",") + "\r\n"
            + "示例 example,,示例任务,,,,,\r\n"
            + "1,,建设社区健身设施,\"新建健身路径\n和篮球场\",完成30套健身路径,2023-11-30,区体育局,\"区住房城乡建设局\n各街道办事处\"\r\n"
            + ",,,,,,,\r\n"
            + "2,二、教育,改造老旧小区,改造50个小区,完成10个,2023年12月底前,区住建局,鹅山街道办事处、天马街道办事处\r\n"
        let workbook = try PlanWorkbook.read(csv: csv)
        #expect(workbook.document.paragraphs == ["2023年为民办实事项目任务分工"])
        #expect(workbook.document.tables == [[Self.header, Self.firstTask, Self.secondTask]])
        #expect(workbook.options == NoticeOptions(
            timeZone: "Asia/Shanghai", year: 2023, nodes: [LocalDate(iso: "2023-03-30")!, LocalDate(iso: "2023-06-30")!],
            responsibleLeadDays: 3, title: "2023年为民办实事项目任务分工"))
        #expect(workbook.documentNumber == nil && workbook.indicators.isEmpty)
    }

    @Test func theTemplateReadsAsHavingNoTaskRows() throws {
        #expect(code { _ = try PlanWorkbook.read(xlsx: PlanWorkbook.template()) } == "xlsx.no_tasks")
        #expect(code { _ = try PlanWorkbook.read(csv: PlanWorkbook.csvTemplate()) } == "xlsx.no_tasks")
        #expect(PlanWorkbook.csvTemplate().hasPrefix("\u{FEFF}# 标题 title,\r\n"))
    }

    @Test func theTemplateHoldsTheSheetsAndTheirExamples() throws {
        let reader = try XLSXWorkbookReader(data: PlanWorkbook.template(), maxUncompressedBytes: 1 << 20)
        #expect(reader.sheets.map(\.name) == ["说明 guide", "计划 plan", "任务 tasks", "节点 nodes", "指标 indicators"])
        let limits = XLSXWorkbookReader.Limits(rows: 100, columns: 20)
        let tasks = try reader.rows(of: reader.sheets[2], limits: limits)
        #expect(tasks.map { $0.cells.map { PlanWorkbook.text($0) } } == [PlanWorkbook.taskHeadings, PlanWorkbook.exampleTask])
        let plan = try reader.rows(of: reader.sheets[1], limits: limits)
        #expect(plan.dropFirst().map { PlanWorkbook.text($0.cells[0]) }
                == ["标题 title", "年度 year", "发文单位 issuer", "文号 document number", "成文日期 issued on", "时区 time zone",
                    "责任单位提前天数 lead days"])
        let nodes = try reader.rows(of: reader.sheets[3], limits: limits)
        #expect(nodes[1].cells[1] == .number(Double(XLSXValues.serial(of: LocalDate(iso: "2023-03-30")!))))
        // Filling the plan sheet's values and a task into the template's sheets reads back.
        var parts = try Self.parts(of: PlanWorkbook.template())
        let filledRow = "<row r=\"3\">" + Self.firstTask.enumerated().map { F.inline(XLSXValues.columnName($0) + "3", $1) }.joined() + "</row>"
        parts["xl/worksheets/sheet3.xml"] = parts["xl/worksheets/sheet3.xml"]!.replacingOccurrences(of: "</sheetData>", with: filledRow + "</sheetData>")
        parts["xl/worksheets/sheet2.xml"] = parts["xl/worksheets/sheet2.xml"]!.replacingOccurrences(
            of: "<row r=\"3\">", with: "<row r=\"3\">" + F.number("B3", "2023"))
        let workbook = try PlanWorkbook.read(xlsx: F.zip(parts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        #expect(workbook.document.tables == [[PlanWorkbook.taskHeadings, Self.firstTask]])
        #expect(workbook.options == NoticeOptions(timeZone: "Asia/Shanghai", year: 2023))
        #expect(workbook.indicators.isEmpty && workbook.options.nodes == nil)
    }

    /// The parts of a zip by path, as text.
    static func parts(of data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var contents = Data()
            _ = try archive.extract(entry) { contents.append($0) }
            parts[entry.path] = String(decoding: contents, as: UTF8.self)
        }
        return parts
    }

    @Test func noticeFileReadsSpreadsheetsByExtensionOrContent() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("duban-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let expected = try PlanWorkbook.read(xlsx: filledWorkbook()).source
        for name in ["plan.xlsx", "plan.XLSX", "plan-without-extension"] {
            let file = folder.appendingPathComponent(name)
            try filledWorkbook().write(to: file)
            #expect(try NoticeFile.readSource(path: file.path) == expected, "\(name)")
            #expect(try NoticeFile.read(path: file.path) == expected.document, "\(name)")
        }
        let csv = folder.appendingPathComponent("tasks.csv")
        try Data(("# 年度 year,2023\r\n" + Self.header.joined(separator: ",") + "\r\n" + Self.secondTask.joined(separator: ",")).utf8).write(to: csv)
        let source = try NoticeFile.readSource(path: csv.path)
        #expect(source.options == NoticeOptions(year: 2023))
        #expect(source.document.tables == [[Self.header, Self.secondTask]])
    }

    @Test func findsTheTasksSheetByPositionWhenNoNameSaysSo() throws {
        let rows = F.row(1, F.inline("A1", "序号"), F.inline("B1", "标题")) + F.row(2, F.number("A2", "1"), F.inline("B2", "任务"))
        let only = try PlanWorkbook.read(xlsx: F.workbook([("Sheet1", rows)]))
        #expect(only.document.tables == [[["序号", "标题"], ["1", "任务"]]])
        let second = try PlanWorkbook.read(xlsx: F.workbook([("计划", ""), ("Sheet2", rows), ("Sheet3", "")]))
        #expect(second.document.tables == [[["序号", "标题"], ["1", "任务"]]])
        #expect(code { _ = try PlanWorkbook.read(xlsx: F.workbook([("计划", rows), ("节点", "")])) } == "xlsx.no_tasks_sheet")
    }

    @Test func refusesBadPlanValuesWithTheCell() throws {
        func plan(_ key: String, _ value: String) throws -> Data {
            try F.workbook([("plan", F.row(1, F.inline("A1", key), value)),
                            ("tasks", F.row(1, F.inline("A1", "序号")) + F.row(2, F.number("A2", "1")))])
        }
        for (key, value, expected) in [
            ("年度", F.inline("B1", "明年"), "xlsx.bad_value"), ("year", F.number("B1", "1800"), "xlsx.bad_value"),
            ("时区", F.inline("B1", "Mars/Olympus"), "xlsx.bad_value"), ("成文日期", F.inline("B1", "三月"), "xlsx.bad_value"),
            ("lead days", F.number("B1", "-1"), "xlsx.bad_value"), ("预算", F.number("B1", "5"), "xlsx.unknown_plan_key"),
        ] {
            let data = try plan(key, value)
            do {
                _ = try PlanWorkbook.read(xlsx: data)
                Issue.record("\(key) was read")
            } catch {
                #expect(error.code == expected, "\(key): \(error)")
                #expect(error.location == "sheet “plan” cell B1", "\(key): \(error)")
            }
        }
        let badNode = try F.workbook([("tasks", F.row(1, F.inline("A1", "序号")) + F.row(2, F.number("A2", "1"))),
                                      ("nodes", F.row(1, F.inline("A1", "序号")) + F.row(2, F.number("A2", "1"), F.inline("B2", "六月底")))])
        #expect(code { _ = try PlanWorkbook.read(xlsx: badNode) } == "xlsx.bad_date")
    }
}

/// LibreOffice opens the templates: each sheet of the workbook converts to CSV, and the tasks sheet's
/// CSV reads as the CSV template does.
@Suite struct PlanWorkbookLibreOfficeTests {
    static let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice", "/usr/local/bin/soffice"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test func libreOfficeOpensTheTemplates() throws {
        guard let soffice = Self.soffice else {
            #expect(!Self.onCI, "LibreOffice (libreoffice-calc) is needed on CI; Tools/test installs it")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("duban-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let workbook = folder.appendingPathComponent("plan.xlsx")
        try PlanWorkbook.template().write(to: workbook)
        let csvTemplate = folder.appendingPathComponent("tasks.csv")
        try Data(PlanWorkbook.csvTemplate().utf8).write(to: csvTemplate)
        let profile = folder.appendingPathComponent("profile")
        let output = folder.appendingPathComponent("out")
        // UTF-8 (76), every sheet to its own file (the last token, -1).
        let converted = try Self.run(soffice, [
            "-env:UserInstallation=file://\(profile.path)", "--headless",
            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir", output.path, workbook.path,
        ])
        try #require(converted.status == 0, "soffice: \(converted.output)")
        let files = try FileManager.default.contentsOfDirectory(atPath: output.path).sorted()
        #expect(files == ["plan-任务 tasks.csv", "plan-指标 indicators.csv", "plan-节点 nodes.csv", "plan-计划 plan.csv",
                          "plan-说明 guide.csv"].sorted(), "\(files)")
        let tasks = try String(contentsOf: output.appendingPathComponent("plan-任务 tasks.csv"), encoding: .utf8)
        let records = try CSVReader.records(in: tasks)
        #expect(records.map(\.fields) == [PlanWorkbook.taskHeadings, PlanWorkbook.exampleTask])
        #expect(throws: NoticeError.self) { try PlanWorkbook.read(csv: tasks) }
        let nodes = try String(contentsOf: output.appendingPathComponent("plan-节点 nodes.csv"), encoding: .utf8)
        #expect(nodes.contains("2023-03-30"), "the example node is a date cell: \(nodes)")

        // The CSV template opens too, as the tasks sheet.
        let fromCSV = try Self.run(soffice, [
            "-env:UserInstallation=file://\(profile.path)", "--headless", "--infilter=CSV:44,34,76,1",
            "--convert-to", "xlsx", "--outdir", output.path, csvTemplate.path,
        ])
        try #require(fromCSV.status == 0, "soffice: \(fromCSV.output)")
        let converted2 = try Data(contentsOf: output.appendingPathComponent("tasks.xlsx"))
        do {
            _ = try PlanWorkbook.read(xlsx: converted2)
            Issue.record("the template's example row was read as a task")
        } catch {
            #expect(error.code == "xlsx.no_tasks", "LibreOffice's workbook reads like ours: \(error)")
        }
    }
}
