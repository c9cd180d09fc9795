import Testing
import DubanCore
import DubanImport

/// Reporting rules written in words, read into node dates of the plan year.
struct ReportingRuleTests {
    private func dates(_ isos: [String]) -> [LocalDate] { isos.map(LocalDate.iso) }

    /// A 2023 notice whose only reporting sentence is `sentence`.
    private func notice(_ sentence: String, foot: [String] = []) -> BodyNotice {
        BodyNotice(["关于印发《2023年为民办实事项目分工方案》的通知", "各镇人民政府、各街道办事处：", sentence] + foot)
    }

    @Test func keepsTheSeedsNodesAndNamesTheirSource() throws {
        let plan = try NoticeEdits().parse()
        #expect(plan.nodes.map(\.nodeDate) == dates(["2022-03-28", "2022-06-30", "2022-09-23", "2022-12-05"]))
        #expect(plan.nodes.allSatisfy { $0.source == "时间节点（3月28日、6月30日、9月23日、12月5日）" })
        #expect(plan.responsibleLeadDaysSource == "提前3日")
        #expect(plan.planDates.isEmpty)
        #expect(!plan.warningCodes.contains("notice.no_lead_days") && !plan.warningCodes.contains("notice.no_title"))
    }

    @Test func readsAnExplicitListInAReportingSentence() throws {
        let plan = try notice("各牵头单位于6月25日、12月20日前报送进展情况。").parse()
        #expect(plan.nodes.map(\.nodeDate) == dates(["2023-06-25", "2023-12-20"]))
        #expect(plan.nodes.map(\.ordinal) == [1, 2])
        #expect(plan.nodes.allSatisfy { $0.source == "各牵头单位于6月25日、12月20日前报送进展情况" })
    }

    @Test(arguments: [
        ("每季度末月20日前", ["2023-03-20", "2023-06-20", "2023-09-20", "2023-12-20"]),
        ("每季度末月二十日前", ["2023-03-20", "2023-06-20", "2023-09-20", "2023-12-20"]),
        ("每季度最后一个月的30日前", ["2023-03-30", "2023-06-30", "2023-09-30", "2023-12-30"]),
        ("每季度末", ["2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31"]),
        ("每季度结束后5日内", ["2023-04-05", "2023-07-05", "2023-10-05", "2024-01-05"]),
        ("每季度首月5日前", ["2023-04-05", "2023-07-05", "2023-10-05", "2024-01-05"]),
    ])
    func readsQuarterlyRules(rule: String, expected: [String]) throws {
        let plan = try notice("各牵头单位\(rule)将项目进展情况报送区督查办。").parse()
        #expect(plan.nodes.map(\.nodeDate) == dates(expected), "\(rule)")
        #expect(plan.nodes.allSatisfy { $0.source == rule }, "\(rule)")
    }

    @Test func readsMonthlyRulesFromTheMonthAfterIssue() throws {
        let plan = try notice("各牵头单位每月25日前报送工作进展情况。", foot: ["XX区人民政府办公室", "2023年3月29日"]).parse()
        #expect(plan.issuedOn == LocalDate.iso("2023-03-29"))
        #expect(plan.nodes.map(\.nodeDate) == (4...12).map { LocalDate(year: 2023, month: $0, day: 25)! })
        #expect(plan.nodes.allSatisfy { $0.source == "每月25日前" })
        #expect(!plan.warningCodes.contains("notice.monthly_from_january"))
    }

    @Test func leavesOutRuleDatesThatPassedBeforeTheDateOfIssue() throws {
        let plan = try notice("各牵头单位每季度末报送进展情况。", foot: ["XX区人民政府办公室", "2023年4月10日"]).parse()
        #expect(plan.nodes.map(\.nodeDate) == dates(["2023-06-30", "2023-09-30", "2023-12-31"]))
        #expect(plan.warnings.first { $0.code == "notice.nodes_before_issue" }?.message.en.contains("2023-03-31") == true)
    }

    @Test func readsAListInChineseNumerals() throws {
        let plan = try notice("各牵头单位按时间节点（六月三十日、十二月二十日）报送进展情况。").parse()
        #expect(plan.nodes.map(\.nodeDate) == dates(["2023-06-30", "2023-12-20"]))
    }

