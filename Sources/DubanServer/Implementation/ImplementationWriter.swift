import DubanCore
import Foundation
import Postgres

/// Applies `implementation.write`: a lead unit's implementation plan for a task becomes its next
/// revision, waiting for the supervision office. A revision after acceptance needs its reason; the
/// accepted revision stays what 序时进度 follows until the office accepts the new one.
struct ImplementationWriter: MutationWriter {
    func apply(_ payload: ImplementationWritePayload, mutation: MutationEnvelope, identity: Identity, receivedAt: Date,
               on connection: PostgresConnection) async throws -> (MutationResult, PublishedChange?)
    {
        guard identity.role == .staff else {
            throw MutationRejection("implementation.not_staff", en: "only a lead unit's staff write its implementation plan",
                                    zh: "只有牵头单位工作人员可以编写实施方案")
        }
        guard let task = try await IndicatorQueries.taskContext(payload.taskId, on: connection) else {
            throw MutationRejection("report.unknown_task_or_node", en: "no such task", zh: "任务不存在")
        }
        if task.notApplicable {
            throw MutationRejection("report.not_applicable", en: "this task does not involve the district", zh: "该任务不涉及本区")
        }
        if task.closed { throw TaskClosing.closed(taskNumber: task.number) }
        let leads = try await connection.query("SELECT duban.unit_leads_task(\(payload.taskId), \(identity.unitID))")[0]
            .decode(Bool.self, at: 0)
        guard leads else {
            throw ImplementationWritePayload.notLead(taskNumber: task.number)
        }
        try payload.checked(planYear: task.year,
                            indicators: try await IndicatorQueries.load(task: payload.taskId, confirmedOnly: true, on: connection),
                            taskNumber: task.number, unitsOnTask: task.units)
        let evidence = try await EvidenceHolding.require(payload.evidence, unitID: identity.unitID,
                                                         code: "implementation.evidence_missing", on: connection)

        try await connection.execute("""
            INSERT INTO duban.implementation_plans (id, task_id, unit_id) VALUES (\(payload.implementationId), \(payload.taskId), \(identity.unitID))
            ON CONFLICT DO NOTHING
            """)
        let plans = try await connection.query("""
            SELECT id, version, accepted_revision FROM duban.implementation_plans
             WHERE task_id = \(payload.taskId) AND unit_id = \(identity.unitID) FOR UPDATE
            """)
        guard let plan = plans.first else {
            throw MutationRejection("implementation.id_taken", en: "this implementation plan id already names another plan",
                                    zh: "该实施方案编号已被使用")
        }
        let planID = try plan.decode(UUID.self, at: 0)
        let version = try plan.decode(Int.self, at: 1)
        let accepted = try plan.decodeIfPresent(Int.self, at: 2)
        guard mutation.baseVersion == version else {
            throw MutationRejection("implementation.stale",
                                    en: "the plan is at revision \(version) on the server, not \(mutation.baseVersion); sync and edit it again",
                                    zh: "服务器上的实施方案已是第 \(version) 版，不是第 \(mutation.baseVersion) 版；请同步后重新编辑")
        }
        try payload.checked(afterAcceptance: accepted != nil)
        let revision = version + 1
        let steps = String(decoding: try WireJSON.encoder().encode(payload.steps), as: UTF8.self)
        let splits = String(decoding: try WireJSON.encoder().encode(payload.splits), as: UTF8.self)
        try await connection.execute("""
            INSERT INTO duban.implementation_revisions (plan_id, revision, measures, steps, splits, evidence, reason,
                                                        authored_at, received_at, account_id, device_id, mutation_id)
            VALUES (\(planID), \(revision), \(payload.measures), \(steps)::jsonb, \(splits)::jsonb, \(evidence), \(payload.storedReason),
                    \(mutation.authoredAt), \(receivedAt), \(identity.accountID), \(identity.deviceID), \(mutation.id))
            """)
        try await connection.execute("""
            UPDATE duban.implementation_plans SET version = \(revision), state = 'submitted' WHERE id = \(planID)
            """)
        return (MutationResult(id: mutation.id, status: .applied, reportId: planID, version: revision, serverVersion: revision), nil)
    }
}

/// Applies `implementation.review`: the supervision office accepts or returns a plan's newest revision.
struct ImplementationReviewWriter: MutationWriter {
    func apply(_ payload: ImplementationReviewPayload, mutation: MutationEnvelope, identity: Identity, receivedAt: Date,
               on connection: PostgresConnection) async throws -> (MutationResult, PublishedChange?)
    {
        guard identity.role == .supervisor else {
            throw MutationRejection("implementation.not_office", en: "only the supervision office decides on implementation plans",
                                    zh: "只有督查绩效办可以审核实施方案")
        }
        let plans = try await connection.query("""
            SELECT version, state, unit_id FROM duban.implementation_plans WHERE id = \(payload.implementationId) FOR UPDATE
            """)
        guard let plan = plans.first else {
            throw MutationRejection("implementation.not_found", en: "no such implementation plan", zh: "实施方案不存在")
        }
        let version = try plan.decode(Int.self, at: 0)
        guard payload.revision == version else {
            throw MutationRejection("implementation.review_stale",
                                    en: "revision \(payload.revision) is not the plan's newest (\(version)); sync and review again",
                                    zh: "第 \(payload.revision) 版不是最新版（第 \(version) 版）；请同步后重新审核")
        }
        guard try plan.decode(String.self, at: 1) == ReviewState.submitted.rawValue else {
            throw MutationRejection("implementation.already_decided", en: "revision \(version) has been decided already",
                                    zh: "第 \(version) 版已审核")
        }
        guard try plan.decode(Int64.self, at: 2) != identity.unitID else {
            throw MutationRejection("implementation.own_unit", en: "the office does not decide on its own unit's plan",
                                    zh: "督查绩效办不能审核本单位的实施方案")
        }
        try await connection.execute("""
            INSERT INTO duban.implementation_reviews (plan_id, revision, decision, reason, account_id, unit_id, authored_at, decided_at,
                                                      mutation_id)
            VALUES (\(payload.implementationId), \(payload.revision), \(payload.decision.rawValue), \(payload.storedReason),
                    \(identity.accountID), \(identity.unitID), \(mutation.authoredAt), \(receivedAt), \(mutation.id))
            """)
        let accepted = payload.decision == .accept
        try await connection.execute("""
            UPDATE duban.implementation_plans
               SET state = \(accepted ? ReviewState.accepted.rawValue : ReviewState.returned.rawValue),
                   accepted_revision = CASE WHEN \(accepted) THEN \(payload.revision) ELSE accepted_revision END
             WHERE id = \(payload.implementationId)
            """)
        return (MutationResult(id: mutation.id, status: .applied, reportId: payload.implementationId, version: payload.revision,
                               serverVersion: version), nil)
    }
}
