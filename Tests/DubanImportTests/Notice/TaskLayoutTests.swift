import DubanCore
import DubanImport
import Testing

/// Task lists in the layouts real notices use, written for these tests: tables with other columns,
/// merged cells and sub-rows, two-row headers, and notices that list their tasks as text.
@Suite struct TaskLayoutTests {
    /// A body that states the year, the nodes and the lead time, so each test is about its tasks.
    static let body = [
        "某县人民政府办公室",
        "关于印发2023年民生实事项目的通知",
        "各责任单位按时间节点（3月31日、6月30日、9月30日、12月20日）提前3日报送进展情况。",
        "2023年民生实事项目",
    ]

    static func plan(_ rows: [[String]], body: [String] = body) throws -> ParsedPlan {
        try NoticeParser.parse(NoticeDocument(paragraphs: body, tables: [rows]))
    }

    static func names(_ cell: UnitCell) -> [String] { cell.names }

    @Test func aTableWithoutALeadColumnMakesItsUnitsLeads() throws {
        let plan = try Self.plan([
            ["序号", "民生实事", "责任单位", "完成时限"],
            ["1", "新建公办幼儿园3所", "县教育局", "2023年8月底"],
            ["2", "改造农村公路50公里", "县交通运输局、县财政局", "2023年12月底"],
        ])
        #expect(plan.tasks.map(\.number) == [1, 2])
        #expect(plan.tasks[0].title == "新建公办幼儿园3所")
        #expect(Self.names(plan.tasks[1].districtLead) == ["县交通运输局", "县财政局"])
        #expect(plan.tasks[1].districtResponsible.names.isEmpty)
        #expect(plan.tasks[0].deadline == "2023年8月底")
        #expect(plan.tasks[0].cityLead.names.isEmpty)
        #expect(plan.warnings.contains { $0.code == "notice.no_lead_column" })
    }

    @Test func leadAndCooperatingColumns() throws {
        let plan = try Self.plan([
            ["序号", "项目名称", "建设内容及目标", "牵头单位", "配合单位", "完成时限"],
            ["1", "老旧小区改造", "完成30个老旧小区改造", "区住建局", "区财政局，各街道", "12月底"],
        ])
        let task = plan.tasks[0]
        #expect(task.title == "老旧小区改造")
        #expect(task.content == "完成30个老旧小区改造")
        #expect(task.districtLead.names == ["区住建局"])
        #expect(task.districtResponsible.names == ["区财政局", "各街道"])
        #expect(!plan.warnings.contains { $0.code == "notice.no_lead_column" })
    }

    @Test func peopleColumnsAreNotUnits() throws {
        let plan = try Self.plan([
            ["序号", "项目名称", "建设内容", "责任领导", "牵头单位", "责任单位", "责任人"],
            ["1", "城区供水管网改造", "改造管网20公里", "张三", "区水利局", "区财政局", "李四"],
        ])
        let task = plan.tasks[0]
        #expect(task.districtLead.names == ["区水利局"])
        #expect(task.districtResponsible.names == ["区财政局"])
        #expect(task.people == ["责任领导": "张三", "责任人": "李四"])
        #expect(plan.warnings.contains { $0.code == "notice.people_columns" })
    }

    @Test func quotaColumnsAreTargetsNotUnits() throws {
        let plan = try Self.plan([
            ["序号", "项目名称", "目标任务", "牵头单位", "责任单位", "城关镇", "河西镇"],
            ["1", "农村户厕改造", "改造户厕500座", "县农业农村局", "各乡镇", "300", "200"],
        ])
        let task = plan.tasks[0]
        #expect(task.completionStandard == "改造户厕500座")
        #expect(task.districtResponsible.names == ["各乡镇"])
        #expect(task.otherColumns == ["城关镇": "300", "河西镇": "200"])
    }

    @Test func rowsWiderThanTheHeaderKeepTheirExtraCells() throws {
        let plan = try Self.plan([
            ["序号", "项目名称", "牵头单位", "责任单位"],
            ["1", "建设口袋公园5个", "区住建局", "区城管局", "备注：分两批"],
        ])
        #expect(plan.tasks[0].districtResponsible.names == ["区城管局"])
        #expect(plan.tasks[0].otherColumns == ["列5": "备注：分两批"])
    }

