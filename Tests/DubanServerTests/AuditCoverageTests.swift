import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

/// Every change a user or an import makes reaches the audit trail from the database: each table
/// the server's role may write, and each other table of the schema, has the audit trigger, unless
/// it is bookkeeping named below with its reason. A table granted in a later migration without the
/// trigger fails here.
@Suite struct AuditCoverageTests {
    /// Tables without the row trigger, and why.
    static let exempt: [String: String] = [
        "audit_log": "the trail itself; its rows are protected by audit_log_protect and sealed into the chain",
        "audit_chain": "the chain's head, written only by duban.seal_audit; the signed checkpoints witness it",
        "audit_checkpoints": "signed by the key outside the database; rows are never changed (audit_checkpoints_protect)",
        "changes": "the change feed: one change follows each audited row write; auditing it would double the hot path",
        "change_counter": "the feed's counter row",
        "reference_counter": "a counter bumped by statement triggers of audited tables",
        "mutations": "the replay store of first answers; the rows a mutation writes are audited, the records are pruned",
        "sessions": "sign-in and sign-out are audited as session.create / session.revoke with the address; the row's expiry slides every minute",
        "sign_in_throttle": "counters of failed sign-ins (each failure is audited as session.sign_in_failed); pruned daily",
        "status_lights": "derived by the light keeper every minute from audited facts",
        "evidence_chunks": "bytes of a content-addressed file; the file's row (sha256, size, completion) is audited",
        "evidence_upload_chunks": "bytes of one unit's upload in progress; the upload's row and, once whole, the file's row are audited",
        "sign_in_devices": "hashes of the device cookies; each sign-in is audited as session.create, each failure as session.sign_in_failed",
        "server_epoch": "the data's identity for client cursors, set by migrate and the restore tool",
        "schema_migrations": "the migrator's record",
        "schema_objects": "the migrator's record",
    ]

    @Test func everyWrittenTableHasTheAuditTrigger() async throws {
        try await AuthFixture.with { fixture in
            let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
            defer { owner.close() }
            // What the server's role may change, from the catalog (column grants included).
            let writable = try await owner.query("""
                SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                   AND (has_any_column_privilege('duban_app', c.oid, 'INSERT') OR has_any_column_privilege('duban_app', c.oid, 'UPDATE')
                        OR has_table_privilege('duban_app', c.oid, 'DELETE') OR has_table_privilege('duban_app', c.oid, 'TRUNCATE'))
                 ORDER BY 1
                """).map { $0[0]! }
            #expect(writable.contains("duban.report_revisions") && writable.contains("duban.report_reviews"), "\(writable)")
            // Every table of the schema: the importers and the owner write those the server only reads.
            let all = try await owner.query("""
                SELECT 'duban.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind IN ('r', 'p') AND n.nspname = 'duban' ORDER BY 1
                """).map { $0[0]! }
            let audited = Set(try await owner.query("""
                SELECT n.nspname || '.' || c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE t.tgfoid = 'duban.audit_row'::regproc AND t.tgenabled <> 'D'
                   AND t.tgtype & 1 = 1                 -- FOR EACH ROW
                   AND t.tgtype & (4 | 8 | 16) = 4 | 8 | 16  -- INSERT, DELETE, UPDATE
                """).map { $0[0]! })
            let missing = Set(writable + all).filter { !audited.contains($0) && Self.exempt[$0.replacingOccurrences(of: "duban.", with: "")] == nil }
            #expect(missing.isEmpty, "tables without the audit trigger and not exempt: \(missing.sorted())")
            let needless = Self.exempt.keys.filter { audited.contains("duban.\($0)") }
            #expect(needless.isEmpty, "exempt tables that are audited after all: \(needless)")
            let gone = Self.exempt.keys.filter { !all.contains("duban.\($0)") }
            #expect(gone.isEmpty, "exemptions for tables that no longer exist: \(gone)")
        }
    }

