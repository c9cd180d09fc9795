import DubanCore
import Foundation
import Postgres

/// Applies `report.write` mutations: every accepted write becomes a new revision; a write on a stale
/// base version is still stored, as a revision in conflict; nothing is overwritten or dropped.
struct ReportWriter: MutationWriter {
    func apply(_ payload: ReportWritePayload, mutation: MutationEnvelope, identity: Identity, receivedAt: Date,
               on connection: PostgresConnection) async throws -> (MutationResult, PublishedChange?)
    {
        guard identity.role == .staff else {
            throw MutationRejection("report.not_staff", en: "only a unit's staff write its reports",
                                    zh: "只有本单位工作人员可以填写报告")
        }
        // The task must involve the district, the node must belong to its plan, and the caller's unit must be assigned.
        let check = try await connection.query("""
            SELECT t.not_applicable, n.plan_id = t.plan_id,
                   EXISTS (SELECT 1 FROM duban.assignments a WHERE a.task_id = t.id AND a.unit_id = \(identity.unitID)),
                   t.closed_at IS NOT NULL, t.number
              FROM duban.tasks t, duban.reporting_nodes n
             WHERE t.id = \(payload.taskId) AND n.id = \(payload.nodeId)
            """)
        guard let row = check.first else {
            throw MutationRejection("report.unknown_task_or_node", en: "no such task or reporting node",
                                    zh: "任务或报送节点不存在")
        }
        if try row.decode(Bool.self, at: 0) {
            throw MutationRejection("report.not_applicable", en: "this task does not involve the district",
                                    zh: "该任务不涉及本区")
        }
        if try row.decode(Bool.self, at: 3) {
            throw TaskClosing.closed(taskNumber: try row.decode(Int.self, at: 4))
        }
        guard try row.decode(Bool.self, at: 1) else {
            throw MutationRejection("report.node_not_in_plan", en: "the reporting node belongs to another plan",
                                    zh: "报送节点不属于该任务所在的计划")
        }
        guard try row.decode(Bool.self, at: 2) else {
            throw MutationRejection("report.no_assignment", en: "your unit has no assignment on this task",
                                    zh: "本单位未承担该任务")
        }

        // The values must name the task's confirmed indicators, when it has any.
        if let context = try await IndicatorQueries.taskContext(payload.taskId, on: connection) {
            try payload.checked(taskNumber: context.number,
                                indicators: try await IndicatorQueries.load(task: payload.taskId, confirmedOnly: true, on: connection))
        }

        // Evidence must be on the server, whole, and held by this unit (uploaded or declared by it).
        let evidence = try await EvidenceHolding.require(payload.evidence, unitID: identity.unitID, code: "report.evidence_missing",
                                                         on: connection)

        // The report for (task, unit, node): created by this write or by another device first.
        try await connection.execute("""
            INSERT INTO duban.reports (id, task_id, unit_id, node_id, version, head_revision)
            SELECT \(payload.reportId), \(payload.taskId), \(identity.unitID), \(payload.nodeId), 0 + 1, 1
             WHERE \(mutation.baseVersion) = 0
            ON CONFLICT DO NOTHING
            """)
        let reports = try await connection.query("""
            SELECT id, version, head_revision, open_conflicts,
                   NOT EXISTS (SELECT 1 FROM duban.report_revisions v WHERE v.report_id = r.id), review_state
              FROM duban.reports r
             WHERE task_id = \(payload.taskId) AND unit_id = \(identity.unitID) AND node_id = \(payload.nodeId)
             FOR UPDATE
            """)
        guard let report = reports.first else {
            if mutation.baseVersion == 0 {
                throw MutationRejection("report.id_taken", en: "this report id already names another report",
                                        zh: "该报告编号已被另一份报告使用")
            }
            throw MutationRejection("report.base_from_future", en: "the base version \(mutation.baseVersion) does not exist on the server",
                                    zh: "服务器上不存在基础版本 \(mutation.baseVersion)")
        }
        let reportID = try report.decode(UUID.self, at: 0)
        var version = try report.decode(Int.self, at: 1)
        var head = try report.decode(Int.self, at: 2)
        var openConflicts = try report.decode(Int.self, at: 3)
        let createdNow = try report.decode(Bool.self, at: 4) && reportID == payload.reportId && mutation.baseVersion == 0
        if try report.decode(String.self, at: 5) == ReviewState.accepted.rawValue {
            throw MutationRejection("report.accepted", en: "the lead unit accepted this report; it can no longer be changed",
                                    zh: "牵头单位已审核通过该报告，不能再修改")
        }

        let revision: Int
        let inConflict: Bool
        if createdNow {
            revision = 1
            inConflict = false
        } else {
            guard mutation.baseVersion <= version else {
                throw MutationRejection("report.base_from_future",
                                        en: "the base version \(mutation.baseVersion) is newer than the server's \(version)",
                                        zh: "基础版本 \(mutation.baseVersion) 比服务器上的版本 \(version) 还新")
            }
            revision = version + 1
            inConflict = mutation.baseVersion < version || reportID != payload.reportId
            version = revision
            if inConflict {
                openConflicts += 1
            } else {
                // A write on the newest version has seen every revision before it, conflicts included.
                head = revision
                openConflicts = 0
            }
            // A new head (a revision or a resubmission after a return) waits for the lead unit's review again.
            try await connection.execute("""
                UPDATE duban.reports SET version = \(version), head_revision = \(head), open_conflicts = \(openConflicts),
                                         review_state = CASE WHEN \(inConflict) THEN review_state ELSE 'submitted' END,
                                         updated_at = now()
                 WHERE id = \(reportID)
                """)
        }
        let publicSummary = payload.storedPublicSummary
        let quantities = String(decoding: try WireJSON.encoder().encode(payload.quantities), as: UTF8.self)
        let received = try await connection.query("""
            INSERT INTO duban.report_revisions (report_id, revision, text, quantities, percent, evidence, base_version,
                                                in_conflict, authored_at, received_at, account_id, device_id, mutation_id,
                                                public_summary, difficulties)
            VALUES (\(reportID), \(revision), \(payload.text), \(quantities)::jsonb, \(payload.percent), \(evidence),
                    \(mutation.baseVersion), \(inConflict), \(mutation.authoredAt), \(receivedAt), \(identity.accountID),
                    \(identity.deviceID), \(mutation.id), \(publicSummary), \(payload.storedDifficulties))
            RETURNING received_at, (SELECT login FROM duban.accounts WHERE id = \(identity.accountID)),
                      (SELECT code FROM duban.units WHERE id = \(identity.unitID))
            """)[0]
        let record = ReportRevisionRecord(
            reportId: reportID, taskId: payload.taskId, unitCode: try received.decode(String.self, at: 2), nodeId: payload.nodeId,
            revision: revision, baseVersion: mutation.baseVersion, inConflict: inConflict, text: payload.text,
            quantities: payload.quantities, percent: payload.percent, evidence: evidence, authoredAt: mutation.authoredAt,
            receivedAt: try received.decode(Date.self, at: 0), accountLogin: try received.decode(String.self, at: 1),
            deviceId: identity.deviceID, reportVersion: version, headRevision: head, openConflicts: openConflicts,
            publicSummary: publicSummary, difficulties: payload.storedDifficulties)
        let result = MutationResult(id: mutation.id, status: inConflict ? .conflict : .applied, reportId: reportID,
                                    version: revision, serverVersion: version)
        let change = ChangeRecord(seq: 0, entityType: "report_revision",
                                  entityId: "\(reportID.uuidString.lowercased())/\(revision)", reportRevision: record)
        return (result, PublishedChange(change: change, unitID: identity.unitID, taskID: payload.taskId))
    }
}
