@testable import DubanClient
import DubanCore
import Foundation
import Testing

/// `duban report consolidate`: the lead unit's draft from its responsible units' accepted reports.
@Suite struct ConsolidationTests {
    let base = LocalCacheTests()

    static let reference: ReferenceData = {
        let plan = ReferenceData.Plan(id: 1, year: 2022, title: "plan", timeZone: "Asia/Shanghai", responsibleLeadDays: 3)
        let nodes = [("2022-03-28", 1), ("2022-06-30", 2)].map { date, ordinal in
            let node = LocalDate(iso: date)!
            return ReferenceData.Node(id: Int64(ordinal), planId: 1, ordinal: ordinal, nodeDate: node, leadDueDate: node,
                                      responsibleDueDate: node.adding(days: -3))
        }
        let tasks = [9, 10].map { number in
            ReferenceData.Task(id: Int64(number), planId: 1, number: number, title: "任务\(number)", content: "", completionStandard: "",
                               notApplicable: false, districtLeadWritten: "", districtResponsibleWritten: "")
        }
        let units = [("zjj", "区住建局"), ("jd-tianma", "天马街道办事处"), ("jd-jiahe", "佳禾街道办事处"), ("jd-donghuan", "东环街道办事处")]
            .map { UnitInfo(code: $0.0, name: $0.1, kind: .bureau, parentCode: nil, aliases: [], active: true) }
        return ReferenceData(units: units, plans: [plan], nodes: nodes, tasks: tasks, assignments: [
            .init(taskId: 9, unitCode: "zjj", role: .lead),
            .init(taskId: 9, unitCode: "jd-tianma", role: .responsible),
            .init(taskId: 9, unitCode: "jd-jiahe", role: .responsible),
            .init(taskId: 9, unitCode: "jd-donghuan", role: .responsible),
            .init(taskId: 10, unitCode: "jd-tianma", role: .lead),
        ])
    }()

    func revision(_ report: UUID, unit: String, revision: Int, text: String, quantities: [String: Double], percent: Double?,
                  node: Int64 = 1, seq: Int64) -> ChangeRecord {
        let record = ReportRevisionRecord(
            reportId: report, taskId: 9, unitCode: unit, nodeId: node, revision: revision, baseVersion: revision - 1,
            inConflict: false, text: text, quantities: quantities, percent: percent, evidence: [],
            authoredAt: LocalCacheTests.now, receivedAt: LocalCacheTests.now.addingTimeInterval(Double(seq)), accountLogin: "\(unit)1",
            deviceId: LocalCacheTests.otherDevice, reportVersion: revision, headRevision: revision, openConflicts: 0)
        return ChangeRecord(seq: seq, entityType: "report_revision", entityId: "\(report)/\(revision)", reportRevision: record)
    }

    func review(_ report: UUID, unit: String, revision: Int, decision: ReviewDecision, seq: Int64) -> ChangeRecord {
        let record = ReviewRecord(reportId: report, taskId: 9, unitCode: unit, revision: revision, decision: decision,
                                  reason: decision == .return ? "补充" : nil, reviewerLogin: "zjj1", reviewerUnitCode: "zjj",
                                  authoredAt: LocalCacheTests.now, receivedAt: LocalCacheTests.now.addingTimeInterval(Double(seq)),
                                  reviewState: decision == .accept ? .accepted : .returned)
        return ChangeRecord(seq: seq, entityType: "report_review", entityId: "\(report)/review/\(seq)", reportReview: record)
    }

