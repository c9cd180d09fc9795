import Testing
import DubanCore
import DubanImport

struct NoticeParserTests {
    private func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    @Test func parsesTheSeedNotice() throws {
        let plan = try NoticeEdits().parse()
        #expect(plan.year == 2022)
        #expect(plan.title == "2022年市政府为民办实事工作任务分工方案")
        #expect(plan.issuer == "鱼峰区人民政府")
        #expect(plan.timeZone == "Asia/Shanghai")
        #expect(plan.responsibleLeadDays == 3)
        #expect(plan.nodes.map(\.ordinal) == [1, 2, 3, 4])
        #expect(plan.nodes.map(\.nodeDate) == ["2022-03-28", "2022-06-30", "2022-09-23", "2022-12-05"].map(date))
        #expect(plan.nodes.map(\.leadDueDate) == plan.nodes.map(\.nodeDate))
        #expect(plan.nodes.map(\.responsibleDueDate)
            == ["2022-03-25", "2022-06-27", "2022-09-20", "2022-12-02"].map(date))

        #expect(plan.tasks.map(\.number) == Array(1...10))
        #expect(plan.tasks.filter(\.notApplicable).map(\.number) == [2, 3, 5, 6, 7, 10])
        for task in plan.tasks where task.notApplicable {
            #expect(task.notApplicableText == "不涉及鱼峰区")
            #expect(task.districtLead.names.isEmpty && task.districtResponsible.names.isEmpty)
        }
        #expect(plan.tasks.filter { !$0.notApplicable }.allSatisfy { $0.notApplicableText == nil })

        let first = plan.tasks[0]
        #expect(first.title == "改造一批老旧小区")
        #expect(first.content == "启动80个以上老旧小区改造（完成50个），提升小区配套设施。")
        #expect(first.completionStandard == "至少完成50个小区改造 ，其余进入实质性改造。")
        #expect(first.cityLead == UnitCell(written: "市住房城乡建设局", names: ["市住房城乡建设局"]))
        #expect(first.cityResponsible.names == ["各城区人民政府", "市发展改革委", "市财政局"])
        #expect(first.districtLead.names == ["区住建局"])
        #expect(first.districtResponsible.names == ["区发改局", "区财政局"])

        let ninth = plan.tasks[8]
        #expect(ninth.content == "建设5个游园；建设健身路径30套、篮球场10个，更换一批老旧健身器材。")
        #expect(ninth.cityLead.written == "市林业和园林局\n市体育局")
        #expect(ninth.cityLead.names == ["市林业和园林局", "市体育局"])
        #expect(ninth.cityResponsible.names.contains("阳和工业新区（北部生态新区）管委会"))
        #expect(ninth.districtLead.names == ["区住建局", "区文体广旅局"])
        #expect(ninth.districtResponsible.written == "区发改局、财政局、区自然资源局、区执法局，各街道办事处")
        #expect(ninth.districtResponsible.names == ["区发改局", "财政局", "区自然资源局", "区执法局", "各街道办事处"])

