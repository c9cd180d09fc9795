import DubanCore
import Foundation
import Postgres

/// Applies `extension.request` mutations: a unit's staff ask the supervision office for more time on
/// one task and node (or to be exempted), with a reason. Works offline like a report: the request
/// waits in the outbox and is received when the unit syncs.
struct ExtensionRequestWriter: MutationWriter {
    func apply(_ payload: ExtensionRequestPayload, mutation: MutationEnvelope, identity: Identity, receivedAt: Date,
               on connection: PostgresConnection) async throws -> (MutationResult, PublishedChange?)
    {
        let reason = payload.storedReason
        guard identity.role == .staff else {
            throw MutationRejection("extension.not_staff", en: "only a unit's staff ask for more time", zh: "只有责任单位工作人员可以申请延期")
        }
        let rows = try await connection.query("""
            SELECT t.not_applicable, n.plan_id = t.plan_id, a.role,
                   CASE WHEN a.role = 'lead' THEN n.lead_due_date ELSE n.responsible_due_date END::text,
                   EXISTS (SELECT 1 FROM duban.extensions e WHERE e.task_id = t.id AND e.unit_id = \(identity.unitID)
                                                              AND e.node_id = n.id AND e.state = 'requested'),
                   EXISTS (SELECT 1 FROM duban.extensions e WHERE e.id = \(payload.extensionId)),
                   t.closed_at IS NOT NULL, t.number
              FROM duban.tasks t CROSS JOIN duban.reporting_nodes n
              LEFT JOIN duban.assignments a ON a.task_id = \(payload.taskId) AND a.unit_id = \(identity.unitID)
             WHERE t.id = \(payload.taskId) AND n.id = \(payload.nodeId)
            """)
        guard let row = rows.first else {
            throw MutationRejection("report.unknown_task_or_node", en: "no such task or reporting node", zh: "任务或报送节点不存在")
        }
        if try row.decode(Bool.self, at: 0) {
            throw MutationRejection("report.not_applicable", en: "this task does not involve the district", zh: "该任务不涉及本区")
        }
        if try row.decode(Bool.self, at: 6) { throw TaskClosing.closed(taskNumber: try row.decode(Int.self, at: 7)) }
        guard try row.decode(Bool.self, at: 1) else {
            throw MutationRejection("report.node_not_in_plan", en: "the reporting node belongs to another plan", zh: "报送节点不属于该任务所在的计划")
        }
        guard try row.decodeIfPresent(String.self, at: 2) != nil else {
            throw MutationRejection("report.no_assignment", en: "your unit has no assignment on this task, so it is never due for it",
                                    zh: "本单位未承担该任务，无需报送")
        }
        let scheduled = try PlanFacts.date(row, 3)
        if let wanted = payload.requestedDueDate, wanted <= scheduled {
            throw MutationRejection("extension.not_later", en: "the date asked for (\(wanted)) is not after the due date \(scheduled)",
                                    zh: "申请的日期（\(wanted)）不晚于原定期限 \(scheduled)")
        }
        if try row.decode(Bool.self, at: 5) {
            throw MutationRejection("extension.id_taken", en: "this extension id already names another request", zh: "该申请编号已被使用")
        }
        if try row.decode(Bool.self, at: 4) {
            throw MutationRejection("extension.pending_exists", en: "your unit already has a request for this task and node waiting for a decision",
                                    zh: "本单位对该任务该节点的延期申请尚待答复")
        }
        // A concurrent request from another device of the unit loses on the unique index, not with an error.
        let inserted = try await connection.query("""
            INSERT INTO duban.extensions (id, task_id, unit_id, node_id, requested_due_date, reason, requested_by, requested_at, mutation_id)
            VALUES (\(payload.extensionId), \(payload.taskId), \(identity.unitID), \(payload.nodeId),
                    \(payload.requestedDueDate?.description)::date, \(reason), \(identity.accountID), \(receivedAt), \(mutation.id))
            ON CONFLICT DO NOTHING
            RETURNING id
            """)
        guard !inserted.isEmpty else {
            throw MutationRejection("extension.pending_exists", en: "your unit already has a request for this task and node waiting for a decision",
                                    zh: "本单位对该任务该节点的延期申请尚待答复")
        }
        try await AppDatabase.audit("extension.request", entityType: "extension", entityID: payload.extensionId.uuidString.lowercased(),
                                    on: connection)
        guard let record = try await SupervisionRecords.extensions(id: payload.extensionId, on: connection).first else {
            throw DomainError.internalInconsistency("extension not readable after insert")
        }
        return (MutationResult(id: mutation.id, status: .applied),
                PublishedChange(change: ExtensionRequestWriter.change(record), unitID: identity.unitID, taskID: payload.taskId))
    }

    /// The feed entry for an extension's current state.
    static func change(_ record: ExtensionRecord) -> ChangeRecord {
        ChangeRecord(seq: 0, entityType: "extension", entityId: record.id.uuidString.lowercased(), extension: record)
    }
}
