import DubanCore
import Foundation
import Postgres

/// What a client should hold, for `duban sync --verify`: per task, how many report revisions the
/// account may see and a checksum of which; and a task's whole content, to repair a drifted cache.
struct SyncIntegrityService: Sendable {
    let database: AppDatabase

    func digests(identity: Identity) async throws -> SyncVerification {
        try await database.transaction(as: identity, isolation: .repeatableRead) { connection in
            let unit: Int64? = identity.role == .staff ? identity.unitID : nil
            // The checksum text must match ScopeDigest.canonicalText: sorted "uuid:revision", comma-joined.
            let rows = try await connection.query("""
                SELECT r.task_id, count(*),
                       encode(sha256(convert_to(string_agg(r.id::text || ':' || v.revision, ',' ORDER BY (r.id::text || ':' || v.revision) COLLATE "C"), 'UTF8')), 'hex')
                  FROM duban.reports r JOIN duban.report_revisions v ON v.report_id = r.id
                 WHERE \(unit)::bigint IS NULL OR r.unit_id = \(unit) OR duban.unit_leads_task(r.task_id, \(unit))
                 GROUP BY r.task_id ORDER BY r.task_id
                """)
            return SyncVerification(scopes: try rows.map { row in
                ScopeDigest(taskId: try row.decode(Int64.self, at: 0), revisions: try row.decode(Int.self, at: 1),
                            checksum: try row.decode(String.self, at: 2))
            })
        }
    }

    /// One page of a task's history as `identity` may see it: the page (its `changes` empty) and
    /// each change as the feed stores it.
    func history(taskID: Int64, after: Int64, through: Int64, limit: Int, identity: Identity) async throws
        -> (page: SyncHistoryPage, changes: [String])
    {
        try await database.transaction(as: identity, isolation: .repeatableRead) { connection in
            let led = try await connection.query("""
                SELECT coalesce(array_agg(task_id), '{}') FROM duban.assignments WHERE unit_id = \(identity.unitID) AND role = 'lead'
                """)[0].decode([Int64].self, at: 0)
            let scope = ChangeScope(identity: identity, ledTasks: led)
            let rows = try await scope.changes(ofTask: taskID, after: after, through: through, limit: limit + 1, on: connection)
            var changes: [String] = []
            var last = after
            for row in rows.prefix(limit) {
                last = try row.decode(Int64.self, at: 0)
                changes.append(try row.decode(String.self, at: 1))
            }
            return (SyncHistoryPage(taskId: taskID, changes: [], last: last, hasMore: rows.count > limit), changes)
        }
    }

    func snapshot(taskID: Int64, identity: Identity) async throws -> ScopeSnapshot {
        try await database.transaction(as: identity, isolation: .repeatableRead) { connection in
            let unit: Int64? = identity.role == .staff ? identity.unitID : nil
            let rows = try await connection.query("""
                SELECT r.id, r.task_id, u.code, r.node_id, v.revision, v.base_version, v.in_conflict, v.text,
                       v.quantities::text, v.percent::float8, v.evidence, v.authored_at, v.received_at,
                       duban.account_login(v.account_id), v.device_id,
                       r.version, r.head_revision, r.open_conflicts, v.public_summary, v.difficulties
                  FROM duban.reports r
                  JOIN duban.report_revisions v ON v.report_id = r.id
                  JOIN duban.units u ON u.id = r.unit_id
                 WHERE r.task_id = \(taskID)
                   AND (\(unit)::bigint IS NULL OR r.unit_id = \(unit) OR duban.unit_leads_task(r.task_id, \(unit)))
                 ORDER BY r.id, v.revision
                """)
            return ScopeSnapshot(taskId: taskID, revisions: try rows.map { row in
                ReportRevisionRecord(
                    reportId: try row.decode(UUID.self, at: 0), taskId: try row.decode(Int64.self, at: 1),
                    unitCode: try row.decode(String.self, at: 2), nodeId: try row.decode(Int64.self, at: 3),
                    revision: try row.decode(Int.self, at: 4), baseVersion: try row.decode(Int.self, at: 5),
                    inConflict: try row.decode(Bool.self, at: 6), text: try row.decode(String.self, at: 7),
                    quantities: try WireJSON.decoder().decode([String: Double].self, from: Data(try row.decode(String.self, at: 8).utf8)),
                    percent: try row.decodeIfPresent(Double.self, at: 9), evidence: try row.decode([String].self, at: 10),
                    authoredAt: try row.decode(Date.self, at: 11), receivedAt: try row.decode(Date.self, at: 12),
                    accountLogin: try row.decode(String.self, at: 13), deviceId: try row.decode(UUID.self, at: 14),
                    reportVersion: try row.decode(Int.self, at: 15), headRevision: try row.decode(Int.self, at: 16),
                    openConflicts: try row.decode(Int.self, at: 17), publicSummary: try row.decodeIfPresent(String.self, at: 18),
                    difficulties: try row.decodeIfPresent(String.self, at: 19))
            })
        }
    }
}
