import DubanCore
import DubanTestSupport
import Foundation
import Postgres
import Testing

/// The rewrite attack, played with the real binaries: whoever holds the database owner's
/// credentials clears seq and hash from an entry on, deletes a row, resets the chain's head and
/// re-seals. The database's own check then answers ok; `duban admin audit verify` does not, because
/// the checkpoints signed with the key outside the database no longer match, and it names the range.
@Suite struct AuditRewriteDrillTests {
    @Test func aRewrittenAndResealedChainFailsVerificationNamingTheRange() async throws {
        try await LoadedDatabase.with { database, adminOneTimePassword in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("duban-audit-key-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let keyFile = folder.appendingPathComponent("audit.key").path

            // The key: created 0600, its public key printed for the verifier to pin; never overwritten.
            let generated = try await ProcessRunner.run("duban-server", ["audit-key", "generate", "--out", keyFile])
            #expect(generated.status == 0, "\(generated.stderr)")
            let publicKey = try #require(generated.stdout.split(separator: "\n").first { $0.hasPrefix("public key: ") }
                .map { String($0.dropFirst("public key: ".count)) }, "\(generated.stdout)")
            let mode = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let again = try await ProcessRunner.run("duban-server", ["audit-key", "generate", "--out", keyFile])
            #expect(again.status == 1, "an existing key file is never replaced")

            // Without a key the server runs and says so; with it, checkpoints are signed.
            let unsigned = try await ServerProcess(database: database)
            let unsignedReady = try await unsigned.request("GET", "/readyz")
            unsigned.stop()
            #expect(unsignedReady.body.contains("\"checkpoints\":\"unsigned\""), "\(unsignedReady.body)")
            #expect(unsigned.running.stderrSoFar.contains("audit checkpoints are unsigned"), "\(unsigned.running.stderrSoFar)")
            #expect(unsigned.running.stderrSoFar.contains("审计检查点未签名"))

            let server = try await ServerProcess(database: database, environment: ["DUBAN_AUDIT_KEY_FILE": keyFile])
            defer { server.stop() }
            #expect(try await server.request("GET", "/readyz").body.contains("\"checkpoints\":\"signed\""))
            let admin = CLIInstallation()
            defer { admin.remove() }
            let address = server.base.absoluteString
            #expect(try await admin.run(["login", "--server", address, "--login", "admin", "--password-stdin"],
                                        input: adminOneTimePassword + "\n").status == 0)
            #expect(try await admin.run(["password", "--stdin"], input: "\(adminOneTimePassword)\nAdmin-pass-2024\n").status == 0)
            let owner = try await PostgresConnection.connect(database, logger: TestDatabase.defaultLogger)
            defer { owner.close() }
            // An entry written without any of address, actor and digest: the canonical text of entries
            // sealed before those fields existed, which the verifier must still recompute.
            // Written as the server's role, as the server writes entries (the owner, with an account set, is held by its policy).
            let asServer = try await PostgresConnection.connect(TestDatabase.serverRole(database), logger: TestDatabase.defaultLogger)
            defer { asServer.close() }
            try await asServer.transaction { connection in
                try await connection.execute("SELECT set_config('duban.role', 'admin', true), set_config('duban.account_id', '1', true)")
                try await connection.execute("INSERT INTO duban.audit_log (action, entity_type, entity_id) VALUES ('drill.legacy', 'drill', '1')")
            }

