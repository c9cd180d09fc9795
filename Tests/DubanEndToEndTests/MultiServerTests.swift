import DubanCore
import DubanTestSupport
import Foundation
import Postgres
import Testing

/// Two `duban-server` processes on one database behave as one: sign-in limits, idempotency, the
/// change sequence, circular numbers and the audit chain are the database's, not a process's; and a
/// change written through one server wakes `duban sync --watch` waiting on the other.
@Suite(.serialized) struct MultiServerTests {
    /// Both servers take the same throttling settings: no slowing down, a lock after 4 failures.
    static let throttle = ["DUBAN_SIGNIN_SLOW_AFTER": "100", "DUBAN_SIGNIN_LOCK_AFTER": "4", "DUBAN_SIGNIN_LOCK_SECONDS": "600"]

    @Test func twoServersOnOneDatabaseBehaveAsOne() async throws {
        try await SyncWorld.with(serverEnvironment: Self.throttle) { world in
            let other = try await ServerProcess(database: world.database, environment: Self.throttle)
            defer { other.stop() }
            let team = try await world.team([("tianma1", "jd-tianma", "staff"), ("zjj1", "zjj", "staff"),
                                             ("super1", "dcjxb", "supervisor")])
            defer { team.removeAll() }
            // Installations signed in through the second server.
            let tianmaB = try await world.device("tianma1", through: other)
            let officeB = try await world.device("super1", through: other)
            defer {
                tianmaB.remove()
                officeB.remove()
            }
            let superuser = try await world.superuser()
            defer { superuser.close() }

            // Sign-in limits: failures through either server count together; the 4th locks the login on both.
            let tianmaDevice = UUID()
            func signIn(_ server: ServerProcess, password: String) async throws -> (status: Int, body: String) {
                try await server.request("POST", "/v1/session", json: """
                    {"login":"tianma1","password":"\(password)","device_id":"\(tianmaDevice.uuidString)"}
                    """)
            }
            for (index, server) in [world.server, other, world.server, other].enumerated() {
                let answer = try await signIn(server, password: "wrong-\(index)")
                #expect(answer.status == 401, "attempt \(index + 1): \(answer.body)")
            }
            for server in [world.server, other] {
                let locked = try await signIn(server, password: "Staff-pass-2024")
                #expect(locked.status == 429 || locked.body.contains("auth.locked"), "locked on both servers: \(locked.status) \(locked.body)")
            }

            // Idempotency: one mutation sent through both servers at the same moment is stored once.
            let written = try await tianmaB.ok(["report", "new", "--task", "9", "--node", "1", "--text", "两台服务器同时收到",
                                                "--percent", "10", "--offline"])
            let reportID = try #require(Device.reportId(in: written))
            let envelope = try Self.outboxEnvelope(of: tianmaB)
            let body = try Self.syncRequest(device: tianmaB, mutation: envelope)
            let token = try Self.token(of: tianmaB)
            // Three copies through each server at once (a device retrying after a timeout, through
            // whichever server the proxy picks): the copies race on the mutation's unique key.
            // A superuser holds the tables the writers insert into until all six have looked for an earlier
            // copy and found none, so they do race (without it the first often commits before the others start).
            let holder = try await world.superuser()
            defer { holder.close() }
            try await holder.execute("BEGIN")
            try await holder.execute("LOCK TABLE duban.mutations, duban.reports, duban.report_revisions IN SHARE ROW EXCLUSIVE MODE")
            let answers = try await withThrowingTaskGroup(of: (status: Int, body: String).self) { group in
                for server in [world.server, other, world.server, other, world.server, other] {
                    group.addTask { try await server.request("POST", "/v1/sync", json: body, token: token) }
                }
                try await Task.sleep(for: .seconds(2))
                try await holder.execute("COMMIT")
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let statuses = try answers.map { answer -> String in
                #expect(answer.status == 200, "\(answer.body)")
                let response = try WireJSON.decoder().decode(SyncResponse.self, from: Data(answer.body.utf8))
                return try #require(response.results.first).status.rawValue
            }
            #expect(statuses.sorted() == ["applied"] + Array(repeating: "duplicate", count: 5),
                    "one stored it, the others recognised it: \(statuses)")
            let revisions = try await superuser.query("""
                SELECT count(*) FROM duban.report_revisions v JOIN duban.reports r ON r.id = v.report_id
                 WHERE r.id::text LIKE \(reportID + "%")
                """)[0].decode(Int.self, at: 0)
            #expect(revisions == 1, "stored once")
            let synced = try await tianmaB.ok(["sync"])
            #expect(synced.contains("pushed 1") && synced.contains("rejected 0"), "the device confirms it as a duplicate: \(synced)")

            // The change sequence: devices on both servers write at once; the numbers are 1…n, none twice, none skipped.
            let tianmaA = team.at("tianma1", "2022-03-01T10:00:00+08:00")
            let leadA = team.at("zjj1", "2022-03-01T10:00:00+08:00")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (device, name) in [(tianmaA, "A"), (tianmaB, "B"), (leadA, "L")] {
                    group.addTask {
                        for round in 1...4 {
                            try await device.ok(["report", "new", "--task", "9", "--node", "2", "--text", "并发 \(name)\(round)",
                                                 "--percent", "\(round * 10)"])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let sequence = try await superuser.query("SELECT min(seq), max(seq), count(*), count(DISTINCT seq) FROM duban.changes")[0]
            let (low, high, count, distinct) = (try sequence.decode(Int64.self, at: 0), try sequence.decode(Int64.self, at: 1),
                                                try sequence.decode(Int64.self, at: 2), try sequence.decode(Int64.self, at: 3))
            #expect(low == 1 && high == count && count == distinct, "gapless and unique: \(low)…\(high), \(count) rows, \(distinct) distinct")
            #expect(try await superuser.query("SELECT seq FROM duban.change_counter")[0].decode(Int64.self, at: 0) == high)
            for device in [tianmaA, tianmaB, leadA] {
                let verified = try await device.ok(["sync", "--verify"])
                #expect(verified.contains("match the server"), "\(verified)")
            }

            // Circular numbers: two drafts issued at the same moment through different servers get 1 and 2.
            let officeA = team.at("super1", "2022-03-29T10:00:00+08:00")
            var drafts: [String] = []
            for _ in 0..<2 {
                let drafted = try await officeA.ok(["supervise", "circular", "draft", "--node", "2022-03-28"])
                drafts.append(try #require(drafted.split(whereSeparator: { !$0.isNumber }).first.map(String.init), "\(drafted)"))
            }
            try await officeB.ok(["sync"])
            async let issuedA = officeA.run(["supervise", "circular", "issue", drafts[0]])
            async let issuedB = officeB.run(["supervise", "circular", "issue", drafts[1]])
            let issued = try await [issuedA, issuedB]
            for result in issued { #expect(result.status == 0, "\(result.stderr)") }
            let numbers = try await superuser.query("SELECT number FROM duban.circulars WHERE number IS NOT NULL ORDER BY number")
                .map { try $0.decode(Int.self, at: 0) }
            #expect(numbers == [1, 2], "\(numbers)")
            #expect(issued.map(\.stdout).joined().contains("〔2022〕1号") && issued.map(\.stdout).joined().contains("〔2022〕2号"))

            // The audit chain: both servers' sealers chain one trail; it verifies through either server.
            // The sealers run every second or so: wait until they have sealed everything, however loaded the machine.
            let sealDeadline = ContinuousClock.now + .seconds(120)
            while try await superuser.query("SELECT count(*) FROM duban.audit_log WHERE hash IS NULL")[0].decode(Int.self, at: 0) > 0,
                  ContinuousClock.now < sealDeadline {
                try await Task.sleep(for: .milliseconds(200))
            }
            for admin in [world.admin] {
                let verified = try await admin.run(["admin", "audit", "verify"])
                #expect(verified.status == 0 && verified.stdout.contains("intact"), "\(verified.stdout) \(verified.stderr)")
            }
            let chain = try await superuser.query("""
                SELECT count(*) FILTER (WHERE hash IS NULL), count(*) FROM duban.audit_log
                """)[0]
            #expect(try chain.decode(Int.self, at: 0) == 0, "every entry sealed")
            #expect(try chain.decode(Int.self, at: 1) > 10)
        }
    }

    /// `duban sync --watch` waiting on one server is woken by a change written through the other,
    /// within seconds (its --interval is two minutes), and only by changes its unit may see.
    @Test func aChangeThroughOneServerWakesAWatchOnTheOther() async throws {
        try await SyncWorld.with { world in
            let other = try await ServerProcess(database: world.database)
            defer { other.stop() }
            let team = try await world.team([("tianma1", "jd-tianma", "staff"), ("jiahe1", "jd-jiahe", "staff"),
                                             ("zjj1", "zjj", "staff")])
            defer { team.removeAll() }
            let watcher = try await world.device("tianma1", through: other)
            defer { watcher.remove() }
            let watch = try watcher.launch(["sync", "--watch", "--interval", "120", "--verbose"])
            defer { watch.process.terminate() }
            try await Self.waitFor("the first sync", timeout: .seconds(30)) { watch.stdoutSoFar.contains("synced:") }
            try await Task.sleep(for: .seconds(1))

            // Another unit's report on a task tianma does not lead: no wake-up.
            try await team.at("jiahe1", "2022-03-01T11:00:00+08:00").ok(["report", "new", "--task", "9", "--node", "1",
                                                                           "--text", "驾鹤：与天马无关", "--percent", "5"])
            try await Task.sleep(for: .seconds(3))
            #expect(!watch.stdoutSoFar.contains("the server announced change"), "\(watch.stdoutSoFar)")

            // Tianma's colleague writes through the first server: the watcher syncs within seconds.
            let started = ContinuousClock.now
            try await team.at("tianma1", "2022-03-01T11:00:00+08:00").ok(["report", "new", "--task", "9", "--node", "1",
                                                                            "--text", "天马：经另一台服务器", "--percent", "10"])
            try await Self.waitFor("the watcher's second sync", timeout: .seconds(100)) {
                watch.stdoutSoFar.components(separatedBy: "pulled 1").count >= 2
            }
            let latency = ContinuousClock.now - started
            // Woken by the announcement: well before the 120 s interval, however loaded the machine.
            #expect(latency < .seconds(60), "woken in \(latency), not after the 120 s interval")
            #expect(watch.stdoutSoFar.contains("the server announced change"))
            let listed = try await watcher.ok(["report", "list"])
            #expect(listed.contains("天马：经另一台服务器"), "\(listed)")

            // SIGTERM while the watcher's long poll waits on that server: the poll answers at once and the
            // server drains and exits, rather than holding its shutdown for the rest of the wait.
            try await Task.sleep(for: .seconds(1))
            let stopping = ContinuousClock.now
            other.stop()
            let stopped = ContinuousClock.now - stopping
            #expect(stopped < .seconds(20), "stopped in \(stopped) with a long poll waiting (DUBAN_WATCH_MAX_WAIT is 25 s)")
        }
    }

    // MARK: - Helpers

    static func waitFor(_ what: String, timeout: Duration, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The device's one pending mutation, as the sync protocol carries it.
    static func outboxEnvelope(of device: Device) throws -> MutationEnvelope {
        let line = try sqlite(device.cacheFile, """
            SELECT id, device_seq, kind, base_version, payload_sha256, authored_at, payload FROM outbox WHERE status = 'pending'
            """)
        let fields = line.split(separator: "|", maxSplits: 6, omittingEmptySubsequences: false).map(String.init)
        try #require(fields.count == 7, "one pending mutation: \(line)")
        return MutationEnvelope(id: try #require(UUID(uuidString: fields[0])), deviceSeq: try #require(Int64(fields[1])),
                                kind: fields[2], baseVersion: try #require(Int(fields[3])),
                                payload: fields[6].trimmingCharacters(in: .newlines), payloadSha256: fields[4],
                                authoredAt: Date(timeIntervalSince1970: try #require(Double(fields[5]))))
    }

    static func syncRequest(device: Device, mutation: MutationEnvelope) throws -> String {
        let configuration = try JSONSerialization.jsonObject(with: Data(contentsOf: device.home.appendingPathComponent("config.json")))
        let deviceID = try #require((configuration as? [String: Any])?["device_id"] as? String)
        let request = SyncRequest(deviceId: try #require(UUID(uuidString: deviceID)), epoch: nil, cursor: 0, referenceVersion: nil,
                                  mutations: [mutation])
        return String(decoding: try WireJSON.encoder().encode(request), as: UTF8.self)
    }

    static func token(of device: Device) throws -> String {
        let credentials = try JSONSerialization.jsonObject(with: Data(contentsOf: device.home.appendingPathComponent("credentials.json")))
        return try #require((credentials as? [String: Any])?["token"] as? String)
    }

    static func sqlite(_ file: URL, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [file.path, sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