    @Test func aNumberSpanningTwoRowsIsOneTaskWithSubItems() throws {
        // As a Word reader gives merged cells: the 序号 and the unit cell repeated on the sub-row.
        let merged = try Self.plan([
            ["序号", "项目名称", "建设内容", "牵头单位", "责任单位"],
            ["1", "改造一批老旧小区", "改造老旧小区30个", "区住建局", "各街道"],
            ["2", "医疗服务提升", "新建社区卫生服务站2个", "区卫健局", "区财政局"],
            ["2", "医疗服务提升", "家庭医生签约率达到75%", "区卫健局", "区医保局"],
            ["3", "城市道路", "新建道路5条", "区交通局", "区财政局"],
        ])
        #expect(merged.tasks.map(\.number) == [1, 2, 3])
        let two = merged.tasks[1]
        #expect(two.subItems?.map(\.label) == ["2.1", "2.2"])
        #expect(two.subItems?.map(\.content) == ["新建社区卫生服务站2个", "家庭医生签约率达到75%"])
        #expect(two.content == "新建社区卫生服务站2个\n家庭医生签约率达到75%")
        #expect(two.districtLead.names == ["区卫健局"])
        #expect(two.districtResponsible.names == ["区财政局", "区医保局"])
        #expect(two.subItems?[1].responsible.names == ["区医保局"])
        #expect(merged.warnings.contains { $0.code == "notice.sub_items" })

        // As a text export gives them: the sub-row's merged cells left out or empty.
        let short = try Self.plan([
            ["序号", "项目名称", "建设内容", "牵头单位", "责任单位"],
            ["1", "医疗服务提升", "新建社区卫生服务站2个", "区卫健局", "区财政局"],
            ["家庭医生签约率达到75%"],
            ["", "", "开展义诊100场", "", ""],
        ])
        #expect(short.tasks.count == 1)
        #expect(short.tasks[0].subItems?.map(\.content) == ["新建社区卫生服务站2个", "家庭医生签约率达到75%", "开展义诊100场"])
        #expect(short.tasks[0].districtLead.names == ["区卫健局"])
    }

    @Test func subItemsNumberedInTheNumberColumn() throws {
        let plan = try Self.plan([
            ["序号", "项目名称", "建设内容", "牵头单位", "责任单位"],
            ["1", "道路改造", "改造道路3条", "区交通局", "区财政局"],
            ["2.1", "教育提升", "新建幼儿园1所", "区教育局", "区财政局"],
            ["2.2", "教育提升", "改造操场2个", "区教育局", "区住建局"],
        ])
        #expect(plan.tasks.map(\.number) == [1, 2])
        #expect(plan.tasks[1].subItems?.map(\.label) == ["2.1", "2.2"])
        #expect(plan.tasks[1].districtResponsible.names == ["区财政局", "区住建局"])
    }

    @Test func aUnitCellWithOneNamePerLine() throws {
        let plan = try Self.plan([
            ["序号", "项目名称", "牵头单位", "责任单位"],
            ["1", "背街小巷整治", "区城管局", "区住建局\n区财政局\n各街道办事处"],
        ])
        #expect(plan.tasks[0].districtResponsible.names == ["区住建局", "区财政局", "各街道办事处"])
    }

    @Test func aTwoRowHeader() throws {
        let plan = try Self.plan([
            ["序号", "项目名称", "建设内容", "责任单位", "", "完成时限"],
            ["序号", "项目名称", "建设内容", "牵头单位", "配合单位", "完成时限"],
            ["1", "农贸市场改造", "改造农贸市场3个", "区商务局", "区市场监管局", "10月底"],
        ])
        #expect(plan.tasks.count == 1)
        #expect(plan.tasks[0].districtLead.names == ["区商务局"])
        #expect(plan.tasks[0].districtResponsible.names == ["区市场监管局"])
        #expect(plan.tasks[0].deadline == "10月底")
    }

    @Test func aLeadMarkedInsideTheResponsibleCell() throws {
        let plan = try Self.plan([
            ["序号", "民生实事", "责任单位"],
            ["1", "建设智慧停车场", "区城管局（牵头）、区公安分局、区财政局"],
            ["2", "公办养老机构改造", "牵头单位：区民政局；配合单位：区卫健局"],
        ])
        #expect(plan.tasks[0].districtLead.names == ["区城管局"])
        #expect(plan.tasks[0].districtResponsible.names == ["区公安分局", "区财政局"])
        #expect(plan.tasks[1].districtLead.names == ["区民政局"])
        #expect(plan.tasks[1].districtResponsible.names == ["区卫健局"])
    }

    @Test func groupRowsInATable() throws {
        let plan = try Self.plan([
            ["序号", "项目名称", "牵头单位", "责任单位"],
            ["一、教育", "", "", ""],
            ["1", "新建幼儿园", "区教育局", "区财政局"],
            ["二、卫生", "", "", ""],
            ["2", "社区卫生服务站", "区卫健局", "各街道"],
        ])
        #expect(plan.tasks.map(\.group) == ["教育", "卫生"])
        #expect(plan.tasks.map(\.number) == [1, 2])
        #expect(plan.tasks.map(\.label) == [nil, nil])
    }

    // MARK: Tasks as text

