import DubanCore
import Foundation
import Logging
import Postgres

/// The audit trail: a filtered listing, and the hash chain's verification.
struct AuditService: Sendable {
    let database: AppDatabase
    let checkpointer: AuditCheckpointer

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

    /// Seals what is committed, signs the head (with a key), then recomputes the chain in the database.
    /// This is the database's own answer; `duban admin audit verify` recomputes the chain itself
    /// from ``chain(afterSeq:limit:identity:)`` and checks it against the signed checkpoints.
    func verify(identity: Identity?, logger: Logger) async throws -> AuditVerification {
        _ = try await database.pool.withConnection { try await $0.query("SELECT duban.seal_audit(1000000)") }
        try await checkpointer.checkpoint(database: database, force: true, logger: logger)
        let status = checkpointer.status
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
                pending: try row.decode(Int64.self, at: 5), checkpoints: status)
        }
    }

    /// Sealed entries after `afterSeq`, in chain order, each field as the canonical text writes it.
    func chain(afterSeq: Int64, limit: Int64, identity: Identity) async throws -> AuditChainPage {
        try await database.transaction(as: identity) { connection in
            let rows = try await connection.query("""
                SELECT seq, id, xid::text, to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                       account_id, unit_id, device_id::text, action, entity_type, entity_id, detail::text,
                       client_address, actor, digest, hash
                  FROM duban.audit_log
                 WHERE seq > \(afterSeq)
                 ORDER BY seq
                 LIMIT \(limit + 1)
                """)
            var entries = try rows.map { row in
                AuditChainEntry(
                    seq: try row.decode(Int64.self, at: 0), id: try row.decode(Int64.self, at: 1), xid: try row.decode(String.self, at: 2),
                    receivedAt: try row.decode(String.self, at: 3), accountId: try row.decodeIfPresent(Int64.self, at: 4),
                    unitId: try row.decodeIfPresent(Int64.self, at: 5), deviceId: try row.decodeIfPresent(String.self, at: 6),
                    action: try row.decode(String.self, at: 7), entityType: try row.decode(String.self, at: 8),
                    entityId: try row.decodeIfPresent(String.self, at: 9), detail: try row.decode(String.self, at: 10),
                    clientAddress: try row.decodeIfPresent(String.self, at: 11), actor: try row.decodeIfPresent(String.self, at: 12),
                    digest: try row.decodeIfPresent(String.self, at: 13), hash: try row.decode(String.self, at: 14))
            }
            let more = entries.count > Int(limit)
            if more { entries.removeLast() }
            return AuditChainPage(entries: entries, nextAfterSeq: more ? entries.last?.seq : nil)
        }
    }

    /// Every checkpoint, and the key this server signs with.
    func checkpoints(identity: Identity) async throws -> AuditCheckpointList {
        let checkpoints = try await database.transaction(as: identity) { connection in
            try await AuditCheckpointer.checkpoints(on: connection)
        }
        return AuditCheckpointList(status: checkpointer.status, publicKey: checkpointer.key?.publicKey,
                                   keyId: checkpointer.key?.keyID, problem: checkpointer.problem, checkpoints: checkpoints)
    }
}
