import DubanCore
import DubanTestSupport
import Foundation
import Postgres
import Testing

/// The backup drill: the machine is lost, so a `Tools/backup` dump is restored with
/// `Tools/restore` into a **new PostgreSQL cluster** (its own `initdb`, socket and system identifier),
/// a new server starts on it, and the devices send again what the dump did not hold.
@Suite(.serialized) struct SyncRestoreNewClusterTests {
    @Test func aDumpRestoredIntoANewClusterGetsBackWhatTheDevicesHeld() async throws {
        try await LoadedDatabase.with { database, oneTimePassword in
            let port = try ProcessRunner.freePort()
            var server: ServerProcess? = try await ServerProcess(database: database, port: port)
            defer { server?.stop() }
            let world = SyncWorld(database: database, server: server!, admin: CLIInstallation())
            defer { world.admin.remove() }
            _ = try await world.admin.run(["login", "--server", "http://127.0.0.1:\(port)", "--login", "admin", "--password-stdin"],
                                          input: oneTimePassword + "\n")
            _ = try await world.admin.run(["password", "--stdin"], input: "\(oneTimePassword)\nAdmin-pass-2024\n")
            _ = try await world.addStaff("tianma1", unit: "jd-tianma")
            _ = try await world.addStaff("jiahe1", unit: "jd-jiahe")
            let tianma = try await world.device("tianma1")
            let jiahe = try await world.device("jiahe1")
            defer {
                tianma.remove()
                jiahe.remove()
            }
            let kept = try #require(Device.reportId(in: try await tianma.ok(["report", "new", "--task", "9", "--node", "1", "--text", "备份前：天马"])))
            try await jiahe.ok(["sync"])

            let scripts = ProcessRunner.root.appendingPathComponent("Tools")
            let dump = FileManager.default.temporaryDirectory.appendingPathComponent("duban-\(UUID().uuidString).dump")
            defer { try? FileManager.default.removeItem(at: dump) }
            var oldTools = ProcessRunner.databaseEnvironment(database.parameters)
            oldTools["DUBAN_RESTORE_SUPERUSER"] = TestDatabase.superuser(database).parameters["user"] ?? "postgres"
            let dumped = try await SyncRestoreTests.tool("/usr/bin/env", ["bash", scripts.appendingPathComponent("backup").path, dump.path],
                                                         environment: oldTools)
            try #require(dumped.status == 0, "\(dumped.stderr)")
            let oldEpoch = try await Self.epoch(TestDatabase.superuser(database))

            // After the dump: an edit, a new report from the other unit, one still in an outbox.
            try await tianma.ok(["report", "edit", kept, "--text", "备份后：天马修改"])
            let lateReport = try #require(Device.reportId(in: try await jiahe.ok(["report", "new", "--task", "9", "--node", "1", "--text", "备份后：驾鹤"])))
            let offline = try #require(Device.reportId(in: try await tianma.ok(["report", "new", "--task", "9", "--node", "2", "--text", "离线：天马", "--offline"])))

            // The machine is gone: a new cluster, the dump restored into it, a new server on the same address.
            server?.stop()
            server = nil
            let cluster = try await FaultCluster()
            do {
                let newDatabase = cluster.configuration
                let newSuperuser = newDatabase.with("user", "postgres")
                var newTools = ProcessRunner.databaseEnvironment(newDatabase.parameters)
                newTools["DUBAN_RESTORE_SUPERUSER"] = "postgres"
                let restored = try await SyncRestoreTests.tool("/usr/bin/env", ["bash", scripts.appendingPathComponent("restore").path, dump.path, "duban"],
                                                               environment: newTools)
                try #require(restored.status == 0, "Tools/restore failed: \(restored.stderr)")
                let newEpoch = try await Self.epoch(newSuperuser)
                #expect(newEpoch != oldEpoch)
                #expect(newEpoch.split(separator: ".").last != oldEpoch.split(separator: ".").last, "another cluster's identity")
                server = try await ServerProcess(database: newDatabase, port: port)

                for device in [tianma, jiahe, tianma] {
                    let output = try await device.ok(["sync"])
                    #expect(!output.contains("rejected 1"), "\(output)")
                }
                try await jiahe.ok(["sync"])
                let connection = try await PostgresConnection.connect(newSuperuser, logger: TestDatabase.defaultLogger)
                let rows = try await connection.query("""
                    SELECT r.id::text, v.text FROM duban.report_revisions v JOIN duban.reports r ON r.id = v.report_id
                     ORDER BY r.node_id, v.text
                    """).map { (try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1)) }
                #expect(rows.map(\.1) == ["备份前：天马", "备份后：天马修改", "备份后：驾鹤", "离线：天马"], "nothing lost, nothing doubled")
                #expect(Set(rows.map { String($0.0.prefix(8)) }) == Set([kept, lateReport, offline].map { String($0.prefix(8)) }))
                for device in [tianma, jiahe] {
                    #expect(try await device.ok(["sync", "--verify"]).contains("match the server"))
                }
                connection.close()
            } catch {
                server?.stop()
                await cluster.destroy()
                throw error
            }
            server?.stop()
            await cluster.destroy()
        }
    }

    /// What clients see as the server's epoch, read from the database.
    static func epoch(_ configuration: PostgresConfiguration) async throws -> String {
        let connection = try await PostgresConnection.connect(configuration, logger: TestDatabase.defaultLogger)
        defer { connection.close() }
        return try await connection.query("SELECT duban.current_epoch()")[0].decode(String.self, at: 0)
    }
}