    static let itemsNotice = """
        某区人民政府办公室关于印发2023年为民办实事项目的通知
        各街道办事处，区直各部门：
        现将2023年为民办实事项目印发给你们。各责任单位要按时间节点（3月31日、6月30日、9月30日、12月20日）提前3日报送进展情况。
        一、教育
        （一）新建公办幼儿园3所。新增学位900个。
        牵头单位：区教育局
        责任单位：区财政局、区自然资源局
        （二）改造薄弱学校2所
        牵头单位:区教育局；责任单位:区住建局,各街道
        二、医疗卫生
        （三）建设社区卫生服务站5个（牵头单位：区卫健局；责任单位：各街道）
        （四）开展免费健康体检。
        责任单位：区卫健局、各相关单位
        三、保障措施
        各单位要加强领导。
        """

    @Test func itemsWithLabelLinesUnderChapters() throws {
        let plan = try NoticeParser.parse(try NoticeDocument(plainText: Self.itemsNotice))
        #expect(plan.tasks.map(\.number) == [1, 2, 3, 4])
        #expect(plan.tasks.map(\.label) == ["（一）", "（二）", "（三）", "（四）"])
        #expect(plan.tasks.map(\.group) == ["教育", "教育", "医疗卫生", "医疗卫生"])
        #expect(plan.tasks[0].title == "新建公办幼儿园3所")
        #expect(plan.tasks[0].content == "新增学位900个。")
        #expect(plan.tasks[0].districtLead.names == ["区教育局"])
        #expect(plan.tasks[0].districtResponsible.names == ["区财政局", "区自然资源局"])
        #expect(plan.tasks[1].districtResponsible.names == ["区住建局", "各街道"])
        #expect(plan.tasks[2].title == "建设社区卫生服务站5个")
        #expect(plan.tasks[2].districtLead.names == ["区卫健局"])
        #expect(plan.tasks[2].districtResponsible.names == ["各街道"])
        // 责任单位 alone: kept as written, a responsible unit under no lead of its own.
        #expect(plan.tasks[3].districtResponsible.names == ["区卫健局", "各相关单位"] || plan.tasks[3].districtLead.names == ["区卫健局", "各相关单位"])
        #expect(plan.nodes.map(\.nodeDate.description) == ["2023-03-31", "2023-06-30", "2023-09-30", "2023-12-20"])
        #expect(plan.year == 2023)
    }

    @Test func itemsNumberedAgainInEachChapterAreNumberedInOrder() throws {
        let text = """
            关于2024年民生实事的通知
            按时间节点（6月30日、12月20日）提前5日报送。
            一、教育
            1.新建幼儿园
            牵头单位：县教育局
            2.改造操场
            牵头单位：县教育局
            二、交通
            1.修建公路
            牵头单位：县交通局
            责任单位：各乡镇
            """
        let plan = try NoticeParser.parse(try NoticeDocument(plainText: text))
        #expect(plan.tasks.map(\.number) == [1, 2, 3])
        #expect(plan.tasks.map(\.label) == ["一.1", "一.2", "二.1"])
        #expect(plan.tasks.map(\.title) == ["新建幼儿园", "改造操场", "修建公路"])
        #expect(plan.tasks[2].districtResponsible.names == ["各乡镇"])
    }

    @Test func aLongRunOfSpacesIsReadQuickly() throws {
        // Patterns that allow spaces between words must not face a million of them.
        var body = Self.body
        body[2] = "各责任单位每" + String(repeating: " ", count: 1_000_000) + "季度末月20日前报送，提前" + String(repeating: "\u{3000}", count: 200_000) + "3日。"
        let started = ContinuousClock.now
        _ = try? Self.plan([["序号", "项目名称", "牵头单位"], ["1", "道路", "区交通局"]], body: body)
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func aHeadingUnderTheHeaderIsAGroupNotASecondHeader() throws {
        let plan = try Self.plan([
            ["序号", "项目名称", "牵头单位", "责任单位"],
            ["一、民生实事项目", "", "", ""],
            ["1", "新建幼儿园", "区教育局", "区财政局"],
            ["二、城建", "", "", ""],
            ["", "改造道路", "区交通局", ""],
        ].prefix(3).map { $0 })
        #expect(plan.tasks.map(\.number) == [1])
        #expect(plan.tasks[0].group == "民生实事项目")
        #expect(plan.tasks[0].title == "新建幼儿园")
        // An empty 序号 right after a heading continues nothing.
        #expect {
            try Self.plan([
                ["序号", "项目名称", "牵头单位", "责任单位"],
                ["1", "新建幼儿园", "区教育局", "区财政局"],
                ["二、城建", "", "", ""],
                ["", "改造道路", "区交通局", ""],
            ])
        } throws: { ($0 as? NoticeError)?.code == "notice.bad_task_number" }
    }

    @Test func textWithNeitherTableNorItemsSaysWhatWasExpected() throws {
        #expect {
            try NoticeParser.parse(try NoticeDocument(plainText: "关于2023年民生实事的通知\n一、总体要求\n做好工作。\n"))
        } throws: { error in
            guard let error = error as? NoticeError else { return false }
            return error.code == "notice.no_table" && error.message.en.contains("牵头单位") && error.message.zh.contains("模板")
        }
    }
}
