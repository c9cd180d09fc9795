import DubanCore
import Foundation
import Postgres

/// Reading sheets (`GET /v1/assessments`) and the office's review of them.
struct AssessmentService: Sendable {
    let database: AppDatabase
    let clock: ServerClock

    func table(year: Int?, identity: Identity) async throws -> AssessmentTable {
        try await database.transaction(as: identity, isolation: .repeatableRead) { connection in
            let facts = try await PlanFacts.load(year: year, on: connection)
            return AssessmentTable(planYear: facts.year, criteria: try await AssessmentRecords.criteria(planID: facts.planID, on: connection),
                                   assessments: try await AssessmentRecords.sheets(planID: facts.planID, on: connection))
        }
    }

    /// Accepts (locks) or returns (with a note) a submitted sheet.
    func review(id: UUID, _ request: AssessmentReviewRequest, identity: Identity) async throws -> AssessmentRecord {
        let now = clock.now()
        let note = try DecisionNote.checked(request.note, required: request.decision == .return,
                                            missing: .invalid("review.reason_required", en: "a return needs a reason", zh: "退回须说明理由"),
                                            tooLongCode: "review.reason_too_long")
        return try await database.transaction(as: identity) { connection in
            let rows = try await connection.query("SELECT state, lead_unit_id FROM duban.assessments WHERE id = \(id) FOR UPDATE")
            guard let row = rows.first else {
                throw DomainError.missing("assessment.not_found", en: "no assessment sheet \(id.uuidString.lowercased())",
                                       zh: "考核表 \(id.uuidString.lowercased()) 不存在")
            }
            let state = AssessmentState(rawValue: try row.decode(String.self, at: 0)) ?? .submitted
            guard state == .submitted else {
                throw DomainError.refused("assessment.\(state.rawValue)", en: "this sheet is \(state.rawValue); only a submitted sheet is reviewed",
                                       zh: state == .accepted ? "该考核表已审核通过" : "该考核表已退回，等待牵头单位修改后重新提交")
            }
            let newState: AssessmentState = request.decision == .accept ? .accepted : .returned
            try await connection.execute("""
                UPDATE duban.assessments SET state = \(newState.rawValue), review_note = \(note), reviewed_by = \(identity.accountID),
                                             reviewed_at = \(now)
                 WHERE id = \(id)
                """)
            try await AppDatabase.audit("assessment.\(request.decision.rawValue)", entityType: "assessment",
                                        entityID: id.uuidString.lowercased(), on: connection)
            let record = try await AssessmentRecords.sheets(planID: nil, id: id, on: connection)[0]
            try await AssessmentRecords.publish(record, leadUnitID: try row.decode(Int64.self, at: 1), on: connection)
            return record
        }
    }
}
