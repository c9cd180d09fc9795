import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

@Suite struct AuditTrailTests {
    @Test func chainHoldsUnderConcurrentWritersAndNamesATamperedEntry() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let admin = try await client.signIn("admin")
                // Busy: several writers at once while sealing runs between them.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<6 {
                        group.addTask {
                            for n in 0..<8 {
                                let answer = try await client.call(.post, "/v1/admin/accounts", token: admin, json: CreateAccountRequest(
                                    login: "w\(writer)-\(n)", displayName: "写入者", role: .staff, unitCode: "jd-baisha"))
                                #expect(answer.status == .created)
                            }
                        }
                    }
                    group.addTask {
                        for _ in 0..<10 {
                            let verify = try await client.call(.get, "/v1/audit/verify", token: admin)
                            #expect(verify.status == .ok)
                            #expect(verify.body.contains("\"ok\":true"), "\(verify.body)")
                        }
                    }
                    try await group.waitForAll()
                }
                // Sealing waits for the oldest open transaction of the whole cluster (other tests run
                // beside this one), so give it a moment to catch up.
                var result = AuditVerification(ok: false, checked: 0, firstBroken: nil)
                for _ in 0..<100 {
                    let verified = try await client.call(.get, "/v1/audit/verify", token: admin)
                    result = try WireJSON.decoder().decode(AuditVerification.self, from: Data(verified.body.utf8))
                    if result.pending == 0 { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(result.ok)
                #expect(result.pending == 0)
                #expect(result.checked >= 49)

                let listing = try await client.call(.get, "/v1/audit?entity_type=account&account=admin&limit=1000", token: admin)
                let entries = try WireJSON.decoder().decode(AuditList.self, from: Data(listing.body.utf8)).entries
                #expect(entries.filter { $0.action == "account.create" }.count == 48)
                #expect(entries.allSatisfy { $0.accountLogin == "admin" && $0.unitCode == "yf" && $0.deviceId == AuthFixture.device })

                // A superuser edits one sealed row: verify names it.
                let superuser = try await PostgresConnection.connect(TestDatabase.superuser(fixture.configuration),
                                                                     logger: Fixtures.logger)
                defer { superuser.close() }
                let victim = try #require(try await superuser.query(
                    "SELECT id, seq FROM duban.audit_log WHERE seq IS NOT NULL ORDER BY seq OFFSET 10 LIMIT 1").first)
                let id = try victim.decode(Int64.self, at: 0)
                // Entries refuse change; a superuser (or the owner) can switch the guard off, as an attacker would.
                try await superuser.execute("ALTER TABLE duban.audit_log DISABLE TRIGGER audit_log_protect")
                try await superuser.execute("UPDATE duban.audit_log SET detail = '{\"role\":\"admin\"}' WHERE id = \(id)")
                let broken = try await client.call(.get, "/v1/audit/verify", token: admin)
                let report = try WireJSON.decoder().decode(AuditVerification.self, from: Data(broken.body.utf8))
                #expect(!report.ok)
                #expect(report.firstBroken?.id == id)
                #expect(report.firstBroken?.seq == (try victim.decode(Int64.self, at: 1)))
                #expect(report.firstBroken?.reason == "hash_mismatch")

                // A deleted row is named too (as the missing position).
                try await superuser.execute("UPDATE duban.audit_log SET detail = '{}' WHERE id = \(id)")
                let seqToDrop = try victim.decode(Int64.self, at: 1) - 5
                try await superuser.execute("DELETE FROM duban.audit_log WHERE seq = \(seqToDrop)")
                let gap = try WireJSON.decoder().decode(AuditVerification.self, from: Data(
                    try await client.call(.get, "/v1/audit/verify", token: admin).body.utf8))
                #expect(!gap.ok)
                #expect(gap.firstBroken?.seq == seqToDrop)
                #expect(gap.firstBroken?.reason == "missing_entry")
            }
        }
    }

    @Test func auditListFiltersAndPages() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let admin = try await client.signIn("admin")
                _ = try await client.signIn("tianma1")
                _ = try await client.call(.post, "/v1/admin/accounts/victim/disable", token: admin)
                let page1 = try await client.call(.get, "/v1/audit?limit=2", token: admin)
                let first = try WireJSON.decoder().decode(AuditList.self, from: Data(page1.body.utf8))
                #expect(first.entries.count == 2)
                let next = try #require(first.nextAfterId)
                let page2 = try await client.call(.get, "/v1/audit?limit=1000&after_id=\(next)", token: admin)
                let second = try WireJSON.decoder().decode(AuditList.self, from: Data(page2.body.utf8))
                #expect(second.entries.allSatisfy { $0.id > next })
                #expect(second.nextAfterId == nil)

                let byUnit = try await client.call(.get, "/v1/audit?unit=jd-tianma", token: admin)
                let tianma = try WireJSON.decoder().decode(AuditList.self, from: Data(byUnit.body.utf8))
                #expect(tianma.entries.map(\.action) == ["session.create"])

                // The supervision office sees who did what, though it cannot read other accounts' rows.
                let supervisor = try await client.signIn("super")
                let seenBySupervisor = try WireJSON.decoder().decode(AuditList.self, from: Data(
                    try await client.call(.get, "/v1/audit?account=admin", token: supervisor).body.utf8))
                #expect(!seenBySupervisor.entries.isEmpty)
                #expect(seenBySupervisor.entries.allSatisfy { $0.accountLogin == "admin" })

                let byEntity = try await client.call(.get, "/v1/audit?entity_type=account&entity_id=victim", token: admin)
                #expect(byEntity.body.contains("account.disable"))
                let future = try await client.call(.get, "/v1/audit?since=2100-01-01T00:00:00Z", token: admin)
                #expect(future.body.contains("\"entries\":[]"))
                let bad = try await client.call(.get, "/v1/audit?since=yesterday", token: admin)
                #expect(bad.status == .unprocessableContent)
                #expect(!bad.body.contains("password"))
            }
        }
    }
}
