import DubanCore
import DubanTestSupport
import Foundation
import Postgres
import Testing

/// Oversight reads on a real streaming replica (`pg_basebackup -R`), with its lag measured and
/// bounded: when replay is paused, a server allowing 2 s of lag answers from the primary (the new
/// report is there) while one allowing an hour still answers from the replica (it is not) — which
/// shows reads do go to the replica; when the replica is stopped, reads still answer, from the primary.
@Suite(.serialized) struct ReadReplicaTests {
    struct Readiness: Decodable {
        struct Replica: Decodable {
            var serving: Bool
            var lagSeconds: Double?
            var fallbacks: Int
        }
        var replica: Replica?
    }

    @Test func oversightReadsTheReplicaWithinItsLagAndThePrimaryPastIt() async throws {
        let primary = try await FaultCluster()
        let replica: ReplicaCluster
        do {
            replica = try await ReplicaCluster(of: primary)
        } catch {
            await primary.destroy()
            throw error
        }
        var servers: [ServerProcess] = []
        var devices: [Device] = []
        do {
            let oneTime = try await FaultTests.load(primary.configuration)
            let readURL = "postgresql://duban_server@/duban?host=\(replica.socket)&port=\(replica.port)"
            let strict = try await ServerProcess(database: primary.configuration, environment: [
                "DUBAN_READ_DATABASE_URL": readURL, "DUBAN_READ_MAX_LAG": "2", "DUBAN_READ_LAG_INTERVAL": "1"])
            servers.append(strict)
            let lenient = try await ServerProcess(database: primary.configuration, environment: [
                "DUBAN_READ_DATABASE_URL": readURL, "DUBAN_READ_MAX_LAG": "3600", "DUBAN_READ_LAG_INTERVAL": "1"])
            servers.append(lenient)
            for server in servers {
                try await Self.until("\(server.port) reads the replica") { try await Self.readiness(server).replica?.serving == true }
            }

            let admin = Device()
            devices.append(admin)
            let login = try await admin.run(["login", "--server", strict.base.absoluteString, "--login", "admin", "--password-stdin"],
                                            input: oneTime + "\n")
            try #require(login.status == 0, "\(login.stderr)")
            let changed = try await admin.run(["password", "--stdin"], input: "\(oneTime)\nAdmin-pass-2024\n")
            try #require(changed.status == 0, "\(changed.stderr)")
            let tianma = try await Self.account(admin, server: strict, login: "tianma1", unit: "jd-tianma", role: "staff")
            let office = try await Self.account(admin, server: strict, login: "super1", unit: "dcjxb", role: "supervisor")
            devices += [tianma, office]
            let token = try MultiServerTests.token(of: office)

            // The first report reaches the replica: both servers show it.
            try await tianma.ok(["report", "new", "--task", "9", "--node", "1", "--text", "天马：第一次", "--percent", "10"])
            // Right after the write the strict server may still read a replica that has not replayed it.
            try await Self.until("the strict server shows the first report") { try await Self.lastUpdate(strict, token: token) != nil }
            let first = try await Self.lastUpdate(strict, token: token)
            try #require(first != nil)
            try await Self.until("the replica has the first report") { try await Self.lastUpdate(lenient, token: token) == first }

            // Replay paused: the primary moves on, the replica does not.
            let standby = try await PostgresConnection.connect(replica.superuser, logger: TestDatabase.defaultLogger)
            defer { standby.close() }
            try await standby.execute("SELECT pg_wal_replay_pause()")
            var tianmaLater = tianma
            tianmaLater.now = "2022-03-01T11:00:00+08:00"
            try await Task.sleep(for: .seconds(1))
            try await tianmaLater.ok(["report", "new", "--task", "9", "--node", "1", "--text", "天马：第二次", "--percent", "20"])
            try await Self.until("the strict server stops using the replica") { try await Self.readiness(strict).replica?.serving == false }
            let second = try await Self.lastUpdate(strict, token: token)
            #expect(second != nil && second != first, "past 2 s of lag the strict server reads the primary")
            #expect(try await Self.lastUpdate(lenient, token: token) == first, "the lenient server still reads the paused replica")
            // The lag is measured and grows while replay is paused; the lenient server keeps reading the replica.
            try await Self.until("the lenient server measures 2 s of lag") {
                (try await Self.readiness(lenient).replica?.lagSeconds ?? 0) >= 2
            }
            #expect(try await Self.readiness(lenient).replica?.serving == true)
            #expect(try await Self.lastUpdate(lenient, token: token) == first)
            let metrics = try await strict.request("GET", "/metrics")
            #expect(metrics.body.contains("duban_replica_lag_seconds"), "\(metrics.body.prefix(200))")
            #expect(!metrics.body.contains("duban_read_fallbacks_total 0\n"), "fallbacks are counted")

            // Replay resumed: both servers read the replica again, and it has caught up.
            try await standby.execute("SELECT pg_wal_replay_resume()")
            try await Self.until("the strict server reads the replica again") { try await Self.readiness(strict).replica?.serving == true }
            #expect(try await Self.lastUpdate(lenient, token: token) == second)
            #expect(try await Self.lastUpdate(strict, token: token) == second)

            // The replica stops: reads still answer, from the primary.
            try await replica.stop()
            #expect(try await Self.lastUpdate(lenient, token: token) == second, "a lost replica is a fallback, not an error")
            try await Self.until("the lenient server notices") { try await Self.readiness(lenient).replica?.serving == false }
            let publicPage = try await lenient.request("GET", "/public/progress.json")
            #expect(publicPage.status == 200)
        } catch {
            servers.forEach { $0.stop() }
            devices.forEach { $0.remove() }
            try? await replica.stop()
            await primary.destroy()
            throw error
        }
        servers.forEach { $0.stop() }
        devices.forEach { $0.remove() }
        await primary.destroy()
    }

