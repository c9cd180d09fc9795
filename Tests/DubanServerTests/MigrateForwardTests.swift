import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

/// A database made by the numbered migrations alone (no object file applied), filled through the
/// server's own routes, then migrated by this build (the object files): every row is kept, the audit
/// chain still verifies, and the policies and functions behave as before. (The server of this build
/// needs this build's tables, so the fill cannot run on an older schema.)
@Suite struct MigrateForwardTests {
    /// The newest numbered migration: the old database has them all and no object file.
    static var lastOldVersion: Int { (try? Fixtures.migrator().migrations.map(\.version).max()) ?? 0 }

    /// Row counts of every table of the duban schema but the migrations' and objects' bookkeeping.
    static func rowCounts(_ connection: PostgresConnection) async throws -> [String: Int] {
        let tables = try await connection.query("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'duban' AND c.relkind IN ('r', 'p') AND c.relname NOT IN ('schema_objects', 'schema_migrations') ORDER BY 1
            """).map { $0[0] ?? "" }
        var counts: [String: Int] = [:]
        for table in tables {
            counts[table] = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM duban.\"\(table)\""))[0]
                .decode(Int.self, at: 0)
        }
        return counts
    }

    @Test func aFilledDatabaseMigratesForwardWithEveryRowAndAVerifiedAuditChain() async throws {
        let full = try Fixtures.migrator()
        let old = Migrator(migrations: full.migrations.filter { $0.version <= Self.lastOldVersion })
        #expect(old.migrations.count == full.migrations.count && old.objects.isEmpty)
        let clock = TestClock("2022-03-29T09:00:00+08:00")
        try await AuthFixture.with(clock: clock.serverClock, migrator: old) { fixture in
            let app = try await fixture.application()
            let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
            defer { owner.close() }
            #expect(try await !full.status(on: owner).isCurrent)
            #expect(try await full.status(on: owner).pendingObjects.count == full.objects.count)
            try await app.test(.router) { client in
                #expect(try await client.call(.get, "/readyz").status == .serviceUnavailable, "object files pending")

                // Reports with revisions and reviews (task 9: tianma and jiahe responsible, zjj leads).
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                var jiahe = try await TestDevice.signIn("jiahe1", client: client)
                var lead = try await TestDevice.signIn("zjj1", client: client)
                let ids = try SyncTests.task9(try #require(try await tianma.sync(client).reference))
                _ = try await jiahe.sync(client)
                _ = try await lead.sync(client)
                let report = UUID()
                for (base, text) in [(0, "初稿"), (1, "补充数量")] {
                    let written = try await tianma.sync(client, [try tianma.write(report: report, task: ids.task, node: ids.node,
                                                                                   base: base, text: text)])
                    #expect(written.results[0].status == .applied)
                }
                let returned = try await lead.sync(client, [try lead.review(report: report, revision: 2, decision: .return,
                                                                            reason: "缺少照片")])
                #expect(returned.results[0].status == .applied)
                _ = try await tianma.sync(client, [try tianma.write(report: report, task: ids.task, node: ids.node, base: 2, text: "修改稿")])
                let accepted = try await lead.sync(client, [try lead.review(report: report, revision: 3, decision: .accept)])
                #expect(accepted.results[0].status == .applied)

                // Evidence, uploaded whole and named by jiahe's report.
                let file = EvidenceTests.pdf(size: 70_000)
                let sha = EvidenceTests.hex(file)
                let declared = try await client.call(.post, "/v1/evidence", token: jiahe.token, json: EvidenceDeclaration(
                    sha256: sha, size: Int64(file.count), mediaType: "application/pdf", name: "现场.pdf"))
                #expect(declared.status == .ok, "\(declared.body)")
                let uploaded = try await client.call(.put, "/v1/evidence/\(sha)?offset=0", token: jiahe.token, raw: ByteBuffer(bytes: file))
                #expect(uploaded.body.contains("\"complete\":true"), "\(uploaded.body)")
                let withEvidence = try await jiahe.sync(client, [try jiahe.writeWithEvidence(task: ids.task, node: ids.node, evidence: [sha])])
                #expect(withEvidence.results[0].status == .applied)

                // An extension request and an issued circular.
                let asked = try await tianma.sync(client, [try tianma.requestExtension(task: ids.task, node: ids.node,
                                                                                       until: LocalDate(iso: "2022-04-08"), reason: "雨季施工")])
                #expect(asked.results[0].status == .applied)
                let office = try await client.signIn("super")
                let draft = try await client.decoded(CircularRecord.self, .post, "/v1/supervision/circulars", token: office,
                                                     json: CircularDraftRequest(nodeDate: LocalDate(iso: "2022-03-28")!))
                let issued = try await client.decoded(CircularRecord.self, .post, "/v1/supervision/circulars/\(draft.id)/issue", token: office)
                #expect(issued.state == .issued)

                // An account the admin creates, then the audit chain sealed to the end.
                let admin = try await client.signIn("admin")
                let created = try await client.call(.post, "/v1/admin/accounts", token: admin, json: CreateAccountRequest(
                    login: "new1", displayName: "新账号", role: .staff, unitCode: "jd-baisha"))
                #expect(created.status == .created)
                var sealed = AuditVerification(ok: false, checked: 0, firstBroken: nil)
                for _ in 0..<100 {
                    let verified = try await client.call(.get, "/v1/audit/verify", token: admin)
                    sealed = try WireJSON.decoder().decode(AuditVerification.self, from: Data(verified.body.utf8))
                    if sealed.pending == 0 { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(sealed.ok && sealed.pending == 0 && sealed.checked > 0, "\(sealed)")

                _ = try await tianma.pullAll(client)
                var freshTianma = try await TestDevice.signIn("tianma1", client: client)
                let visibleBefore = try await freshTianma.pullAll(client).compactMap(\.reportRevision).count
                #expect(visibleBefore == 3)
                let before = try await Self.rowCounts(owner)
                for table in ["reports", "report_revisions", "report_reviews", "evidence_files", "evidence_chunks", "evidence_holders",
                              "extensions", "circulars", "audit_log", "changes", "mutations", "accounts", "sessions"] {
                    #expect((before[table] ?? 0) > 0, "\(table) has rows before the migration")
                }

                // This build's migrate: the newer numbered migrations (if any), then every object file.
                let outcome = try await full.migrate(on: owner, logger: Fixtures.logger)
                #expect(outcome.applied.map(\.version) == full.migrations.map(\.version).filter { $0 > Self.lastOldVersion })
                #expect(outcome.appliedObjects.count == full.objects.count)
                #expect(try await full.status(on: owner).isCurrent)
                #expect(try await client.call(.get, "/readyz").status == .ok)

                // Every row kept; tables the newer migrations add (the audit checkpoints) start empty.
                let counted = try await Self.rowCounts(owner)
                #expect(counted.filter { before[$0.key] != nil } == before, "every row kept")
                #expect(counted.filter { before[$0.key] == nil }.values.allSatisfy { $0 == 0 }, "\(counted)")
                let audit = try await owner.query("SELECT ok, checked FROM duban.verify_audit()")[0]
                #expect(try audit.decode(Bool.self, at: 0))
                #expect(try audit.decode(Int64.self, at: 1) >= sealed.checked)
                // The functions and policies behave as before: the same pulls, the same visibility.
                #expect(try await tianma.pullAll(client).count == 0, "nothing new for a device that was current")
                var again = try await TestDevice.signIn("tianma1", client: client)
                #expect(try await again.pullAll(client).compactMap(\.reportRevision).count == visibleBefore)
                var stranger = try await TestDevice.signIn("jiahe1", client: client)
                #expect(try await stranger.pullAll(client).compactMap(\.reportRevision).allSatisfy { $0.unitCode != "jd-tianma" })
                let written = try await tianma.sync(client, [try tianma.write(report: UUID(), task: ids.otherTask, node: ids.node,
                                                                              base: 0, text: "越权")])
                #expect(written.results[0].status == .rejected, "a unit still cannot write another task's report")
                let after = try await client.call(.get, "/v1/audit/verify", token: admin)
                #expect(after.body.contains("\"ok\":true"), "\(after.body)")
            }
        }
    }
}
