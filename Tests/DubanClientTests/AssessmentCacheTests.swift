@testable import DubanClient
import DubanCore
import Foundation
import Testing

/// Year-end sheets in the cache: `assessment.write` through the outbox (offline, whole sheet, base
/// version of the sheet held here), refused locally where the server would refuse for sure, confirmed
/// by an answer that names no report, quarantined and retried, and listed with a column per criterion.
@Suite struct AssessmentCacheTests {
    let base = LocalCacheTests()
    static let now = LocalCacheTests.now
    static let criteria = [
        AssessmentCriterion(code: "material_submission", nameZh: "材料报送", nameEn: "material submission", maxScore: 40, weight: 40,
                            prefill: "timeliness"),
        AssessmentCriterion(code: "cooperation", nameZh: "配合完成实事项目", nameEn: "cooperation on the task", maxScore: 40, weight: 40,
                            prefill: nil),
        AssessmentCriterion(code: "bonus_confirmation", nameZh: "绩效加分确认", nameEn: "bonus-point confirmation", maxScore: 20,
                            weight: 20, prefill: nil),
    ]

    static let reference: ReferenceData = {
        let plan = ReferenceData.Plan(id: 1, year: 2022, title: "plan", timeZone: "Asia/Shanghai", responsibleLeadDays: 3)
        let node = ReferenceData.Node(id: 1, planId: 1, ordinal: 1, nodeDate: LocalDate(iso: "2022-03-28")!,
                                      leadDueDate: LocalDate(iso: "2022-03-28")!, responsibleDueDate: LocalDate(iso: "2022-03-25")!)
        let tasks = [9, 4].map {
            ReferenceData.Task(id: Int64($0), planId: 1, number: $0, title: "任务\($0)", content: "", completionStandard: "",
                               notApplicable: false, districtLeadWritten: "", districtResponsibleWritten: "")
        }
        let units = [("zjj", "区住建局"), ("jd-tianma", "天马街道办事处"), ("jd-jiahe", "驾鹤街道办事处")].map {
            UnitInfo(code: $0.0, name: $0.1, kind: .bureau, parentCode: nil, aliases: [], active: true)
        }
        return ReferenceData(units: units, plans: [plan], nodes: [node], tasks: tasks, assignments: [
            .init(taskId: 9, unitCode: "zjj", role: .lead), .init(taskId: 9, unitCode: "jd-tianma", role: .responsible),
            .init(taskId: 9, unitCode: "jd-jiahe", role: .responsible), .init(taskId: 4, unitCode: "jd-tianma", role: .responsible),
        ])
    }()

    /// A cache signed in as the lead unit's staff, holding the plan.
    func withLeadCache(criteria: Bool = true, _ body: (LocalCache) throws -> Void) throws {
        try base.withCache { cache in
            try cache.setAccount(unitCode: "zjj", role: "staff")
            _ = try cache.apply(SyncResponse(epoch: "e1", epochChanged: false, results: [], changes: [], cursor: 0, hasMore: false,
                                             referenceVersion: 1, reference: Self.reference, serverTime: Self.now),
                                deviceId: LocalCacheTests.device, now: Self.now)
            if criteria { try cache.storeAssessmentCriteria(Self.criteria, planYear: 2022) }
            try body(cache)
        }
    }

    static func record(_ id: UUID, unit: String = "jd-jiahe", scores: [String: Double], prefilled: Double = 0,
                       reasons: [String: String] = [:], state: AssessmentState = .submitted, version: Int = 1,
                       note: String? = nil) -> AssessmentRecord {
        AssessmentRecord(id: id, planYear: 2022, taskId: 9, taskNumber: 9, unitCode: unit, unitName: "驾鹤街道办事处", leadUnitCode: "zjj",
                         scores: scores, prefilled: ["material_submission": prefilled], reasons: reasons, comment: "配合积极",
                         evidence: [], total: AssessmentRecord.total(scores, criteria: criteria), state: state, reviewNote: note,
                         version: version, writtenBy: "zjj1", writtenAt: now, reviewedAt: state == .submitted ? nil : now)
    }

