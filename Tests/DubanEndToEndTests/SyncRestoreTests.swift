import DubanCore
import DubanTestSupport
import Foundation
import Postgres
import Testing

/// The server's database is restored from a dump taken before some reports were written: the
/// clients notice the new epoch, send their recent mutations again, and the reports come back.
@Suite(.serialized) struct SyncRestoreTests {
    @Test func reportsWrittenAfterTheDumpComeBackFromTheClientsResend() async throws {
        try await LoadedDatabase.with { database, oneTimePassword in
            let port = try ProcessRunner.freePort()
            var server = try await ServerProcess(database: database, port: port)
            defer { server.stop() }
            let world = SyncWorld(database: database, server: server, admin: CLIInstallation())
            defer { world.admin.remove() }
            let address = "http://127.0.0.1:\(port)"
            _ = try await world.admin.run(["login", "--server", address, "--login", "admin", "--password-stdin"], input: oneTimePassword + "\n")
            _ = try await world.admin.run(["password", "--stdin"], input: "\(oneTimePassword)\nAdmin-pass-2024\n")
            _ = try await world.addStaff("tianma1", unit: "jd-tianma")
            let a = try await world.device("tianma1")
            let b = try await world.device("tianma1")
            defer {
                a.remove()
                b.remove()
            }
            let id = try #require(Device.reportId(in: try await a.ok(["report", "new", "--task", "9", "--node", "1", "--text", "转储前"])))

            let dump = FileManager.default.temporaryDirectory.appendingPathComponent("duban-\(UUID().uuidString).dump")
            defer { try? FileManager.default.removeItem(at: dump) }
            let superuser = TestDatabase.superuser(database)
            // The real tools: Tools/backup (pg_dump) and Tools/restore (drop, recreate, pg_restore, new epoch).
            var tools = ProcessRunner.databaseEnvironment(database.parameters)
            tools["DUBAN_RESTORE_SUPERUSER"] = superuser.parameters["user"] ?? "postgres"
            let scripts = ProcessRunner.root.appendingPathComponent("Tools")
            let dumped = try await Self.tool("/usr/bin/env", ["bash", scripts.appendingPathComponent("backup").path, dump.path],
                                             environment: tools)
            try #require(dumped.status == 0, "\(dumped.stderr)")

            // Written after the dump: lost by the restore, held by the devices.
            try await a.ok(["report", "edit", id, "--text", "转储后 A"])
            let second = try #require(Device.reportId(in: try await b.ok(["report", "new", "--task", "9", "--node", "2", "--text", "转储后 B"])))
            try await a.ok(["sync"])

            server.stop()
            let restored = try await Self.tool("/usr/bin/env", ["bash", scripts.appendingPathComponent("restore").path, dump.path],
                                               environment: tools)
            try #require(restored.status == 0, "\(restored.stderr)")
            let connection = try await PostgresConnection.connect(superuser, logger: TestDatabase.defaultLogger)
            defer { connection.close() }
            #expect(try await connection.query("SELECT count(*) FROM duban.report_revisions")[0].decode(Int.self, at: 0) == 1)
            server = try await ServerProcess(database: database, port: port)

            let afterA = try await a.ok(["sync"])
            #expect(afterA.contains("restored"), "\(afterA)")
            let afterB = try await b.ok(["sync"])
            #expect(afterB.contains("restored") && afterB.contains("rejected 0"), "\(afterB)")
            try await a.ok(["sync"])

            let texts = try await connection.query("""
                SELECT v.text FROM duban.report_revisions v JOIN duban.reports r ON r.id = v.report_id ORDER BY r.node_id, v.revision
                """).map { try $0.decode(String.self, at: 0) }
            #expect(texts == ["转储前", "转储后 A", "转储后 B"], "nothing lost, nothing doubled")
            for device in [a, b] {
                #expect(try await device.report(id).revisions.map(\.content.text) == ["转储前", "转储后 A"])
                #expect(try await device.report(second).revisions.map(\.content.text) == ["转储后 B"])
                #expect(try await device.ok(["sync", "--verify"]).contains("match the server"))
            }
        }
    }

    static func tool(_ path: String, _ arguments: [String], environment: [String: String]) async throws -> ProcessRunner.Result {
        // Polled, not waited on: a blocking read of the tool's output held one of the test process's
        // two cooperative threads for the whole drill, and with another blocked the remaining tests
        // stalled (a client's 3 s timeout measured as 28 s). Detached: the PostgreSQL servers the
        // tools start must not hold a descriptor of this process.
        try await FaultCluster.detached([path] + arguments, environment: environment, timeout: 900)
    }
}
