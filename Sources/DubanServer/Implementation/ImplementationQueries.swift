import DubanCore
import Foundation
import Postgres

/// Reads implementation plans with their revisions and reviews, as a caller may see them: the lead
/// unit (and its co-leads), the office and oversight everything; a responsible unit of the task
/// only the accepted revision; an admin nothing (``AccountRole/reach``).
enum ImplementationQueries {
    static func load(identity: Identity, task taskID: Int64? = nil, on connection: PostgresConnection) async throws
        -> [ImplementationPlanRecord]
    {
        let reach = identity.role.reach
        guard reach != .none else { return [] }
        let unit: Int64? = reach == .everyUnit ? nil : identity.unitID
        var plans: [UUID: ImplementationPlanRecord] = [:]
        var order: [UUID] = []
        var acceptedOnly: Set<UUID> = []
        for row in try await connection.query("""
            SELECT p.id, p.task_id, u.code, p.version, p.state, p.accepted_revision,
                   \(unit)::bigint IS NULL OR duban.unit_leads_task(p.task_id, \(unit)::bigint)
              FROM duban.implementation_plans p JOIN duban.units u ON u.id = p.unit_id JOIN duban.tasks t ON t.id = p.task_id
             WHERE (\(taskID)::bigint IS NULL OR p.task_id = \(taskID)::bigint)
               AND (\(unit)::bigint IS NULL OR duban.unit_serves_task(p.task_id, \(unit)::bigint))
             ORDER BY t.plan_id, t.number, u.code
            """) {
            let id = try row.decode(UUID.self, at: 0)
            let whole = try row.decode(Bool.self, at: 6)
            let acceptedRevision = try row.decodeIfPresent(Int.self, at: 5)
            if !whole {
                // A responsible unit: only an accepted revision, and nothing when none was accepted.
                guard acceptedRevision != nil else { continue }
                acceptedOnly.insert(id)
            }
            plans[id] = ImplementationPlanRecord(
                id: id, taskId: try row.decode(Int64.self, at: 1), unitCode: try row.decode(String.self, at: 2),
                version: whole ? try row.decode(Int.self, at: 3) : acceptedRevision!,
                state: whole ? ReviewState(rawValue: try row.decode(String.self, at: 4)) ?? .submitted : .accepted,
                acceptedRevision: acceptedRevision, revisions: [], reviews: [])
            order.append(id)
        }
        guard !order.isEmpty else { return [] }
        for row in try await connection.query("""
            SELECT v.plan_id, v.revision, v.measures, v.steps::text, v.splits::text, v.evidence, v.reason,
                   duban.account_login(v.account_id), v.authored_at, v.received_at
              FROM duban.implementation_revisions v WHERE v.plan_id = ANY(\(order)::uuid[]) ORDER BY v.plan_id, v.revision
            """) {
            let id = try row.decode(UUID.self, at: 0)
            let revision = try row.decode(Int.self, at: 1)
            if acceptedOnly.contains(id), plans[id]?.acceptedRevision != revision { continue }
            let decoder = WireJSON.decoder()
            plans[id]?.revisions.append(.init(
                revision: revision, measures: try row.decode(String.self, at: 2),
                steps: try decoder.decode([ImplementationStep].self, from: Data(try row.decode(String.self, at: 3).utf8)),
                splits: try decoder.decode([ProposedSplit].self, from: Data(try row.decode(String.self, at: 4).utf8)),
                evidence: try row.decode([String].self, at: 5), reason: try row.decodeIfPresent(String.self, at: 6),
                accountLogin: try row.decode(String.self, at: 7), authoredAt: try row.decode(Date.self, at: 8),
                receivedAt: try row.decode(Date.self, at: 9)))
        }
        for row in try await connection.query("""
            SELECT r.plan_id, r.revision, r.decision, r.reason, duban.account_login(r.account_id), r.decided_at
              FROM duban.implementation_reviews r WHERE r.plan_id = ANY(\(order)::uuid[]) ORDER BY r.plan_id, r.id
            """) {
            let id = try row.decode(UUID.self, at: 0)
            let revision = try row.decode(Int.self, at: 1)
            let decision = ReviewDecision(rawValue: try row.decode(String.self, at: 2)) ?? .return
            if acceptedOnly.contains(id), plans[id]?.acceptedRevision != revision || decision != .accept { continue }
            plans[id]?.reviews.append(.init(revision: revision, decision: decision, reason: try row.decodeIfPresent(String.self, at: 3),
                                            reviewerLogin: try row.decode(String.self, at: 4), decidedAt: try row.decode(Date.self, at: 5)))
        }
        return order.compactMap { plans[$0] }
    }
}