    static func change(_ seq: Int64, _ record: AssessmentRecord) -> ChangeRecord {
        ChangeRecord(seq: seq, entityType: "assessment", entityId: record.id.uuidString.lowercased(), assessment: record)
    }

    func payload(_ entry: OutboxEntry) throws -> AssessmentWritePayload {
        try WireJSON.decoder().decode(AssessmentWritePayload.self, from: Data(entry.payload.utf8))
    }

    @Test func aDraftGoesToTheOutboxAndItsAnswerNeedsNoReport() throws {
        try withLeadCache { cache in
            let written = try cache.writeAssessment(
                taskId: 9, unitCode: "jd-jiahe",
                edit: AssessmentEdit(scores: ["cooperation": 30, "bonus_confirmation": 5], comment: " 配合积极 "),
                authoredAt: Self.now, now: Self.now)
            let outbox = try cache.outbox()
            #expect(outbox.map(\.id) == [written.mutationId])
            #expect(outbox[0].kind == "assessment.write" && outbox[0].baseVersion == 0 && outbox[0].entityId == written.assessmentId)
            #expect(outbox[0].payloadSha256 == SHA256Hex.of(outbox[0].payload))
            #expect(try payload(outbox[0]) == AssessmentWritePayload(
                assessmentId: written.assessmentId, taskId: 9, unitCode: "jd-jiahe", scores: ["cooperation": 30, "bonus_confirmation": 5],
                comment: "配合积极"), "the pre-filled criterion is left to the server")
            #expect(try cache.localAssessmentDrafts().map(\.status) == ["pending"])

            // A second draft of the same sheet before any sync replaces the first (the sheet is sent whole).
            let again = try cache.writeAssessment(taskId: 9, unitCode: "jd-jiahe", edit: AssessmentEdit(scores: ["cooperation": 32]),
                                                  authoredAt: Self.now, now: Self.now)
            #expect(again.assessmentId == written.assessmentId && again.superseded == 1)
            let replaced = try cache.outbox()
            #expect(replaced.map(\.id) == [again.mutationId] && replaced[0].baseVersion == 0)
            #expect(try payload(replaced[0]).scores == ["cooperation": 32, "bonus_confirmation": 5], "what is not given stays")
            #expect(try payload(replaced[0]).comment == "配合积极")

            // Applied: confirmed without a report; the sheet comes with the pull.
            let record = Self.record(written.assessmentId, scores: ["material_submission": 0, "cooperation": 32, "bonus_confirmation": 5])
            let outcome = try cache.apply(base.response(results: [MutationResult(id: again.mutationId, status: .applied, version: 1)],
                                                        changes: [Self.change(3, record)], cursor: 3),
                                          deviceId: LocalCacheTests.device, now: Self.now)
            #expect(outcome.confirmed == 1 && outcome.pulled == 1)
            #expect(try cache.outbox().isEmpty && cache.localAssessmentDrafts().isEmpty)
            #expect(try cache.integer("SELECT count(*) FROM reports") == 0)
            #expect(try cache.assessments() == [record])