    // MARK: - Helpers

    /// A new account signed in on a device of its own (password changed, one sync done).
    static func account(_ admin: Device, server: ServerProcess, login: String, unit: String, role: String) async throws -> Device {
        let added = try await admin.run(["admin", "account", "add", "--login", login, "--name", "测试", "--role", role, "--unit", unit])
        let oneTime = try #require(added.value(after: "one-time password: "), "\(added.stdout) \(added.stderr)")
        let device = Device()
        _ = try await device.run(["login", "--server", server.base.absoluteString, "--login", login, "--password-stdin"],
                                 input: oneTime + "\n")
        let changed = try await device.run(["password", "--stdin"], input: "\(oneTime)\nStaff-pass-2024\n")
        try #require(changed.status == 0, "\(changed.stderr)")
        try await device.ok(["sync"])
        return device
    }

    static func readiness(_ server: ServerProcess) async throws -> Readiness {
        let answer = try await server.request("GET", "/readyz")
        return try WireJSON.decoder().decode(Readiness.self, from: Data(answer.body.utf8))
    }

    /// Task 9's last report receipt as the oversight API shows it through `server`.
    static func lastUpdate(_ server: ServerProcess, token: String) async throws -> Date? {
        let answer = try await server.request("GET", "/v1/oversight/progress", token: token)
        try #require(answer.status == 200, "\(answer.body)")
        let progress = try WireJSON.decoder().decode(OversightAnswer<TaskProgressRow>.self, from: Data(answer.body.utf8))
        return progress.rows.first { $0.taskNumber == 9 }?.lastUpdate
    }

    static func until(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting until \(what)")
                throw TimedOut(what: what)
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    struct TimedOut: Error { var what: String }
}

/// A hot standby of a ``FaultCluster``, made with `pg_basebackup -R` and streaming from it, on a
/// socket and port of its own.
struct ReplicaCluster {
    let folder: URL
    let port: Int
    var socket: String { folder.appendingPathComponent("socket").path }
    var data: String { folder.appendingPathComponent("data").path }

    /// The replica as the superuser (to pause and resume replay).
    var superuser: PostgresConfiguration {
        PostgresConfiguration(parameters: ["host": socket, "port": String(port), "user": "postgres", "dbname": "duban"])
    }

    init(of primary: FaultCluster) async throws {
        folder = primary.folder.resolvingSymlinksInPath().appendingPathComponent("replica")
        port = try ProcessRunner.freePort()
        let asPostgres = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []
        let primarySocket = primary.folder.resolvingSymlinksInPath().appendingPathComponent("socket").path
        let made = try await FaultCluster.detached(asPostgres + ["mkdir", "-m", "700", "-p", data, socket])
        try #require(made.status == 0, "\(made.stderr)")
        let copied = try await FaultCluster.detached(asPostgres + [try FaultCluster.postgresBinary("pg_basebackup"), "-D", data, "-R",
                                                                   "-X", "stream", "-c", "fast", "-h", primarySocket, "-p", String(primary.port),
                                                                   "-U", "postgres"])
        try #require(copied.status == 0, "pg_basebackup: \(copied.stderr)")
        let started = try await FaultCluster.detached(asPostgres + [try FaultCluster.postgresBinary("pg_ctl"), "-D", data, "-w", "-t", "60",
                                                                    "-l", folder.appendingPathComponent("server.log").path,
                                                                    "-o", "-p \(port) -k \(socket) -c hot_standby=on", "start"])
        try #require(started.status == 0, "replica start: \(started.stderr)")
    }

    func stop() async throws {
        let asPostgres = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []
        _ = try await FaultCluster.detached(asPostgres + [try FaultCluster.postgresBinary("pg_ctl"), "-D", data, "-m", "immediate", "-w",
                                                          "stop"])
    }
}