            // Work, then a verification that passes and leaves a signed checkpoint; more work, another.
            func work(_ round: Int) async throws {
                for n in 0..<4 {
                    let added = try await admin.run(["admin", "account", "add", "--login", "drill\(round)-\(n)", "--name", "演练",
                                                     "--role", "staff", "--unit", "jd-tianma"])
                    #expect(added.status == 0, "\(added.stderr)")
                }
            }
            func verifiedCheckpoint(after previous: Int64) async throws -> Int64 {
                for _ in 0..<600 {
                    let verify = try await admin.run(["admin", "audit", "verify", "--public-key", publicKey])
                    #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
                    let newest = try await owner.query("SELECT coalesce(max(seq), 0) FROM duban.audit_checkpoints")[0]
                        .decode(Int64.self, at: 0)
                    let unsealed = try await owner.query("SELECT count(*) FROM duban.audit_log WHERE seq IS NULL")[0].decode(Int.self, at: 0)
                    if newest > previous && unsealed == 0 {
                        #expect(verify.stdout.contains("audit trail intact") && verify.stdout.contains("signed checkpoint"), "\(verify.stdout)")
                        return newest
                    }
                    // Sealing waits for the oldest open transaction of the cluster (other tests run beside this one).
                    try await Task.sleep(for: .milliseconds(200))
                }
                Issue.record("no new checkpoint after seq \(previous)")
                return previous
            }
            try await work(1)
            let first = try await verifiedCheckpoint(after: 0)
            try await work(2)
            _ = try await verifiedCheckpoint(after: first)
            let kinds = try await owner.query("""
                SELECT count(*) FILTER (WHERE client_address IS NOT NULL), count(*) FILTER (WHERE actor LIKE 'duban-server import-%'),
                       count(*) FILTER (WHERE digest IS NOT NULL), count(*) FILTER (WHERE client_address IS NULL AND actor IS NULL AND digest IS NULL)
                  FROM duban.audit_log
                """)[0]
            for column in 0..<4 { #expect(try kinds.decode(Int.self, at: column) > 0, "entries of kind \(column)") }

            // The public page witnesses the newest checkpoint.
            let page = try await server.request("GET", "/public")
            #expect(page.body.contains("审计链检查点：第 "), "\(page.body.suffix(600))")

            // The rewrite, as the owner: from the entry after the first checkpoint on.
            let rewriteFrom = first + 1
            let victim = try await owner.query("""
                SELECT id FROM duban.audit_log WHERE seq > \(rewriteFrom) AND action = 'account.create' ORDER BY seq LIMIT 1
                """)[0].decode(Int64.self, at: 0)
            let checkpointsBefore = try await owner.query("SELECT count(*) FROM duban.audit_checkpoints")[0].decode(Int.self, at: 0)
            let started = ContinuousClock.now
            try await owner.transaction { connection in
                try await connection.execute("ALTER TABLE duban.audit_log DISABLE TRIGGER audit_log_protect")
                try await connection.execute("UPDATE duban.audit_log SET seq = NULL, hash = NULL WHERE seq >= \(rewriteFrom)")
                try await connection.execute("DELETE FROM duban.audit_log WHERE id = \(victim)")
                try await connection.execute("""
                    UPDATE duban.audit_chain SET last_seq = \(first), last_hash = (SELECT hash FROM duban.audit_log WHERE seq = \(first))
                    """)
                _ = try await connection.query("SELECT duban.seal_audit(1000000)")
                try await connection.execute("ALTER TABLE duban.audit_log ENABLE TRIGGER audit_log_protect")
            }
            for _ in 0..<600 {
                _ = try await owner.query("SELECT duban.seal_audit(1000000)")
                if try await owner.query("SELECT count(*) FROM duban.audit_log WHERE seq IS NULL")[0].decode(Int.self, at: 0) == 0 { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            let rewriteTook = ContinuousClock.now - started
            // The database's own check is satisfied: the chain is consistent with itself.
            #expect(try await owner.query("SELECT ok FROM duban.verify_audit()")[0][0] == "t")

            // The first checkpoint after the rewritten entry is the one that no longer matches.
            let broken = try await owner.query("""
                SELECT seq FROM duban.audit_checkpoints WHERE seq >= \(rewriteFrom) ORDER BY seq LIMIT 1
                """)[0].decode(Int64.self, at: 0)
            let verifyStarted = ContinuousClock.now
            let failed = try await admin.run(["admin", "audit", "verify", "--public-key", publicKey])
            let verifyTook = ContinuousClock.now - verifyStarted
            #expect(failed.status == 1, "\(failed.stdout)")
            #expect(failed.stderr.contains("entries \(rewriteFrom)–\(broken) no longer match the checkpoint of seq \(broken) signed at "),
                    "\(failed.stderr)")
            #expect(failed.stderr.contains("the checkpoint of seq \(first) signed at") && failed.stderr.contains("client.audit_rewritten"),
                    "\(failed.stderr)")
            let chinese = try await admin.run(["admin", "audit", "verify"], language: "zh_CN.UTF-8")
            #expect(chinese.status == 1)
            #expect(chinese.stderr.contains("条目 \(rewriteFrom)–\(broken) 与链序号 \(broken) 的检查点"), "\(chinese.stderr)")
            // The server refuses to bless the rewritten chain with a new signature.
            #expect(try await server.request("GET", "/readyz").body.contains("\"checkpoints\":\"broken\""))
            let checkpointsAfter = try await owner.query("SELECT count(*) FROM duban.audit_checkpoints")[0].decode(Int.self, at: 0)
            #expect(checkpointsAfter == checkpointsBefore, "no checkpoint signed over the rewritten chain")
            let total = try await owner.query("SELECT max(seq) FROM duban.audit_log")[0].decode(Int64.self, at: 0)

            // A key the checkpoints were not signed with is refused before the chain is even read.
            let otherKey = folder.appendingPathComponent("other.key").path
            let other = try await ProcessRunner.run("duban-server", ["audit-key", "generate", "--out", otherKey])
            let otherPublic = try #require(other.stdout.split(separator: "\n").first { $0.hasPrefix("public key: ") }
                .map { String($0.dropFirst("public key: ".count)) })
            let wrongKey = try await admin.run(["admin", "audit", "verify", "--public-key", otherPublic])
            #expect(wrongKey.status == 1 && wrongKey.stderr.contains("client.audit_key_mismatch"), "\(wrongKey.stderr)")

            print("audit rewrite drill: \(total) entries, rewritten from seq \(rewriteFrom), one deleted, re-sealed in \(rewriteTook); "
                  + "verify failed in \(verifyTook) naming entries \(rewriteFrom)–\(broken)")
        }
    }
}