        let tenth = plan.tasks[9]
        #expect(tenth.cityResponsible == UnitCell(written: "", names: []))
        #expect(tenth.districtResponsible.written == "")
        #expect(tenth.districtLead.written == "不涉及鱼峰区")
    }

    @Test func recordsTheGivenTimeZone() throws {
        let document = try NoticeDocument(plainText: try Fixture.noticeText)
        #expect(try NoticeParser.parse(document, timeZone: "Asia/Urumqi").timeZone == "Asia/Urumqi")
    }

    // MARK: Variants the rules allow

    @Test func acceptsOtherWaysOfWritingNodes() throws {
        let halfWidth = try NoticeEdits().replacing("（3月28日、6月30日、9月23日、12月5日）", with: "(12.5, 3-28; 6月30号，9月23日)").parse()
        #expect(halfWidth.nodes.map(\.nodeDate) == ["2022-03-28", "2022-06-30", "2022-09-23", "2022-12-05"].map(date))
        let unbracketed = try NoticeEdits()
            .replacing("按时间节点（3月28日、6月30日、9月23日、12月5日）通过", with: "在时间节点为3月28日和6月30日前，通过")
            .parse()
        #expect(unbracketed.nodes.map(\.nodeDate) == ["2022-03-28", "2022-06-30"].map(date))
    }

    @Test func readsLeadDaysInWordsAndDays() throws {
        #expect(try NoticeEdits().replacing("提前3日", with: "提前三日").parse().responsibleLeadDays == 3)
        #expect(try NoticeEdits().replacing("提前3日", with: "提前 十 天").parse().responsibleLeadDays == 10)
        let five = try NoticeEdits().replacing("提前3日", with: "提前５天").parse()
        #expect(five.nodes.first?.responsibleDueDate == date("2022-03-23"))
    }

    @Test func findsTheTitleWithoutTheLineAboveTheTable() throws {
        let plan = try NoticeEdits()
            .replacing("附件：2022年市政府为民办实事工作任务分工方案\n", with: "")
            .replacing(" 附件\n2022年市政府为民办实事工作任务分工方案\n", with: "")
            .parse()
        #expect(plan.title == "2022年市政府为民办实事工作任务分工方案")
    }

    @Test func skipsRepeatedHeadersEmptyRowsAndPageFooters() throws {
        let header = "\t序号\n\t标题\n\t实事内容\n\t牵头单位\n\t责任单位\n\t完成标准\n\t城区牵头单位\n\t城区责任单位\n\n"
        let plan = try NoticeEdits()
            .replacing("\t6\n", with: "\t\n\t\n\n— 18 —\n\n" + header + "\t6\n")
            .parse()
        #expect(plan.tasks.map(\.number) == Array(1...10))
        #expect(plan == (try NoticeEdits().parse()))
    }

    @Test func leavesNoDistrictOrYearBuiltIn() throws {
        let plan = try NoticeEdits()
            .replacing("2022", with: "2031")
            .replacing("不涉及鱼峰区", with: "不涉及柳南区")
            .replacing("鱼峰区", with: "柳南区")
            .parse()
        #expect(plan.year == 2031)
        #expect(plan.issuer == "柳南区人民政府")
        #expect(plan.nodes.last?.responsibleDueDate == date("2031-12-02"))
        #expect(plan.tasks.filter(\.notApplicable).count == 6)
    }

    // MARK: Malformed notices

    @Test func refusesADocumentWithoutATable() {
        #expect { try NoticeParser.parse(NoticeDocument(paragraphs: ["2022年方案"], tables: [])) } throws: { error in
            (error as? NoticeError)?.code == "notice.no_table"
        }
        let header = try? NoticeEdits().replacing("\t序号\n", with: "\t编  码\n").replacing("\t标题\n", with: "\t名目\n")
            .replacing("\t实事内容\n", with: "\t说明\n").replacing("\t完成标准\n", with: "\t目标\n")
            .replacing("\t城区牵头单位\n", with: "\t其他\n").replacing("\t城区责任单位\n", with: "\t又一\n")
            .error()
        #expect(header?.code == "notice.no_header")
    }

    @Test func refusesARowWithTooFewCells() throws {
        let error = try NoticeEdits().replacing("\t完成35个农村饮水巩固提升工程建设。\n", with: "").error()
        #expect(error?.code == "notice.row_too_few_cells")
        #expect(error?.location == "table row 4 (task 3)")
    }

    @Test func refusesANodeDateThatIsNotADay() throws {
        for bad in ["13月1日", "3月32日", "3月上旬"] {
            let error = try NoticeEdits().replacing("3月28日", with: bad).error()
            #expect(error?.code == "notice.bad_node_date", "\(bad)")
            #expect(error?.location == "paragraph 9", "\(bad)")
            #expect(error?.message.en.contains(bad) == true, "\(bad)")
            #expect(error?.message.zh.contains(bad) == true, "\(bad)")
        }
        let otherYear = try NoticeEdits().replacing("3月28日", with: "2021年3月28日").error()
        #expect(otherYear?.code == "notice.bad_node_date")
    }

    @Test func refusesANoticeWithoutNodes() throws {
        let error = try NoticeEdits().replacing("按时间节点（3月28日、6月30日、9月23日、12月5日）", with: "").error()
        #expect(error?.code == "notice.no_nodes")
        #expect(error?.location == "paragraphs 1–14")
        #expect(try NoticeEdits().replacing("（3月28日、6月30日、9月23日、12月5日）", with: "（）").error()?.code
            == "notice.no_nodes")
    }

    @Test func refusesANoticeWithoutAYear() throws {
        let error = try NoticeEdits().replacing("2022年", with: "本年度").error()
        #expect(error?.code == "notice.no_year")
        #expect(error?.location?.contains("paragraphs 1–14") == true)
    }

    @Test func readsAMonthsEndInTheNodeList() throws {
        let plan = try NoticeEdits().replacing("3月28日", with: "3月底").parse()
        #expect(plan.nodes.first?.nodeDate == date("2022-03-31"))
    }

    @Test func refusesWorkingLeadDays() throws {
        let working = try NoticeEdits().replacing("提前3日", with: "提前3个工作日").error()
        #expect(working?.code == "notice.bad_lead_days")
        #expect(working?.location == "paragraph 9")
    }

    @Test func keepsAColumnItDoesNotReadAndRefusesAHeaderWithoutUnits() throws {
        let remarks = try NoticeEdits().replacing("\t完成标准\n", with: "\t备注\n").parse()
        #expect(remarks.tasks[0].completionStandard == "")
        #expect(remarks.tasks[0].otherColumns?["备注"] == "至少完成50个小区改造 ，其余进入实质性改造。")
        #expect(remarks.warnings.contains { $0.code == "notice.other_columns" })
        let noUnits = try NoticeEdits().replacing("\t牵头单位\n", with: "\t甲\n").replacing("\t责任单位\n", with: "\t乙\n")
            .replacing("\t城区牵头单位\n", with: "\t丙\n").replacing("\t城区责任单位\n", with: "\t丁\n").error()
        #expect(noUnits?.code == "notice.no_header")
        #expect(noUnits?.message.en.contains("牵头单位") == true)
        #expect(noUnits?.message.zh.contains("--template") == true)
    }

    @Test func refusesBadAndDuplicateTaskNumbers() throws {
        #expect(try NoticeEdits().replacing("\t3\n", with: "\t三\n").parse().tasks[2].number == 3)
        let bad = try NoticeEdits().replacing("\t3\n", with: "\t甲\n").error()
        #expect(bad?.code == "notice.bad_task_number")
        #expect(bad?.location == "table row 4")
        #expect(try NoticeEdits().replacing("\t3\n", with: "\t0\n").error()?.code == "notice.bad_task_number")
        let duplicate = try NoticeEdits().replacing("\t4\n", with: "\t2\n").error()
        #expect(duplicate?.code == "notice.duplicate_task_number")
        #expect(duplicate?.location == "table row 5 (task 2)")
    }

    @Test func describesErrorsWithCodeAndLocation() {
        let error = NoticeError(code: "notice.no_nodes", location: "paragraphs 1–3", en: "No nodes.", zh: "无节点。")
        #expect(error.description == "notice.no_nodes at paragraphs 1–3: No nodes.")
    }
}
