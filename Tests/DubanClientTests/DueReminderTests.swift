@testable import DubanClient
import DubanCore
import Foundation
import Testing

/// `duban status` shows first the reports due within 3 days: by the unit's tier, or a granted
/// extension's date; an exemption takes a report out.
@Suite struct DueReminderTests {
    static let reference: ReferenceData = {
        var reference = DueDatesTests.reference(timeZone: "Asia/Shanghai")
        reference.tasks.append(ReferenceData.Task(id: 12, planId: 1, number: 12, title: "t12", content: "", completionStandard: "",
                                                  notApplicable: false, districtLeadWritten: "", districtResponsibleWritten: ""))
        reference.assignments.append(.init(taskId: 12, unitCode: "jd-tianma", role: .lead))
        return reference
    }()

    /// 27 March 2022, 10:00 in Beijing: task 9's responsible due date (25 March) has passed; task 12's lead
    /// due date (28 March, the node) is tomorrow.
    static let now = DueDatesTests.time("2022-03-27T02:00:00Z")

    func granted(until date: String, unit: String = "jd-tianma", state: ExtensionState = .granted, task: Int64 = 9) -> ExtensionRecord {
        // An exemption asks for no date.
        var record = SupervisionFixtures.extensionRecord(UUID(), state: state, requested: state == .exempted ? nil : LocalDate(iso: "2022-04-05"),
                                                         granted: state == .granted ? LocalDate(iso: date) : nil, unit: unit)
        record.taskId = task
        return record
    }

    @Test func aGrantedExtensionBringsAPastNodeBackAndOrdersItByItsNewDate() {
        let plain = DueReminder.soon(unit: "jd-tianma", reference: Self.reference, reports: [], extensions: [], now: Self.now)
        #expect(plain.map(\.taskNumber) == [12])
        #expect(plain.first?.role == .lead && plain.first?.dueDate == LocalDate(iso: "2022-03-28") && plain.first?.daysLeft == 1)

        let extended = DueReminder.soon(unit: "jd-tianma", reference: Self.reference, reports: [],
                                        extensions: [granted(until: "2022-03-29")], now: Self.now)
        #expect(extended.map(\.taskNumber) == [12, 9], "1 day left before 2")
        let nine = extended[1]
        #expect(nine.dueDate == LocalDate(iso: "2022-03-29") && nine.extendedFrom == LocalDate(iso: "2022-03-25"))
        #expect(nine.daysLeft == 2 && nine.nodeDate == LocalDate(iso: "2022-03-28") && nine.role == .responsible)

        // Granted to the day itself: due today, first.
        let today = DueReminder.soon(unit: "jd-tianma", reference: Self.reference, reports: [],
                                     extensions: [granted(until: "2022-03-27")], now: Self.now)
        #expect(today.map(\.taskNumber) == [9, 12] && today[0].daysLeft == 0)

        // Further than 3 days: not yet a reminder.
        #expect(DueReminder.soon(unit: "jd-tianma", reference: Self.reference, reports: [],
                                 extensions: [granted(until: "2022-04-02")], now: Self.now).map(\.taskNumber) == [12])
        // Another unit's grant, a refused or undecided request: nothing changes.
        for other in [granted(until: "2022-03-29", unit: "jd-jiahe"), granted(until: "", state: .refused),
                      granted(until: "", state: .requested)] {
            #expect(DueReminder.soon(unit: "jd-tianma", reference: Self.reference, reports: [], extensions: [other],
                                     now: Self.now).map(\.taskNumber) == [12])
        }
    }

    @Test func anExemptionTakesTheReportOutAndTheTaskListFollowsTheGrant() {
        let exempt = granted(until: "", state: .exempted, task: 12)
        #expect(DueReminder.soon(unit: "jd-tianma", reference: Self.reference, reports: [], extensions: [exempt], now: Self.now).isEmpty)
        let rows = TaskRow.rows(unit: "jd-tianma", reference: Self.reference, reports: [], now: Self.now,
                                extensions: [exempt, granted(until: "2022-03-29")])
        let nine = rows.first { $0.number == 9 }
        #expect(nine?.dueDate == LocalDate(iso: "2022-03-29") && nine?.extendedFrom == LocalDate(iso: "2022-03-25"))
        #expect(nine?.nextNode == LocalDate(iso: "2022-03-28"))
        let twelve = rows.first { $0.number == 12 }
        #expect(twelve?.nextNode == LocalDate(iso: "2022-06-30"), "the exempted node is skipped")
    }

    @Test func anAcceptedReportNeedsNoReminderAnotherOneIsShownWithIt() throws {
        let base = LocalCacheTests()
        try base.withCache { cache in
            // Task 12, node 1: the unit's own (lead) report, accepted by the supervision office.
            let report = UUID()
            let revision = ReportRevisionRecord(
                reportId: report, taskId: 12, unitCode: "jd-tianma", nodeId: 1, revision: 1, baseVersion: 0, inConflict: false,
                text: "汇总", quantities: [:], percent: 50, authoredAt: LocalCacheTests.now, receivedAt: LocalCacheTests.now,
                accountLogin: "tianma1", deviceId: LocalCacheTests.device, reportVersion: 1, headRevision: 1, openConflicts: 0)
            _ = try cache.apply(base.response(changes: [ChangeRecord(seq: 1, entityType: "report_revision", entityId: "r1",
                                                                     reportRevision: revision)], cursor: 1),
                                deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            var reminders = DueReminder.soon(unit: "jd-tianma", reference: Self.reference, reports: try cache.reports(),
                                             extensions: [], now: Self.now)
            #expect(reminders.first?.reportId == report && reminders.first?.reportStatus == "synced")
            let review = ReviewRecord(reportId: report, taskId: 12, unitCode: "jd-tianma", revision: 1, decision: .accept, reason: nil,
                                      reviewerLogin: "dcb1", reviewerUnitCode: "dcb", authoredAt: LocalCacheTests.now,
                                      receivedAt: LocalCacheTests.now, reviewState: .accepted)
            _ = try cache.apply(base.response(changes: [ChangeRecord(seq: 2, entityType: "report_review", entityId: "v1",
                                                                     reportReview: review)], cursor: 2),
                                deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            reminders = DueReminder.soon(unit: "jd-tianma", reference: Self.reference, reports: try cache.reports(),
                                         extensions: [], now: Self.now)
            #expect(reminders.isEmpty)
        }
    }
}
