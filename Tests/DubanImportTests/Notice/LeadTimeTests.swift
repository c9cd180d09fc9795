import Testing
import DubanCore
import DubanImport

/// How many days before each node responsible units report to their lead unit.
struct LeadTimeTests {
    @Test func assumesZeroDaysWithAWarningWhenTheNoticeNamesNone() throws {
        let plan = try NoticeEdits().replacing("提前3日", with: "及时").parse()
        #expect(plan.responsibleLeadDays == 0)
        #expect(plan.responsibleLeadDaysSource == nil)
        #expect(plan.nodes.allSatisfy { $0.responsibleDueDate == $0.nodeDate })
        let warning = try #require(plan.warnings.first { $0.code == "notice.no_lead_days" })
        #expect(warning.message.en.contains("--lead-days") && warning.message.zh.contains("--lead-days"))
    }

    @Test func takesTheAdminsLeadDays() throws {
        var options = NoticeOptions()
        options.responsibleLeadDays = 7
        let plan = try NoticeParser.parse(try NoticeDocument(plainText: try Fixture.noticeText), options: options)
        #expect(plan.responsibleLeadDays == 7)
        #expect(plan.responsibleLeadDaysSource == nil)
        #expect(plan.nodes.first?.responsibleDueDate == LocalDate.iso("2022-03-21"))
        #expect(!plan.warningCodes.contains("notice.no_lead_days"))
    }

    @Test func namesTheOptionWhenTheLeadTimeCountsWorkingDays() throws {
        let error = try #require(try NoticeEdits().replacing("提前3日", with: "提前3个工作日").error())
        #expect(error.code == "notice.bad_lead_days")
        #expect(error.message.en.contains("--lead-days") && error.message.zh.contains("--lead-days"))
    }

    @Test func readsTheLeadTimeInChineseNumerals() throws {
        let plan = try BodyNotice([
            "关于印发《2023年为民办实事项目》的通知", "各单位：",
            "各牵头单位每季度末报送进展情况，各责任单位提前五天报送牵头单位。",
        ]).parse()
        #expect(plan.responsibleLeadDays == 5)
        #expect(plan.responsibleLeadDaysSource == "提前五天")
        #expect(plan.nodes.first?.responsibleDueDate == LocalDate.iso("2023-03-26"))
    }
}
