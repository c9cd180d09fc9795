import Testing
import DubanCore
import DubanImport

/// Title, issuer, document number and date of issue, for notices laid out in different ways.
struct NoticeMastheadTests {
    private let rule = "各牵头单位按时间节点（6月30日、12月20日）报送进展情况。"

    @Test func readsAnIssuerAndTitleOnOneLineWithNumberAndDate() throws {
        let plan = try BodyNotice([
            "XX县人民政府办公室关于对2016年民生实事进行重点督办的通知",
            "竹府办〔2016〕20号",
            "各乡镇人民政府，县直各部门：",
            rule,
            "XX县人民政府办公室",
            "2016年2月26日",
        ]).parse()
        #expect(plan.issuer == "XX县人民政府办公室")
        #expect(plan.title == "XX县人民政府办公室关于对2016年民生实事进行重点督办的通知")
        #expect(plan.documentNumber == "竹府办〔2016〕20号")
        #expect(plan.issuedOn == LocalDate.iso("2016-02-26"))
        #expect(plan.year == 2016)
        #expect(plan.nodes.map(\.nodeDate) == ["2016-06-30", "2016-12-20"].map(LocalDate.iso))
    }

    @Test func joinsIssuersWrittenOnOneLine() throws {
        let plan = try BodyNotice(["区委办公室 区政府办公室", "关于印发《2023年为民办实事项目》的通知", "各单位：", rule]).parse()
        #expect(plan.issuer == "区委办公室、区政府办公室")
        #expect(plan.title == "2023年为民办实事项目")
        let stacked = try BodyNotice(["中共XX区委办公室", "XX区人民政府办公室", "关于印发《2023年为民办实事项目》的通知", rule]).parse()
        #expect(stacked.issuer == "中共XX区委办公室、XX区人民政府办公室")
    }

    @Test(arguments: ["柳政办发[2023]5号", "鱼委办〔2023〕1号", "竹府办【2023】12号", "柳政发（2023）3号", "柳政发(2023)3号"])
    func readsDocumentNumbers(number: String) throws {
        let top = try BodyNotice(["XX区人民政府办公室文件", number, "关于印发《2023年为民办实事项目》的通知", rule]).parse()
        #expect(top.documentNumber == number)
        #expect(top.issuer == "XX区人民政府办公室")
        let foot = try BodyNotice(["关于印发《2023年为民办实事项目》的通知", rule, "XX区人民政府办公室", number]).parse()
        #expect(foot.documentNumber == number)
    }

    @Test func readsADateOfIssueInChineseNumerals() throws {
        let plan = try BodyNotice(["关于印发《2016年为民办实事项目》的通知", rule, "XX县人民政府", "二〇一六年二月二十六日"]).parse()
        #expect(plan.issuedOn == LocalDate.iso("2016-02-26"))
        #expect(plan.issuer == "XX县人民政府")
    }

    @Test func synthesizesAMissingTitleWithAWarning() throws {
        let plan = try BodyNotice(["各镇人民政府、各街道办事处：", "为做好2023年为民办实事工作，各牵头单位每季度末报送进展情况。"]).parse()
        #expect(plan.year == 2023)
        #expect(plan.title == "2023年为民办实事项目")
        let warning = try #require(plan.warnings.first { $0.code == "notice.no_title" })
        #expect(warning.message.en.contains("--title") && warning.message.zh.contains("--title"))

        var titled = BodyNotice(["各镇人民政府、各街道办事处：", "为做好2023年为民办实事工作，各牵头单位每季度末报送进展情况。"])
        titled.options.title = "2023年区政府为民办实事项目"
        let override = try titled.parse()
        #expect(override.title == "2023年区政府为民办实事项目")
        #expect(!override.warningCodes.contains("notice.no_title"))
    }

    @Test func prefersThePlanYearOfTheBodyToTheYearOfIssue() throws {
        let plan = try BodyNotice([
            "XX区人民政府办公室关于做好为民办实事项目工作的通知", "X政办发〔2022〕30号", "各单位：",
            "经研究，2023年为民办实事项目共10项。", rule, "XX区人民政府办公室", "2022年12月20日",
        ]).parse()
        #expect(plan.year == 2023)
        #expect(plan.documentNumber == "X政办发〔2022〕30号")
        #expect(plan.issuedOn == LocalDate.iso("2022-12-20"))
        #expect(plan.nodes.map(\.nodeDate) == ["2023-06-30", "2023-12-20"].map(LocalDate.iso))
    }

    @Test func explainsAMissingYearAndNamesTheOption() throws {
        let error = try #require(BodyNotice(["关于做好为民办实事工作的通知", rule, "XX区人民政府", "2022年12月20日"]).error())
        #expect(error.code == "notice.no_year")
        #expect(error.message.en.contains("--year") && error.message.zh.contains("--year"))
        #expect(error.message.en.contains("2022-12-20"))
    }

    @Test func takesTheAdminsYearIssuerAndTitle() throws {
        var notice = BodyNotice(["关于做好为民办实事工作的通知", rule])
        notice.options.year = 2024
        notice.options.issuer = "XX区人民政府"
        notice.options.title = "2024年为民办实事"
        let plan = try notice.parse()
        #expect(plan.year == 2024 && plan.issuer == "XX区人民政府" && plan.title == "2024年为民办实事")
        #expect(plan.nodes.map(\.nodeDate) == ["2024-06-30", "2024-12-20"].map(LocalDate.iso))
    }
}