            // A revision goes on version 1 under the same id; the pre-filled figure stays the server's.
            let revision = try cache.writeAssessment(taskId: 9, unitCode: "jd-jiahe", edit: AssessmentEdit(scores: ["bonus_confirmation": 8]),
                                                     authoredAt: Self.now, now: Self.now)
            #expect(revision.assessmentId == written.assessmentId && revision.baseVersion == 1)
            #expect(try payload(try cache.outbox()[0]).scores == ["cooperation": 32, "bonus_confirmation": 8])
        }
    }

    @Test func refusedLocallyWhatTheServerWouldRefuse() throws {
        try withLeadCache { cache in
            func refusal(_ task: Int64, _ unit: String, _ edit: AssessmentEdit) -> String? {
                do {
                    try cache.writeAssessment(taskId: task, unitCode: unit, edit: edit, authoredAt: Self.now, now: Self.now)
                    return nil
                } catch let error as ClientError {
                    return error.code
                } catch {
                    return "\(error)"
                }
            }
            func refusal(_ edit: AssessmentEdit) -> String? { refusal(9, "jd-jiahe", edit) }
            let full = AssessmentEdit(scores: ["cooperation": 30, "bonus_confirmation": 5])
            #expect(refusal(4, "jd-tianma", full) == "client.assessment_not_lead", "zjj does not lead task 4")
            #expect(refusal(9, "zjj", full) == "client.assessment_not_responsible")
            #expect(refusal(9, "jd-baisha", full) == "client.assessment_not_responsible")
            #expect(refusal(AssessmentEdit(scores: ["cooperation": 30])) == "assessment.score_missing")
            #expect(refusal(AssessmentEdit(scores: ["cooperation": 41, "bonus_confirmation": 5])) == "assessment.score_out_of_range")
            #expect(refusal(AssessmentEdit(scores: ["cooperation": -1, "bonus_confirmation": 5])) == "assessment.score_out_of_range")
            #expect(refusal(AssessmentEdit(scores: ["cooperation": 30, "bonus_confirmation": 5, "speed": 1]))
                    == "assessment.unknown_criterion")
            #expect(refusal(AssessmentEdit(scores: ["cooperation": 30, "bonus_confirmation": 5], evidence: ["abc"]))
                    == "report.bad_evidence")
            #expect(try cache.outbox().isEmpty, "nothing refused reaches the outbox")

            // With the server's pre-filled figure held here, a different one needs a reason.
            let id = UUID()
            _ = try cache.apply(base.response(changes: [Self.change(1, Self.record(id, scores: ["material_submission": 0, "cooperation": 30,
                                                                                              "bonus_confirmation": 5],
                                                                                   state: .returned, note: "请核实"))], cursor: 1),
                                deviceId: LocalCacheTests.device, now: Self.now)
            #expect(refusal(AssessmentEdit(scores: ["material_submission": 20])) == "assessment.reason_required")
            let revised = try cache.writeAssessment(taskId: 9, unitCode: "jd-jiahe",
                                                    edit: AssessmentEdit(scores: ["material_submission": 20],
                                                                         reasons: ["material_submission": "系统故障"]),
                                                    authoredAt: Self.now, now: Self.now)
            #expect(revised.assessmentId == id && revised.baseVersion == 1)
            #expect(revised.payload.scores == ["material_submission": 20, "cooperation": 30, "bonus_confirmation": 5])
            #expect(revised.payload.reasons == ["material_submission": "系统故障"])
            // Handed back to the server's figure: the score and its reason go.
            let back = try cache.writeAssessment(taskId: 9, unitCode: "jd-jiahe", edit: AssessmentEdit(prefill: ["material_submission"]),
                                                 authoredAt: Self.now, now: Self.now)
            #expect(back.payload.scores == ["cooperation": 30, "bonus_confirmation": 5] && back.payload.reasons.isEmpty)

            // Accepted: locked.
            _ = try cache.apply(base.response(changes: [Self.change(2, Self.record(id, scores: ["material_submission": 0, "cooperation": 30,
                                                                                              "bonus_confirmation": 5],
                                                                                   state: .accepted, version: 2))], cursor: 2),
                                deviceId: LocalCacheTests.device, now: Self.now)
            #expect(refusal(full) == "client.assessment_accepted")
        }
    }

    @Test func notTheLeadsStaffAndNoCriteria() throws {
        try withLeadCache(criteria: false) { cache in
            // Without the criteria held here, only what needs none is checked: the server judges the rest.
            let written = try cache.writeAssessment(taskId: 9, unitCode: "jd-tianma", edit: AssessmentEdit(scores: ["cooperation": 30]),
                                                    authoredAt: Self.now, now: Self.now)
            #expect(written.baseVersion == 0)
            try cache.setAccount(unitCode: "zjj", role: "supervisor")
            #expect(throws: ClientError.self, "only a unit's staff score") {
                try cache.writeAssessment(taskId: 9, unitCode: "jd-tianma", edit: AssessmentEdit(scores: ["cooperation": 30]),
                                          authoredAt: Self.now, now: Self.now)
            }
        }
    }

    @Test func aRejectedDraftIsQuarantinedAndRetriedOnTheVersionHeldNow() throws {
        try withLeadCache { cache in
            let id = UUID()
            _ = try cache.apply(base.response(changes: [Self.change(1, Self.record(id, scores: ["material_submission": 0, "cooperation": 30,
                                                                                              "bonus_confirmation": 5]))], cursor: 1),
                                deviceId: LocalCacheTests.device, now: Self.now)
            let written = try cache.writeAssessment(taskId: 9, unitCode: "jd-jiahe", edit: AssessmentEdit(scores: ["cooperation": 35]),
                                                    authoredAt: Self.now, now: Self.now)
            #expect(written.baseVersion == 1)
            let refusal = MutationResult(id: written.mutationId, status: .rejected, code: "assessment.stale",
                                         message: "the sheet is at version 2 on the server", messageZh: "服务器上的考核表已是第 2 版")
            // The office returned it meanwhile: version 2 arrives with the refusal.
            let returned = Self.record(id, scores: ["material_submission": 0, "cooperation": 30, "bonus_confirmation": 5], state: .returned,
                                       version: 2, note: "请补充")
            let outcome = try cache.apply(base.response(results: [refusal], changes: [Self.change(2, returned)], cursor: 2),
                                          deviceId: LocalCacheTests.device, now: Self.now)
            #expect(outcome.rejected == 1)
            let drafts = try cache.localAssessmentDrafts()
            #expect(drafts.map(\.status) == ["rejected"])
            #expect(drafts.first?.rejection?.zh == "assessment.stale: 服务器上的考核表已是第 2 版")
            #expect(try cache.quarantine().first?.entityId == id)

            let retried = try cache.retry(quarantined: written.mutationId, now: Self.now)
            let outbox = try cache.outbox()
            #expect(outbox.map(\.id) == [retried] && outbox[0].baseVersion == 2, "on the version held now")
            #expect(try payload(outbox[0]).scores["cooperation"] == 35)
            #expect(try cache.quarantine().isEmpty)

            // A new draft drops a refused one of the same sheet.
            _ = try cache.apply(base.response(results: [MutationResult(id: retried, status: .rejected, code: "assessment.x", message: "x")],
                                              cursor: 3), deviceId: LocalCacheTests.device, now: Self.now)
            let fresh = try cache.writeAssessment(taskId: 9, unitCode: "jd-jiahe", edit: AssessmentEdit(scores: ["cooperation": 36]),
                                                  authoredAt: Self.now, now: Self.now)
            #expect(fresh.superseded == 1 && fresh.baseVersion == 2)
            #expect(try cache.quarantine().isEmpty && cache.localAssessmentDrafts().map(\.status) == ["pending"])
        }
    }

    @Test func aDraftAfterOneSentButUnansweredRevisesTheVersionThatOneMakes() throws {
        try withLeadCache { cache in
            let first = try cache.writeAssessment(taskId: 9, unitCode: "jd-tianma", edit: AssessmentEdit(scores: ["cooperation": 30, "bonus_confirmation": 5]),
                                                  authoredAt: Self.now, now: Self.now)
            try cache.markSent(try cache.outbox(), now: Self.now)
            let second = try cache.writeAssessment(taskId: 9, unitCode: "jd-tianma", edit: AssessmentEdit(scores: ["cooperation": 31]),
                                                   authoredAt: Self.now, now: Self.now)
            #expect(second.superseded == 0 && second.baseVersion == 1 && second.assessmentId == first.assessmentId)
            #expect(try cache.outbox().map(\.baseVersion) == [0, 1])
        }
    }

    @Test func sheetsAreForgottenWithANewEpochAndCriteriaAreKeptPerYear() throws {
        try withLeadCache { cache in
            #expect(try cache.assessmentCriteria(planYear: 2022) == Self.criteria)
            #expect(try cache.assessmentCriteria() == Self.criteria)
            #expect(try cache.assessmentCriteria(planYear: 2023).isEmpty)
            #expect(try cache.assessmentCriteriaYears() == [2022])
            _ = try cache.apply(base.response(changes: [Self.change(1, Self.record(UUID(), scores: ["cooperation": 1]))], cursor: 1),
                                deviceId: LocalCacheTests.device, now: Self.now)
            #expect(try cache.assessments().count == 1)
            #expect(try cache.urges().isEmpty && cache.extensions().isEmpty, "not mistaken for other supervision records")
            _ = try cache.apply(base.response(cursor: 0, epoch: "e2", epochChanged: true), deviceId: LocalCacheTests.device, now: Self.now)
            #expect(try cache.assessments().isEmpty)
        }
    }

    @Test func theListingHasAColumnPerCriterionAndTheWorkbookTheSameRows() throws {
        let accepted = AssessmentRow(Self.record(UUID(), unit: "jd-tianma", scores: ["material_submission": 40, "cooperation": 36,
                                                                                    "bonus_confirmation": 10], state: .accepted),
                                     taskTitle: "健身路径")
        let returned = AssessmentRow(Self.record(UUID(), scores: ["material_submission": 20, "cooperation": 30, "bonus_confirmation": 5],
                                                 reasons: ["material_submission": "系统故障"], state: .returned, note: "请核实"))
        let draft = AssessmentRow(LocalAssessmentDraft(mutationId: UUID(), payload: AssessmentWritePayload(
                                      assessmentId: UUID(), taskId: 9, unitCode: "jd-jiahe", scores: ["cooperation": 30, "bonus_confirmation": 5]),
                                                       baseVersion: 0, authoredAt: Self.now, status: "pending", rejection: nil),
                                  reference: Self.reference, leadUnitCode: "zjj", criteria: Self.criteria, language: .en)
        #expect(accepted.total == 86 && returned.total == 55)
        #expect(draft.total == nil && draft.taskNumber == 9 && draft.unitName == "驾鹤街道办事处" && draft.isLocal)
        let columns = AssessmentColumns(criteria: Self.criteria, rows: [])
        let english = Presentation(language: .en, timeZone: TimeZone(identifier: "Asia/Shanghai")!)
        let table = try Listing.assessmentTable(columns).render([accepted, returned], body: [accepted], format: .csv, presentation: english)
        let lines = table.dropFirst().split(separator: "\r\n").map(String.init)
        #expect(lines[0] == "task,title,unit,unit name,lead,material submission,cooperation on the task,bonus-point confirmation,total,state,comment")
        #expect(lines[1] == "9,健身路径,jd-tianma,驾鹤街道办事处,zjj,40,36,10,86.00,accepted,配合积极", "\(lines)")
        #expect(lines[2] == "9,,jd-jiahe,驾鹤街道办事处,zjj,20,30,5,55.00,returned,配合积极")
        let chinese = Listing.assessmentTable(columns).headers(Presentation(language: .zh))
        #expect(chinese.contains("材料报送") && chinese.contains("配合完成实事项目") && chinese.contains("绩效加分确认"))

        // The same rows as typed cells for the workbook: scores and totals are numbers.
        let cells = Listing.assessmentTable(columns).cells([accepted], presentation: english)
        #expect(cells[0][5] == .number(40, decimals: nil) && cells[0][8] == .number(86, decimals: 2) && cells[0][0] == .integer(9))
        let workbook = try Listing.assessmentTable(columns).export([accepted, returned], body: [accepted], format: .xlsx,
                                                                   presentation: english, sheetName: "assessment", modified: Self.now)
        #expect(workbook.starts(with: [0x50, 0x4B]), "a zip")

        // The list: a draft shows its pre-filled score as such; without criteria, codes head the columns.
        let list = try Listing.assessments(columns).render([returned, draft], body: [returned], format: .table, presentation: english)
        #expect(list.contains("pre-filled") && list.contains("not yet sent") && list.contains("请核实"), "\(list)")
        let byCode = AssessmentColumns(criteria: [], rows: [returned])
        #expect(byCode.criteria.map(\.code) == ["bonus_confirmation", "cooperation", "material_submission"])
        #expect(Listing.assessments(byCode).headers(english).contains("material_submission"))
    }
}
