import DubanCore
import Foundation
import Postgres

/// The audit trail: a filtered listing, and the hash chain's verification.
struct AuditService: Sendable {
    let database: AppDatabase

    /// What a listing asks for: entries after `afterID`, at most `limit`, by unit, account, entity and time.
    struct Filter: Sendable {
        var unit: String?
        var account: String?
        var entityType: String?
        var entityID: String?
        var since: Date?
        var until: Date?
        var afterID: Int64 = 0
        var limit: Int64 = 100
    }

    func list(_ filter: Filter, identity: Identity) async throws -> AuditList {
        try await database.transaction(as: identity) { connection in
            let rows = try await connection.query("""
                SELECT e.id, e.seq, e.received_at, duban.account_login(e.account_id), u.code, e.device_id, e.action,
                       e.entity_type, e.entity_id, e.detail::text, e.hash
                  FROM duban.audit_log e
                  LEFT JOIN duban.units u ON u.id = e.unit_id
                 WHERE e.id > \(filter.afterID)
                   AND (\(filter.unit)::text IS NULL OR u.code = \(filter.unit))
                   AND (\(filter.account)::text IS NULL OR e.account_id = duban.account_id_for_login(\(filter.account)))
                   AND (\(filter.entityType)::text IS NULL OR e.entity_type = \(filter.entityType))
                   AND (\(filter.entityID)::text IS NULL OR e.entity_id = \(filter.entityID))
                   AND (\(filter.since)::timestamptz IS NULL OR e.received_at >= \(filter.since))
                   AND (\(filter.until)::timestamptz IS NULL OR e.received_at < \(filter.until))
                 ORDER BY e.id
                 LIMIT \(filter.limit + 1)
                """)
            var entries = try rows.map { row in
                AuditEntry(id: try row.decode(Int64.self, at: 0), seq: try row.decodeIfPresent(Int64.self, at: 1),
                           receivedAt: try row.decode(Date.self, at: 2), accountLogin: try row.decodeIfPresent(String.self, at: 3),
                           unitCode: try row.decodeIfPresent(String.self, at: 4), deviceId: try row.decodeIfPresent(UUID.self, at: 5),
                           action: try row.decode(String.self, at: 6), entityType: try row.decode(String.self, at: 7),
                           entityId: try row.decodeIfPresent(String.self, at: 8), detail: try row.decode(String.self, at: 9),
                           hash: try row.decodeIfPresent(String.self, at: 10))
            }
            let more = entries.count > Int(filter.limit)
            if more { entries.removeLast() }
            return AuditList(entries: entries, nextAfterId: more ? entries.last?.id : nil)
        }
    }

    /// Seals what is committed, then recomputes the chain.
    func verify(identity: Identity?) async throws -> AuditVerification {
        _ = try await database.pool.withConnection { try await $0.query("SELECT duban.seal_audit(1000000)") }
        return try await database.transaction(as: identity) { connection in
            let row = try await connection.query("""
                SELECT ok, checked, broken_id, broken_seq, reason,
                       (SELECT count(*) FROM duban.audit_log WHERE seq IS NULL)
                  FROM duban.verify_audit()
                """)[0]
            let ok = try row.decode(Bool.self, at: 0)
            return AuditVerification(
                ok: ok, checked: try row.decode(Int64.self, at: 1),
                firstBroken: ok ? nil : BrokenAuditEntry(id: try row.decodeIfPresent(Int64.self, at: 2),
                                                         seq: try row.decode(Int64.self, at: 3),
                                                         reason: try row.decode(String.self, at: 4)),
                pending: try row.decode(Int64.self, at: 5))
        }
    }
}
