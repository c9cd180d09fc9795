import DubanCore
import Foundation
import Postgres

/// Reads assessment criteria and sheets.
enum AssessmentRecords {
    /// The plan's own criteria, or the defaults when it has none.
    static func criteria(planID: Int64, on connection: PostgresConnection) async throws -> [AssessmentCriterion] {
        try await connection.query("""
            SELECT code, name_zh, name_en, max_score::float8, weight::float8, prefill FROM duban.assessment_criteria
             WHERE plan_id IS NOT DISTINCT FROM (CASE WHEN EXISTS (SELECT 1 FROM duban.assessment_criteria WHERE plan_id = \(planID))
                                                      THEN \(planID) END)
             ORDER BY ordinal, code
            """).map { row in
            AssessmentCriterion(code: try row.decode(String.self, at: 0), nameZh: try row.decode(String.self, at: 1),
                                nameEn: try row.decode(String.self, at: 2), maxScore: try row.decode(Double.self, at: 3),
                                weight: try row.decode(Double.self, at: 4), prefill: try row.decodeIfPresent(String.self, at: 5))
        }
    }

    /// Sheets the caller may see (row-level security), of one plan, or one sheet.
    static func sheets(planID: Int64?, id: UUID? = nil, on connection: PostgresConnection) async throws -> [AssessmentRecord] {
        try await connection.query("""
            SELECT a.id, p.year, a.task_id, t.number, u.code, u.name, l.code, a.scores::text, a.prefilled::text, a.reasons::text,
                   a.comment, a.evidence, a.total::float8, a.state, a.review_note, a.version, duban.account_login(a.written_by),
                   a.written_at, a.reviewed_at
              FROM duban.assessments a
              JOIN duban.tasks t ON t.id = a.task_id JOIN duban.plans p ON p.id = t.plan_id
              JOIN duban.units u ON u.id = a.unit_id JOIN duban.units l ON l.id = a.lead_unit_id
             WHERE (\(planID)::bigint IS NULL OR t.plan_id = \(planID)::bigint) AND (\(id)::uuid IS NULL OR a.id = \(id)::uuid)
             ORDER BY t.number, u.code
            """).map { row in
            let decoder = WireJSON.decoder()
            return AssessmentRecord(
                id: try row.decode(UUID.self, at: 0), planYear: try row.decode(Int.self, at: 1), taskId: try row.decode(Int64.self, at: 2),
                taskNumber: try row.decode(Int.self, at: 3), unitCode: try row.decode(String.self, at: 4),
                unitName: try row.decode(String.self, at: 5), leadUnitCode: try row.decode(String.self, at: 6),
                scores: try decoder.decode([String: Double].self, from: Data(try row.decode(String.self, at: 7).utf8)),
                prefilled: try decoder.decode([String: Double].self, from: Data(try row.decode(String.self, at: 8).utf8)),
                reasons: try decoder.decode([String: String].self, from: Data(try row.decode(String.self, at: 9).utf8)),
                comment: try row.decode(String.self, at: 10), evidence: try row.decode([String].self, at: 11),
                total: try row.decode(Double.self, at: 12), state: AssessmentState(rawValue: try row.decode(String.self, at: 13)) ?? .submitted,
                reviewNote: try row.decodeIfPresent(String.self, at: 14), version: try row.decode(Int.self, at: 15),
                writtenBy: try row.decodeIfPresent(String.self, at: 16) ?? "", writtenAt: try row.decode(Date.self, at: 17),
                reviewedAt: try row.decodeIfPresent(Date.self, at: 18))
        }
    }

    /// The feed entry for a sheet: the lead unit and the office see it, the assessed unit does not.
    static func publish(_ record: AssessmentRecord, leadUnitID: Int64, on connection: PostgresConnection) async throws {
        try await SupervisionRecords.publish(ChangeRecord(seq: 0, entityType: "assessment", entityId: record.id.uuidString.lowercased(),
                                                          assessment: record),
                                             unitID: leadUnitID, taskID: record.taskId, on: connection)
    }
}
