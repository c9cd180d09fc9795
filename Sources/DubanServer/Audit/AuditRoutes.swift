import DubanCore
import Foundation
import Hummingbird
import Postgres

/// The audit trail: `/v1/audit` (filtered listing) and `/v1/audit/verify` (the hash chain).
struct AuditRoutes: Sendable {
    let database: AppDatabase

    func register(on routes: APIRoutes) {
        routes.add(.get, "/v1/audit", access: .roles([.admin, .supervisor, .oversight])) { request, _, identity in
            let query = request.uri.queryParameters
            func text(_ name: String) -> String? { query[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
            func date(_ name: String) throws -> Date? {
                guard let value = text(name) else { return nil }
                guard let date = try? Date(value, strategy: .iso8601) else {
                    throw APIError.invalid("audit.bad_time", en: "\(name) must be an ISO-8601 time", zh: "\(name) 须为 ISO-8601 时间")
                }
                return date
            }
            func int(_ name: String, default value: Int64, range: ClosedRange<Int64>) throws -> Int64 {
                guard let text = text(name) else { return value }
                guard let number = Int64(text), range.contains(number) else {
                    throw APIError.invalid("audit.bad_number", en: "\(name) must be a number in \(range)",
                                           zh: "\(name) 须为 \(range) 范围内的数字")
                }
                return number
            }
            let limit = try int("limit", default: 100, range: 1...1000)
            let afterID = try int("after_id", default: 0, range: 0...Int64.max)
            let since = try date("since")
            let until = try date("until")
            return try await database.transaction(as: identity) { connection in
                let rows = try await connection.query("""
                    SELECT e.id, e.seq, e.received_at, duban.account_login(e.account_id), u.code, e.device_id, e.action,
                           e.entity_type, e.entity_id, e.detail::text, e.hash
                      FROM duban.audit_log e
                      LEFT JOIN duban.units u ON u.id = e.unit_id
                     WHERE e.id > \(afterID)
                       AND (\(text("unit"))::text IS NULL OR u.code = \(text("unit")))
                       AND (\(text("account"))::text IS NULL OR e.account_id = duban.account_id_for_login(\(text("account"))))
                       AND (\(text("entity_type"))::text IS NULL OR e.entity_type = \(text("entity_type")))
                       AND (\(text("entity_id"))::text IS NULL OR e.entity_id = \(text("entity_id")))
                       AND (\(since)::timestamptz IS NULL OR e.received_at >= \(since))
                       AND (\(until)::timestamptz IS NULL OR e.received_at < \(until))
                     ORDER BY e.id
                     LIMIT \(limit + 1)
                    """)
                var entries = try rows.map { row in
                    AuditEntry(id: try row.decode(Int64.self, at: 0), seq: try row.decodeIfPresent(Int64.self, at: 1),
                               receivedAt: try row.decode(Date.self, at: 2), accountLogin: try row.decodeIfPresent(String.self, at: 3),
                               unitCode: try row.decodeIfPresent(String.self, at: 4), deviceId: try row.decodeIfPresent(UUID.self, at: 5),
                               action: try row.decode(String.self, at: 6), entityType: try row.decode(String.self, at: 7),
                               entityId: try row.decodeIfPresent(String.self, at: 8), detail: try row.decode(String.self, at: 9),
                               hash: try row.decodeIfPresent(String.self, at: 10))
                }
                let more = entries.count > Int(limit)
                if more { entries.removeLast() }
                return AuditList(entries: entries, nextAfterId: more ? entries.last?.id : nil)
            }
        }
        routes.add(.get, "/v1/audit/verify", access: .roles([.admin, .supervisor, .oversight])) { _, _, identity in
            try await AuditRoutes.verify(database: database, identity: identity)
        }
    }

    /// Seals what is committed, then recomputes the chain.
    static func verify(database: AppDatabase, identity: Identity?) async throws -> AuditVerification {
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