    @Test func aReviewAndAnImportLeaveRowEntriesWithTheirDigest() async throws {
        try await AuthFixture.with { fixture in
            let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
            defer { owner.close() }
            // The fixture imported the roster and the plan as the owner: named by their command.
            let imported = try await owner.query("""
                SELECT entity_type, actor, count(*) FROM duban.audit_log WHERE action = 'row.insert' AND account_id IS NULL
                 GROUP BY 1, 2 ORDER BY 1, 2
                """).map { "\($0[0]!):\($0[1] ?? "-")" }
            #expect(imported.contains { $0.hasPrefix("units:duban-server import-units") }, "\(imported)")
            #expect(imported.contains { $0.hasPrefix("tasks:duban-server import-plan") }, "\(imported)")
            #expect(imported.contains { $0.hasPrefix("assignments:duban-server import-plan") }, "\(imported)")

            // A change in psql as the owner, without any command: the role is named.
            try await owner.execute("UPDATE duban.units SET name = name || '（改）' WHERE code = 'jd-tianma'")
            let psql = try await owner.query("""
                SELECT actor, detail::text, digest, (SELECT encode(sha256(convert_to(to_jsonb(u)::text, 'UTF8')), 'hex')
                                                       FROM duban.units u WHERE code = 'jd-tianma')
                  FROM duban.audit_log WHERE entity_type = 'units' AND action = 'row.update' ORDER BY id DESC LIMIT 1
                """)[0]
            #expect(psql[0] == (try await owner.query("SELECT session_user::text")[0][0]))
            #expect(psql[1] == #"{"changed": ["name"]}"#)
            #expect(psql[2] == psql[3], "the digest is the SHA-256 of the new row's canonical text")

            // A request's entries carry the account, unit, device and the client's address.
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let admin = try await client.signIn("admin")
                let answer = try await client.call(.post, "/v1/admin/accounts", token: admin, json: CreateAccountRequest(
                    login: "audited1", displayName: "被审计", role: .staff, unitCode: "jd-baisha"))
                #expect(answer.status == .created)
            }
            let row = try await owner.query("""
                SELECT a.login, e.device_id::text, e.actor, e.digest IS NOT NULL
                  FROM duban.audit_log e JOIN duban.accounts a ON a.id = e.account_id
                 WHERE e.entity_type = 'accounts' AND e.action = 'row.insert' ORDER BY e.id DESC LIMIT 1
                """)[0]
            #expect(row[0] == "admin")
            #expect(row[1] == AuthFixture.device.uuidString.lowercased())
            #expect(row[2] == nil, "an account's change names the account, not an actor")
            #expect(row[3] == "t")
        }
    }

    @Test func entriesRefuseChangeButTheSealerMaySealThem() async throws {
        try await AuthFixture.with { fixture in
            let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
            defer { owner.close() }
            // Sealing waits for the oldest open transaction of the cluster (other tests run beside this one).
            for _ in 0..<600 {
                _ = try await owner.query("SELECT duban.seal_audit(1000000)")
                if try await owner.query("SELECT count(*) FROM duban.audit_log WHERE seq IS NOT NULL")[0].decode(Int.self, at: 0) > 0 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            try await owner.execute("INSERT INTO duban.audit_log (action, entity_type) VALUES ('test.entry', 'test')")
            try await owner.execute("""
                INSERT INTO duban.audit_checkpoints (seq, head_hash, signed_at, key_id, public_key, signature)
                VALUES (1, repeat('ab', 32), now(), '0123456789abcdef', repeat('A', 43) || '=', repeat('B', 86) || '==')
                """)
            for statement in ["UPDATE duban.audit_log SET detail = '{\"forged\":true}' WHERE seq = 1",
                              "UPDATE duban.audit_log SET seq = NULL, hash = NULL WHERE seq = 1",
                              "UPDATE duban.audit_log SET action = 'test.forged' WHERE action = 'test.entry'",
                              "UPDATE duban.audit_log SET seq = 999999, hash = repeat('0', 64), detail = '{\"x\": 1}' WHERE action = 'test.entry'",
                              "DELETE FROM duban.audit_log WHERE seq = 1", "TRUNCATE duban.audit_log",
                              "UPDATE duban.audit_checkpoints SET head_hash = repeat('cd', 32)",
                              "DELETE FROM duban.audit_checkpoints", "TRUNCATE duban.audit_checkpoints"] {
                let error = await #expect(throws: PostgresError.self, "\(statement)") {
                    try await owner.execute(PostgresQuery(unsafeSQL: statement))
                }
                #expect(error?.sqlState == "55000", "\(statement)")
            }
            for _ in 0..<600 {
                _ = try await owner.query("SELECT duban.seal_audit(1000000)")
                if try await owner.query("SELECT count(*) FROM duban.audit_log WHERE action = 'test.entry' AND seq IS NULL")[0]
                    .decode(Int.self, at: 0) == 0 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await owner.query("SELECT seq IS NOT NULL FROM duban.audit_log WHERE action = 'test.entry'")[0][0] == "t",
                    "the sealer's own change passes")
            #expect(try await owner.query("SELECT ok FROM duban.verify_audit()")[0][0] == "t")
        }
    }
}
