import DubanCore
import Foundation
import Postgres

/// Applies `review.write` mutations: the lead unit accepts or returns a responsible unit's report, and
/// the supervision office (role `supervisor`) a lead unit's report, which is its consolidated report.
///
/// Transitions: submitted → accepted | returned; returned → (the unit resubmits) → submitted.
/// Refused: reviewing a report of one's own unit or of a task one's unit does not lead, a revision
/// that is not the head (or a report in conflict), accepting or returning a returned report before it
/// is resubmitted, anything on an accepted report, and a return without a reason.
struct ReviewWriter: MutationWriter {
    func apply(_ payload: ReviewWritePayload, mutation: MutationEnvelope, identity: Identity, receivedAt: Date,
               on connection: PostgresConnection) async throws -> (MutationResult, PublishedChange?)
    {
        let reason = payload.storedReason
        guard identity.role == .staff || identity.role == .supervisor else {
            throw MutationRejection("review.not_lead", en: "only the lead unit's staff and the supervision office review reports",
                                    zh: "只有牵头单位工作人员和督查部门可以审核报告")
        }
        let rows = try await connection.query("""
            SELECT r.task_id, r.unit_id, u.code, r.head_revision, r.open_conflicts, r.review_state,
                   duban.unit_leads_task(r.task_id, \(identity.unitID)), duban.unit_leads_task(r.task_id, r.unit_id)
              FROM duban.reports r JOIN duban.units u ON u.id = r.unit_id
             WHERE r.id = \(payload.reportId)
             FOR UPDATE OF r
            """)
        guard let row = rows.first else {
            // Row-level security hides from FOR UPDATE what the caller may read but not review: name the tier.
            let visible = try await connection.query("SELECT 1 FROM duban.reports WHERE id = \(payload.reportId)")
            if !visible.isEmpty && identity.role == .supervisor {
                throw MutationRejection("review.not_consolidated", en: "the supervision office reviews the lead unit's consolidated report; the lead unit reviews this one",
                                        zh: "督查部门审核牵头单位的汇总报告；该报告由牵头单位审核")
            }
            if !visible.isEmpty {
                throw MutationRejection("review.not_lead", en: "only the unit leading this task reviews its responsible units' reports",
                                        zh: "只有该任务的牵头单位可以审核责任单位的报告")
            }
            throw MutationRejection("review.unknown_report", en: "no such report, or not one your unit reviews",
                                    zh: "报告不存在，或不属于本单位审核范围")
        }
        let taskID = try row.decode(Int64.self, at: 0)
        let unitID = try row.decode(Int64.self, at: 1)
        let reportIsLeads = try row.decode(Bool.self, at: 7)
        if identity.role == .supervisor {
            guard reportIsLeads else {
                throw MutationRejection("review.not_consolidated", en: "the supervision office reviews the lead unit's consolidated report; the lead unit reviews this one",
                                        zh: "督查部门审核牵头单位的汇总报告；该报告由牵头单位审核")
            }
        } else {
            guard unitID != identity.unitID, try row.decode(Bool.self, at: 6), !reportIsLeads else {
                throw MutationRejection("review.not_lead", en: "only the unit leading this task reviews its responsible units' reports",
                                        zh: "只有该任务的牵头单位可以审核责任单位的报告")
            }
        }
        let state = ReviewState(rawValue: try row.decode(String.self, at: 5)) ?? .submitted
        switch state {
        case .accepted:
            throw MutationRejection("review.already_accepted", en: "this report was accepted already", zh: "该报告已审核通过")
        case .returned:
            throw MutationRejection("review.returned", en: "this report was returned; wait for the unit to resubmit",
                                    zh: "该报告已退回，请等待责任单位修改后重新报送")
        case .submitted:
            break
        }
        guard try row.decode(Int.self, at: 4) == 0 else {
            throw MutationRejection("review.in_conflict", en: "the report has unresolved conflicting revisions; its unit must resolve them first",
                                    zh: "该报告有未解决的冲突版本，须由责任单位先处理")
        }
        let head = try row.decode(Int.self, at: 3)
        guard payload.revision == head else {
            throw MutationRejection("review.not_head", en: "revision \(payload.revision) is not the report's current revision \(head)",
                                    zh: "第 \(payload.revision) 版不是该报告的当前版本（第 \(head) 版）")
        }
        let newState: ReviewState = payload.decision == .accept ? .accepted : .returned
        let received = try await connection.query("""
            INSERT INTO duban.report_reviews (report_id, revision, decision, reason, account_id, unit_id, device_id,
                                              mutation_id, authored_at, received_at)
            VALUES (\(payload.reportId), \(head), \(payload.decision.rawValue), \(reason), \(identity.accountID), \(identity.unitID),
                    \(identity.deviceID), \(mutation.id), \(mutation.authoredAt), \(receivedAt))
            RETURNING received_at, duban.account_login(\(identity.accountID)),
                      (SELECT code FROM duban.units WHERE id = \(identity.unitID))
            """)[0]
        try await connection.execute("""
            UPDATE duban.reports SET review_state = \(newState.rawValue), reviewed_revision = \(head) WHERE id = \(payload.reportId)
            """)
        let record = ReviewRecord(
            reportId: payload.reportId, taskId: taskID, unitCode: try row.decode(String.self, at: 2), revision: head,
            decision: payload.decision, reason: reason, reviewerLogin: try received.decode(String.self, at: 1),
            reviewerUnitCode: try received.decode(String.self, at: 2), authoredAt: mutation.authoredAt,
            receivedAt: try received.decode(Date.self, at: 0), reviewState: newState)
        let change = ChangeRecord(seq: 0, entityType: "report_review",
                                  entityId: "\(payload.reportId.uuidString.lowercased())/review/\(mutation.id.uuidString.lowercased())",
                                  reportRevision: nil, reportReview: record)
        return (MutationResult(id: mutation.id, status: .applied, reportId: payload.reportId, version: head),
                PublishedChange(change: change, unitID: unitID, taskID: taskID))
    }
}