    /// Tianma: returned, resubmitted, accepted at revision 2. Jiahe: accepted at revision 1. Donghuan:
    /// submitted, not reviewed. Tianma's report for node 2 is accepted too (another node: left out).
    func cacheWithReports(_ body: (LocalCache) throws -> Void) throws {
        try base.withCache { cache in
            let (tianma, jiahe, donghuan, later) = (UUID(), UUID(), UUID(), UUID())
            let page = base.response(changes: [
                revision(tianma, unit: "jd-tianma", revision: 1, text: "初稿", quantities: ["parks_built": 9], percent: 90, seq: 1),
                review(tianma, unit: "jd-tianma", revision: 1, decision: .return, seq: 2),
                revision(tianma, unit: "jd-tianma", revision: 2, text: "建成口袋公园1个。\n", quantities: ["parks_built": 1, "fitness_paths": 2],
                         percent: 30, seq: 3),
                review(tianma, unit: "jd-tianma", revision: 2, decision: .accept, seq: 4),
                revision(jiahe, unit: "jd-jiahe", revision: 1, text: "建成口袋公园2个。", quantities: ["parks_built": 2], percent: 50, seq: 5),
                review(jiahe, unit: "jd-jiahe", revision: 1, decision: .accept, seq: 6),
                revision(donghuan, unit: "jd-donghuan", revision: 1, text: "未审核", quantities: ["parks_built": 5], percent: 80, seq: 7),
                revision(later, unit: "jd-tianma", revision: 1, text: "下一节点", quantities: ["parks_built": 7], percent: 70, node: 2, seq: 8),
                review(later, unit: "jd-tianma", revision: 1, decision: .accept, seq: 9),
            ], cursor: 9)
            _ = try cache.apply(page, deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            try body(cache)
        }
    }

    @Test func theDraftCreditsEachUnitSumsQuantitiesAndNamesTheMissing() throws {
        try cacheWithReports { cache in
            let reference = Self.reference
            let draft = try ReportConsolidation.draft(task: reference.tasks[0], node: reference.nodes[0], leadUnit: "zjj",
                                                      reference: reference, reports: try cache.reports())
            #expect(draft.contributions.map(\.unitCode) == ["jd-jiahe", "jd-tianma"])
            #expect(draft.contributions.map(\.revision) == [1, 2], "the accepted revision, not the returned one")
            #expect(draft.text == "【佳禾街道办事处】建成口袋公园2个。\n\n【天马街道办事处】建成口袋公园1个。\n\n"
                                 + "【数量汇总】fitness_paths=2（天马街道办事处 2）；parks_built=3（佳禾街道办事处 2，天马街道办事处 1）")
            #expect(draft.totals.map(\.key) == ["fitness_paths", "parks_built"])
            #expect(draft.totals.first { $0.key == "parks_built" }?.sum == 3)
            #expect(draft.totals.first { $0.key == "parks_built" }?.contributors.map(\.unitCode) == ["jd-jiahe", "jd-tianma"])
            #expect(draft.percent == 40, "the mean of 50 and 30; the unreviewed 80 does not count")
            #expect(draft.missing == ["jd-donghuan"])
            #expect(draft.content.quantities == ["parks_built": 3, "fitness_paths": 2])
            #expect(draft.content.percent == 40)

            // Saved as the lead's own report: through the outbox like any edit.
            let (id, _) = try cache.writeReport(reportId: nil, taskId: 9, nodeId: 1, unitCode: "zjj", content: draft.content,
                                                authoredAt: LocalCacheTests.now, now: LocalCacheTests.now)
            let saved = try #require(try cache.report(id))
            #expect(saved.unitCode == "zjj" && saved.current?.content.text == draft.text && saved.current?.state == .pending)
            #expect(try cache.outbox().count == 1)
        }
    }

    @Test func aMeanIsRoundedForTheReportAndAbsentPercentsAreLeftOut() throws {
        try base.withCache { cache in
            let reference = Self.reference
            let (a, b, c) = (UUID(), UUID(), UUID())
            _ = try cache.apply(base.response(changes: [
                revision(a, unit: "jd-tianma", revision: 1, text: "a", quantities: [:], percent: 10, seq: 1),
                review(a, unit: "jd-tianma", revision: 1, decision: .accept, seq: 2),
                revision(b, unit: "jd-jiahe", revision: 1, text: "b", quantities: [:], percent: 20, seq: 3),
                review(b, unit: "jd-jiahe", revision: 1, decision: .accept, seq: 4),
                revision(c, unit: "jd-donghuan", revision: 1, text: "c", quantities: [:], percent: nil, seq: 5),
                review(c, unit: "jd-donghuan", revision: 1, decision: .accept, seq: 6),
            ], cursor: 6), deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            var draft = try ReportConsolidation.draft(task: reference.tasks[0], node: reference.nodes[0], leadUnit: "zjj",
                                                      reference: reference, reports: try cache.reports())
            #expect(draft.percent == 15 && draft.missing.isEmpty && draft.totals.isEmpty)
            #expect(!draft.text.contains("数量汇总"))
            draft.percent = 100.0 / 3
            #expect(draft.content.percent == 33.33)
        }
    }

    @Test func onlyTheLeadUnitConsolidatesAndOnlyOnItsPlansNodes() throws {
        try cacheWithReports { cache in
            let reference = Self.reference
            let reports = try cache.reports()
            #expect(throws: ClientError.self, "a responsible unit") {
                try ReportConsolidation.draft(task: reference.tasks[0], node: reference.nodes[0], leadUnit: "jd-tianma",
                                              reference: reference, reports: reports)
            }
            do {
                _ = try ReportConsolidation.draft(task: reference.tasks[0], node: reference.nodes[0], leadUnit: "jd-unrelated",
                                                  reference: reference, reports: reports)
                Issue.record("a unit with no assignment consolidated")
            } catch let error as ClientError {
                #expect(error.code == "client.not_lead_unit" && error.message.en.contains("task 9"))
            }
            let foreign = ReferenceData.Node(id: 99, planId: 2, ordinal: 1, nodeDate: LocalDate(iso: "2023-03-28")!,
                                             leadDueDate: LocalDate(iso: "2023-03-28")!, responsibleDueDate: LocalDate(iso: "2023-03-25")!)
            #expect(throws: ClientError.self, "a node of another plan") {
                try ReportConsolidation.draft(task: reference.tasks[0], node: foreign, leadUnit: "zjj", reference: reference, reports: reports)
            }
            #expect(throws: ClientError.self, "task 10 has no responsible units") {
                try ReportConsolidation.draft(task: reference.tasks[1], node: reference.nodes[0], leadUnit: "jd-tianma",
                                              reference: reference, reports: reports)
            }
            // Node 2: only Tianma's accepted report.
            let second = try ReportConsolidation.draft(task: reference.tasks[0], node: reference.nodes[1], leadUnit: "zjj",
                                                       reference: reference, reports: reports)
            #expect(second.contributions.map(\.text) == ["下一节点"] && second.missing == ["jd-donghuan", "jd-jiahe"])
        }
    }
}