    @Test func readsMonthlyRulesOfANoticeIssuedTheYearBefore() throws {
        let plan = try BodyNotice([
            "XX区人民政府办公室关于做好为民办实事项目推进工作的通知", "各镇人民政府：",
            "2023年为民办实事项目已经区政府常务会议研究确定。各牵头单位每月底前报送推进情况。",
            "XX区人民政府办公室", "2022年12月20日",
        ]).parse()
        #expect(plan.year == 2023)
        #expect(plan.nodes.map(\.nodeDate) == (1...12).map {
            LocalDate(year: 2023, month: $0, day: LocalDate.numberOfDays(inMonth: $0, year: 2023))!
        })
    }

    @Test func readsMonthlyRulesFromJanuaryWithAWarningWhenTheDateOfIssueIsUnknown() throws {
        let plan = try notice("各牵头单位每月20日之前报送进度。").parse()
        #expect(plan.nodes.map(\.nodeDate) == (1...12).map { LocalDate(year: 2023, month: $0, day: 20)! })
        let warning = try #require(plan.warnings.first { $0.code == "notice.monthly_from_january" })
        #expect(warning.message.en.contains("January") && warning.message.zh.contains("1月"))
    }

    @Test func takesAMissingDayAsTheMonthsLastDayWithAWarning() throws {
        let plan = try notice("各牵头单位每月31日前报送进展情况。").parse()
        #expect(plan.nodes[1].nodeDate == LocalDate.iso("2023-02-28"))
        #expect(plan.nodes[3].nodeDate == LocalDate.iso("2023-04-30"))
        #expect(plan.nodes[0].nodeDate == LocalDate.iso("2023-01-31"))
        #expect(plan.warningCodes.contains("notice.day_clamped"))

        let listed = try NoticeEdits().replacing("3月28日", with: "2月30日").parse()
        #expect(listed.nodes.first?.nodeDate == LocalDate.iso("2022-02-28"))
        #expect(listed.warnings.first { $0.code == "notice.day_clamped" }?.message.zh.contains("2月30日") == true)
    }

    @Test func readsHalfYearlyRules() throws {
        let plain = try notice("各牵头单位每半年报送一次工作推进情况。").parse()
        #expect(plain.nodes.map(\.nodeDate) == dates(["2023-06-30", "2023-12-31"]))
        #expect(plain.nodes.first?.source == "每半年")
        let day = try notice("各牵头单位每半年末月25日前报送进展情况。").parse()
        #expect(day.nodes.map(\.nodeDate) == dates(["2023-06-25", "2023-12-25"]))
        #expect(day.nodes.first?.source == "每半年末月25日前")
    }

    @Test func keepsOneOffDeadlinesAsPlanDates() throws {
        let plan = try notice("各牵头单位于3月10日前制定实施方案，每季度末月20日前报送进展情况；12月10日前报送全年工作总结。").parse()
        #expect(plan.nodes.map(\.nodeDate) == dates(["2023-03-20", "2023-06-20", "2023-09-20", "2023-12-20"]))
        #expect(plan.planDates == [
            PlanDate(date: .iso("2023-03-10"), what: "制定实施方案", source: "各牵头单位于3月10日前制定实施方案"),
            PlanDate(date: .iso("2023-12-10"), what: "报送全年工作总结", source: "12月10日前报送全年工作总结"),
        ])
    }

    @Test func keepsADeadlineOfThePreviousYearAsAPlanDate() throws {
        let plan = try BodyNotice([
            "关于印发《2023年为民办实事项目》的通知", "各单位：",
            "请各牵头单位于2023年1月15日前报送实施方案。按时间节点（3月31日、6月30日）报送进展情况。",
            "XX区人民政府", "2022年12月20日",
        ]).parse()
        #expect(plan.year == 2023)
        #expect(plan.planDates.map(\.date) == [LocalDate.iso("2023-01-15")])
        #expect(plan.planDates.first?.what == "报送实施方案")
        #expect(plan.nodes.map(\.nodeDate) == dates(["2023-03-31", "2023-06-30"]))
    }

    @Test func findsTheLeadUnitsDayWhenTheNoticeGivesTwoDaysPerPeriod() throws {
        let plan = try notice("各责任单位每季度末月20日前将进展情况报送牵头单位，牵头单位于25日前汇总报送区督查办。").parse()
        #expect(plan.nodes.map(\.nodeDate) == dates(["2023-03-25", "2023-06-25", "2023-09-25", "2023-12-25"]))
        #expect(plan.responsibleLeadDays == 5)
        #expect(plan.nodes.first?.responsibleDueDate == LocalDate.iso("2023-03-20"))
        #expect(plan.responsibleLeadDaysSource?.contains("25日前") == true)

        let monthly = try notice("各责任单位每月20日前报送牵头单位，牵头单位每月25日前汇总报送进展情况。").parse()
        #expect(monthly.nodes.first?.nodeDate == LocalDate.iso("2023-01-25"))
        #expect(monthly.nodes.count == 12)
        #expect(monthly.responsibleLeadDays == 5)
    }

    @Test func findsTheLeadUnitsDateWhenOneSentenceGivesTwoDates() throws {
        let plan = try notice("各责任单位于6月25日、12月15日前将进展情况报送牵头单位，牵头单位于6月30日、12月20日前汇总报送区督查办。").parse()
        #expect(plan.nodes.map(\.nodeDate) == dates(["2023-06-30", "2023-12-20"]))
        #expect(plan.responsibleLeadDays == 5)
        #expect(plan.planDates.isEmpty)
    }

    @Test func readsWhatIsDueFromTheClauseAfterTheDate() throws {
        let plan = try notice("确保12月底前全面完成，并定期报送进展情况；各牵头单位要在6月30日前，将进展情况报送区督查办。").parse()
        #expect(plan.nodes.map(\.nodeDate) == dates(["2023-06-30"]))
        #expect(plan.nodes.first?.source == "各牵头单位要在6月30日前，将进展情况报送区督查办")
        #expect(plan.planDates == [PlanDate(date: .iso("2023-12-31"), what: "全面完成", source: "确保12月底前全面完成")])
    }

    @Test func usesTheAdminsNodesButStillReadsPlanDates() throws {
        var notice = notice("各牵头单位于3月10日前制定实施方案，每季度末报送进展情况。")
        notice.options.nodes = dates(["2023-09-30", "2023-03-30"])
        let plan = try notice.parse()
        #expect(plan.nodes.map(\.nodeDate) == dates(["2023-03-30", "2023-09-30"]))
        #expect(plan.nodes.allSatisfy { $0.source == nil })
        #expect(plan.planDates.map(\.date) == [LocalDate.iso("2023-03-10")])
    }

    @Test func explainsWhatToWriteWhenNoRuleIsFound() throws {
        let error = try #require(notice("各牵头单位要及时报送进展情况。").error())
        #expect(error.code == "notice.no_nodes")
        #expect(error.message.en.contains("--nodes") && error.message.zh.contains("--nodes"))
        #expect(error.message.en.contains("每季度末月20日前") && error.message.zh.contains("每月25日前"))
        #expect(error.message.en.contains("paragraph 3"))
    }
}
