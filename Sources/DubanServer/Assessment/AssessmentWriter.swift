import DubanCore
import Foundation
import Postgres

/// Applies `assessment.write` mutations: a lead unit's staff write (or revise) the year-end sheet of
/// one responsible unit on one task they lead. Scores are checked against the plan's criteria; a
/// pre-filled criterion (the material-submission score from the unit's on-time rate) takes the
/// server's figure when left out, and a different figure needs a reason. An accepted sheet is locked;
/// a returned one is revised and submitted again.
struct AssessmentWriter: MutationWriter {
    let clock: ServerClock

    func apply(_ payload: AssessmentWritePayload, mutation: MutationEnvelope, identity: Identity, receivedAt: Date,
               on connection: PostgresConnection) async throws -> (MutationResult, PublishedChange?)
    {
        guard identity.role == .staff else {
            throw MutationRejection("assessment.not_lead", en: "only the lead unit's staff score its responsible units",
                                    zh: "只有牵头单位工作人员可以为责任单位评分")
        }
        let rows = try await connection.query("""
            SELECT t.plan_id, t.not_applicable, duban.unit_leads_task(t.id, \(identity.unitID)), u.id,
                   EXISTS (SELECT 1 FROM duban.assignments a WHERE a.task_id = t.id AND a.unit_id = u.id AND a.role = 'responsible'),
                   p.year, t.closed_at IS NOT NULL, t.number
              FROM duban.tasks t JOIN duban.plans p ON p.id = t.plan_id LEFT JOIN duban.units u ON u.code = \(payload.unitCode)
             WHERE t.id = \(payload.taskId)
            """)
        guard let row = rows.first else {
            throw MutationRejection("report.unknown_task_or_node", en: "no such task", zh: "任务不存在")
        }
        if try row.decode(Bool.self, at: 6) {
            throw TaskClosing.closed(taskNumber: try row.decode(Int.self, at: 7))
        }
        guard try row.decode(Bool.self, at: 2) else {
            throw MutationRejection("assessment.not_lead", en: "your unit does not lead this task", zh: "本单位不是该任务的牵头单位")
        }
        guard let unitID = try row.decodeIfPresent(Int64.self, at: 3), try row.decode(Bool.self, at: 4) else {
            throw MutationRejection("assessment.not_responsible", en: "\(payload.unitCode) is not a responsible unit of this task",
                                    zh: "\(payload.unitCode) 不是该任务的责任单位")
        }
        let planID = try row.decode(Int64.self, at: 0)
        let criteria = try await AssessmentRecords.criteria(planID: planID, on: connection)
        // Pre-filled scores from the unit's on-time rate on the task (responsible tier, every node due so far).
        let facts = try await PlanFacts.load(year: try row.decode(Int.self, at: 5), now: receivedAt, on: connection)
        let counts = ReportingCounts(facts.judged(now: receivedAt)
            .filter { $0.task.id == payload.taskId && $0.assignment.unitID == unitID }.map(\.timeliness))
        var prefilled: [String: Double] = [:]
        for criterion in criteria where criterion.prefill == "timeliness" {
            prefilled[criterion.code] = ((criterion.maxScore * (counts.onTimeRate ?? 100) / 100) * 100).rounded() / 100
        }
        let (scores, reasons) = try payload.checked(against: criteria, prefilled: prefilled)
        let evidence = Array(Set(payload.evidence)).sorted()
        if !evidence.isEmpty {
            // The lead's own uploads, or files the assessed unit attached to its reports on this task (checked
            // complete when those reports were written, and readable by the lead unit).
            let held = try await connection.query("""
                SELECT count(*) FROM unnest(\(evidence)::text[]) AS e(sha)
                 WHERE EXISTS (SELECT 1 FROM duban.evidence_files f JOIN duban.evidence_holders h ON h.sha256 = f.sha256
                                WHERE f.sha256 = e.sha AND f.complete AND h.unit_id = \(identity.unitID))
                    OR EXISTS (SELECT 1 FROM duban.report_revisions v JOIN duban.reports r ON r.id = v.report_id
                                WHERE r.task_id = \(payload.taskId) AND r.unit_id = \(unitID) AND e.sha = ANY(v.evidence))
                """)[0].decode(Int.self, at: 0)
            guard held == evidence.count else {
                throw MutationRejection("report.evidence_missing",
                                        en: "an evidence file is neither uploaded by your unit nor attached to the assessed unit's reports on this task",
                                        zh: "佐证材料既不是本单位上传的，也不是被考核单位在该任务报告中附带的")
            }
        }
        let total = AssessmentRecord.total(scores, criteria: criteria)
        let encoder = WireJSON.encoder()
        let scoresJSON = String(decoding: try encoder.encode(scores), as: UTF8.self)
        let prefilledJSON = String(decoding: try encoder.encode(prefilled), as: UTF8.self)
        let reasonsJSON = String(decoding: try encoder.encode(reasons), as: UTF8.self)
        let comment = payload.comment.trimmingCharacters(in: .whitespacesAndNewlines)

        let existing = try await connection.query("""
            SELECT id, version, state FROM duban.assessments WHERE task_id = \(payload.taskId) AND unit_id = \(unitID) FOR UPDATE
            """)
        let id: UUID
        let version: Int
        if let sheet = existing.first {
            id = try sheet.decode(UUID.self, at: 0)
            let current = try sheet.decode(Int.self, at: 1)
            if try sheet.decode(String.self, at: 2) == AssessmentState.accepted.rawValue {
                throw MutationRejection("assessment.accepted", en: "the office accepted this sheet; it can no longer be changed",
                                        zh: "督查部门已审核通过该考核表，不能再修改")
            }
            guard mutation.baseVersion == current else {
                throw MutationRejection("assessment.stale", en: "the sheet is at version \(current) on the server; sync and revise that one",
                                        zh: "服务器上的考核表已是第 \(current) 版，请同步后在该版本上修改")
            }
            version = current + 1
            try await connection.execute("""
                UPDATE duban.assessments
                   SET scores = \(scoresJSON)::jsonb, prefilled = \(prefilledJSON)::jsonb, reasons = \(reasonsJSON)::jsonb,
                       comment = \(comment), evidence = \(evidence), total = \(total), state = 'submitted', version = \(version),
                       written_by = \(identity.accountID), written_at = \(receivedAt), authored_at = \(mutation.authoredAt)
                 WHERE id = \(id)
                """)
        } else {
            guard mutation.baseVersion == 0 else {
                throw MutationRejection("assessment.stale", en: "no sheet for this unit and task on the server yet", zh: "服务器上尚无该考核表")
            }
            id = payload.assessmentId
            version = 1
            let inserted = try await connection.query("""
                INSERT INTO duban.assessments (id, task_id, unit_id, lead_unit_id, scores, prefilled, reasons, comment, evidence, total,
                                               version, written_by, written_at, authored_at)
                VALUES (\(id), \(payload.taskId), \(unitID), \(identity.unitID), \(scoresJSON)::jsonb, \(prefilledJSON)::jsonb,
                        \(reasonsJSON)::jsonb, \(comment), \(evidence), \(total), 1, \(identity.accountID), \(receivedAt), \(mutation.authoredAt))
                ON CONFLICT DO NOTHING RETURNING id
                """)
            guard !inserted.isEmpty else {
                throw MutationRejection("assessment.stale", en: "another sheet for this unit and task arrived first; sync and revise it",
                                        zh: "该单位该任务的考核表已由他人先行提交，请同步后修改")
            }
        }
        try await AppDatabase.audit("assessment.write", entityType: "assessment", entityID: id.uuidString.lowercased(),
                                    detail: ["version": String(version)], on: connection)
        let record = try await AssessmentRecords.sheets(planID: planID, id: id, on: connection)[0]
        let change = ChangeRecord(seq: 0, entityType: "assessment", entityId: id.uuidString.lowercased(), assessment: record)
        return (MutationResult(id: mutation.id, status: .applied, version: version),
                PublishedChange(change: change, unitID: identity.unitID, taskID: payload.taskId))
    }
}
