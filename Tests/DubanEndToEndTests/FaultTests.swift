import DubanCore
import DubanTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Postgres
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Short versions of `Tools/faults`, each with real processes: the server SIGKILLed while
/// two devices of different units sync, PostgreSQL restarted under the running server (on a cluster
/// of the test's own), and answers trickled or stalled by the fault suite's proxy. Nothing may be lost
/// or stored twice. A link cut mid-response and a client killed mid-sync are covered by
/// SyncNetworkFailureTests and SyncInterruptionTests.
@Suite(.serialized) struct FaultTests {
    @Test func serverKilledThreeTimesWhileTwoDevicesSyncLosesAndDoublesNothing() async throws {
        try await LoadedDatabase.with { database, oneTimePassword in
            let port = try ProcessRunner.freePort()
            var server = try await ServerProcess(database: database, port: port)
            defer { server.stop() }
            let world = try await Self.world(database: database, server: server, oneTimePassword: oneTimePassword)
            defer { world.admin.remove() }
            let superuser = try await world.superuser()
            defer { superuser.close() }
            let (otherUnit, otherTask) = try await Self.anotherResponsibleUnit(superuser)
            _ = try await world.addStaff("tianma1", unit: "jd-tianma")
            _ = try await world.addStaff("other1", unit: otherUnit)
            let a = try await world.device("tianma1")
            let b = try await world.device("other1")
            defer {
                a.remove()
                b.remove()
            }
            var reports: [(device: Device, id: String)] = []
            var written: [String: [String]] = [:]
            for (name, device, task) in [("a", a, 9), ("b", b, otherTask)] {
                for node in 1...2 {
                    let text = "\(name) 节点\(node) 新建"
                    let id = try #require(Device.reportId(in: try await device.ok([
                        "report", "new", "--task", String(task), "--node", String(node), "--text", text, "--offline"])))
                    reports.append((device, id))
                    written[id] = [text]
                }
            }

            var interrupted = 0
            for round in 1...3 {
                for (device, id) in reports {
                    for edit in 1...3 {
                        let text = "\(id.prefix(8)) 第\(round)轮 第\(edit)稿"
                        try await device.ok(["report", "edit", id, "--text", text, "--offline"])
                        written[id, default: []].append(text)
                    }
                }
                // One mutation per request: each sync is a dozen round trips, and the kill lands among them.
                let syncs = try [a, b].map { try $0.launch(["sync"], extra: ["DUBAN_SYNC_BATCH": "1"]) }
                try await Task.sleep(for: .milliseconds(Int.random(in: 20...120)))
                server.kill()
                for sync in syncs {
                    sync.process.waitUntilExit()
                    if sync.finish().status != 0 { interrupted += 1 }
                }
                server = try await ServerProcess(database: database, port: port)
            }
            #expect(interrupted >= 3, "the kills interrupted syncs in flight (\(interrupted) of 6)")

            for device in [a, b] {
                let final = try await device.ok(["sync"])
                #expect(final.contains("rejected 0") && final.contains("conflicts 0"), "\(final)")
                #expect(try await device.ok(["status"]).contains("outbox: 0 waiting"))
            }
            let total = written.values.reduce(0) { $0 + $1.count }
            let counts = try await superuser.query("""
                SELECT (SELECT count(*) FROM duban.report_revisions), (SELECT count(DISTINCT text) FROM duban.report_revisions),
                       (SELECT count(*) FROM duban.mutations), (SELECT count(*) FROM duban.reports)
                """)[0]
            #expect(try counts.decode(Int.self, at: 0) == total, "every revision stored once: \(total) written")
            #expect(try counts.decode(Int.self, at: 1) == total, "no text stored twice")
            #expect(try counts.decode(Int.self, at: 2) == total, "one mutation row per write")
            #expect(try counts.decode(Int.self, at: 3) == 4)
            for (device, id) in reports {
                let shown = try await device.report(id)
                #expect(shown.revisions.map(\.content.text) == written[id], "\(id): every revision, in order")
                #expect(shown.revisions.allSatisfy { $0.state == "synced" && !$0.inConflict })
            }
            for device in [a, b] {
                #expect(try await device.ok(["sync", "--verify"]).contains("match the server"))
            }
        }
    }

    @Test func postgresRestartedFastGets503WithRetryAfterThenTheSameServerServesAgain() async throws {
        let cluster = try await FaultCluster()
        do {
            try await Self.postgresRestart(cluster)
        } catch {
            await cluster.destroy()
            throw error
        }
        await cluster.destroy()
    }

    private static func postgresRestart(_ cluster: FaultCluster) async throws {
        let database = cluster.configuration
        let oneTimePassword = try await load(database)
        let server = try await ServerProcess(database: database)
        defer { server.stop() }
        let pid = server.running.process.processIdentifier
        let world = try await world(database: database, server: server, oneTimePassword: oneTimePassword)
        defer { world.admin.remove() }
        _ = try await world.addStaff("tianma1", unit: "jd-tianma")
        let device = try await world.device("tianma1")
        defer { device.remove() }
        let id = try #require(Device.reportId(in: try await device.ok([
            "report", "new", "--task", "9", "--node", "1", "--text", "重启前", "--offline"])))
        try await device.ok(["sync"])

        try await cluster.stop(mode: "fast")
        try await device.ok(["report", "edit", id, "--text", "数据库停机期间", "--offline"])
        let ready = try await Self.get(server.base.appendingPathComponent("readyz"))
        #expect(ready.status == 503 && ready.retryAfter != nil, "readyz while PostgreSQL is down: \(ready)")
        let refused = try await device.run(["sync"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the database is unavailable") && refused.stderr.contains("try again in 5 s"),
                "a 503 with Retry-After, not a 500: \(refused.stderr)")
        #expect(server.running.process.isRunning)

        try await cluster.start()
        var attempts = 0
        var synced: ProcessRunner.Result?
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            attempts += 1
            let result = try await device.run(["sync"])
            if result.status == 0 {
                synced = result
                break
            }
            try await Task.sleep(for: .milliseconds(300))
        }
        let answer = try #require(synced, "the server serves again within 30 s of PostgreSQL's start, without a restart")
        #expect(answer.stdout.contains("pushed 1") && answer.stdout.contains("rejected 0"), "\(answer.stdout)")
        #expect(server.running.process.isRunning && server.running.process.processIdentifier == pid, "the same server process")
        #expect(attempts <= 3, "recovered at once, not after many failures (\(attempts) attempts)")

        let superuser = try await PostgresConnection.connect(TestDatabase.superuser(database), logger: TestDatabase.defaultLogger)
        defer { superuser.close() }
        let texts = try await superuser.query("SELECT text FROM duban.report_revisions ORDER BY revision").map { try $0.decode(String.self, at: 0) }
        #expect(texts == ["重启前", "数据库停机期间"])
        #expect(try await device.report(id).revisions.map(\.state) == ["synced", "synced"])
    }

    @Test func aTrickledOrStalledAnswerEndsInTheClientsTimeoutAndTheNextSyncIsClean() async throws {
        try await LoadedDatabase.with { database, oneTimePassword in
            let server = try await ServerProcess(database: database)
            defer { server.stop() }
            let proxy = try await FaultProxy(upstreamPort: server.port)
            defer { proxy.stop() }
            let world = try await Self.world(database: database, server: server, oneTimePassword: oneTimePassword)
            defer { world.admin.remove() }
            _ = try await world.addStaff("tianma1", unit: "jd-tianma")
            let device = Device()
            defer { device.remove() }
            let signedIn = try await device.run(["login", "--server", "http://127.0.0.1:\(proxy.port)", "--login", "tianma1",
                                                 "--password-stdin"], input: "Staff-pass-2024\n")
            try #require(signedIn.status == 0, "\(signedIn.stderr)")
            try await device.ok(["sync"])
            let id = try #require(Device.reportId(in: try await device.ok([
                "report", "new", "--task", "9", "--node", "1", "--text", "慢速链路", "--offline"])))

            // The answer's head at once, then its body one byte a second: every byte is a body part, so
            // the read timeout (2 s) never fires; the exchange's own limit (3 s) must.
            try proxy.set("trickle-body 1")
            var started = Date()
            let trickled = try await ProcessRunner.run("duban", ["sync"], environment: device.environment.merging(
                ["DUBAN_READ_TIMEOUT": "2", "DUBAN_REQUEST_TIMEOUT": "3"]) { $1 }, timeout: 40)
            #expect(trickled.status == 1)
            #expect(trickled.stderr.contains("no complete answer within 3 s"), "\(trickled.stderr)")
            #expect(Date().timeIntervalSince(started) < 20, "ended by the client's timeout")

            // Nothing at all comes back: the read timeout.
            try proxy.set("stall 0")
            started = Date()
            let stalled = try await ProcessRunner.run("duban", ["sync"], environment: device.environment.merging(
                ["DUBAN_READ_TIMEOUT": "2"]) { $1 }, timeout: 40)
            #expect(stalled.status == 1)
            #expect(stalled.stderr.contains("no answer within 2 s"), "\(stalled.stderr)")
            #expect(Date().timeIntervalSince(started) < 20)

            try proxy.set("pass")
            try await device.ok(["report", "edit", id, "--text", "链路恢复", "--offline"])
            let final = try await device.ok(["sync"])
            #expect(final.contains("pushed 2") && final.contains("rejected 0"), "\(final)")
            let superuser = try await world.superuser()
            defer { superuser.close() }
            let texts = try await superuser.query("SELECT text FROM duban.report_revisions ORDER BY revision").map { try $0.decode(String.self, at: 0) }
            #expect(texts == ["慢速链路", "链路恢复"])
            #expect(try await superuser.query("SELECT count(*) FROM duban.mutations")[0].decode(Int.self, at: 0) == 2)
            #expect(try await device.ok(["status"]).contains("outbox: 0 waiting"))
        }
    }

    @Test func aBackendKilledMidTransactionIsAConnectionLossSoTheServerAnswers503() async throws {
        let cluster = try await FaultCluster()
        do {
            try await Self.killBackend(cluster)
        } catch {
            await cluster.destroy()
            throw error
        }
        await cluster.destroy()
    }

    /// A backend killed with SIGKILL (PostgreSQL then restarts every backend): the next statement on
    /// its connection fails with libpq's own "server closed the connection unexpectedly", which has
    /// no SQLSTATE. It must be a lost connection (503, the connection dropped), never a protocol
    /// violation (500): Tools/faults saw a COMMIT fail so during an immediate shutdown.
    private static func killBackend(_ cluster: FaultCluster) async throws {
        let connection = try await PostgresConnection.connect(cluster.configuration, logger: TestDatabase.defaultLogger)
        defer { connection.close() }
        let pid = try await connection.query("SELECT pg_backend_pid()")[0].decode(Int.self, at: 0)
        try await connection.simpleQuery("BEGIN; CREATE TEMP TABLE t (v int)")
        #expect(kill(pid_t(pid), SIGKILL) == 0)
        try await Task.sleep(for: .milliseconds(300))
        let error = try await #require(throws: PostgresError.self) { try await connection.execute("COMMIT") }
        #expect(error.code == .connectionLost, "\(error)")
        #expect(error.sqlState == nil || error.sqlState!.hasPrefix("57P"), "\(error)")
    }

    // MARK: Helpers

    /// A SyncWorld on `server` with the admin signed in (its one-time password changed).
    static func world(database: PostgresConfiguration, server: ServerProcess, oneTimePassword: String) async throws -> SyncWorld {
        let world = SyncWorld(database: database, server: server, admin: CLIInstallation())
        let login = try await world.admin.run(["login", "--server", server.base.absoluteString, "--login", "admin", "--password-stdin"],
                                              input: oneTimePassword + "\n")
        try #require(login.status == 0, "\(login.stderr)")
        let changed = try await world.admin.run(["password", "--stdin"], input: "\(oneTimePassword)\nAdmin-pass-2024\n")
        try #require(changed.status == 0, "\(changed.stderr)")
        return world
    }

    /// A unit other than jd-tianma responsible for a task of the sample plan, and that task's number.
    static func anotherResponsibleUnit(_ connection: PostgresConnection) async throws -> (String, Int) {
        let row = try await connection.query("""
            SELECT u.code, t.number FROM duban.assignments a JOIN duban.units u ON u.id = a.unit_id
              JOIN duban.tasks t ON t.id = a.task_id
             WHERE a.role = 'responsible' AND NOT t.not_applicable AND u.code <> 'jd-tianma'
             ORDER BY t.number, u.code LIMIT 1
            """)[0]
        return (try row.decode(String.self, at: 0), try row.decode(Int.self, at: 1))
    }

    /// Migrations, the sample roster and plan, and an admin, as LoadedDatabase does on the shared
    /// cluster; returns the admin's one-time password.
    static func load(_ database: PostgresConfiguration) async throws -> String {
        let env = ProcessRunner.databaseEnvironment(database.parameters)
        let sample = ProcessRunner.root.appendingPathComponent("Deploy/sample")
        for arguments in [["migrate"], ["import-units", sample.appendingPathComponent("units-sample.csv").path],
                          ["import-plan", sample.appendingPathComponent("notice-2022.docx").path]] {
            let result = try await ProcessRunner.run("duban-server", arguments, environment: env)
            guard result.status == 0 else { throw LoadedDatabase.SetupFailed(step: arguments.joined(separator: " "), output: result.stderr) }
        }
        let boot = try await ProcessRunner.run("duban-server", ["bootstrap-admin", "--unit", "yf"],
                                               environment: env.merging(["DUBAN_BCRYPT_COST": "4"]) { $1 })
        guard boot.status == 0, let line = boot.stdout.split(separator: "\n").first(where: { $0.hasPrefix("one-time password: ") })
        else { throw LoadedDatabase.SetupFailed(step: "bootstrap-admin", output: boot.stdout + boot.stderr) }
        return String(line.dropFirst("one-time password: ".count))
    }

    /// A GET with its status and Retry-After header.
    static func get(_ url: URL) async throws -> (status: Int, retryAfter: String?) {
        var request = URLRequest(url: url)
        request.timeoutInterval = 10
        let (_, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Retry-After"))
    }
}
