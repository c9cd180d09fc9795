import DubanCore
import DubanTestSupport
import Foundation
import Postgres
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A real server with the sample plan, an admin, and `duban` installations (each its own data
/// folder, as on separate machines) signed in as unit staff.
struct SyncWorld {
    let database: PostgresConfiguration
    let server: ServerProcess
    let admin: CLIInstallation

    /// Runs `body` with a started server and a signed-in admin; removes every data folder after.
    static func with(serverEnvironment: [String: String] = [:], _ body: (SyncWorld) async throws -> Void) async throws {
        try await LoadedDatabase.with { database, oneTimePassword in
            let server = try await ServerProcess(database: database, environment: serverEnvironment)
            defer { server.stop() }
            let admin = CLIInstallation()
            defer { admin.remove() }
            let address = server.base.absoluteString
            let login = try await admin.run(["login", "--server", address, "--login", "admin", "--password-stdin"],
                                            input: oneTimePassword + "\n")
            try #require(login.status == 0, "\(login.stderr)")
            let changed = try await admin.run(["password", "--stdin"], input: "\(oneTimePassword)\nAdmin-pass-2024\n")
            try #require(changed.status == 0, "\(changed.stderr)")
            try await body(SyncWorld(database: database, server: server, admin: admin))
        }
    }

    /// Creates a staff account of `unit` and returns its (changed) password.
    func addStaff(_ login: String, unit: String) async throws -> String {
        try await addAccount(login, unit: unit, role: "staff")
    }

    /// Creates an account with `role` in `unit` and returns its (changed) password.
    func addAccount(_ login: String, unit: String, role: String) async throws -> String {
        let added = try await admin.run(["admin", "account", "add", "--login", login, "--name", "测试", "--role", role,
                                         "--unit", unit])
        let oneTime = try #require(added.value(after: "one-time password: "), "\(added.stdout) \(added.stderr)")
        let device = Device()
        defer { device.remove() }
        _ = try await device.run(["login", "--server", server.base.absoluteString, "--login", login, "--password-stdin"],
                                 input: oneTime + "\n")
        let changed = try await device.run(["password", "--stdin"], input: "\(oneTime)\nStaff-pass-2024\n")
        try #require(changed.status == 0, "\(changed.stderr)")
        return "Staff-pass-2024"
    }

    /// A new installation signed in as `login` (through `through`, by default the world's server), with one sync done.
    func device(_ login: String, password: String = "Staff-pass-2024", through: ServerProcess? = nil) async throws -> Device {
        let device = Device()
        let signedIn = try await device.run(["login", "--server", (through ?? server).base.absoluteString, "--login", login,
                                             "--password-stdin"],
                                            input: password + "\n")
        try #require(signedIn.status == 0, "\(signedIn.stderr)")
        try await device.ok(["sync"])
        return device
    }

    /// Creates each account and signs a new installation in as it (one sync done), keyed by login.
    func team(_ accounts: [(login: String, unit: String, role: String)]) async throws -> Team {
        var devices: [String: Device] = [:]
        for account in accounts {
            _ = try await addAccount(account.login, unit: account.unit, role: account.role)
            devices[account.login] = try await device(account.login)
        }
        return Team(devices: devices)
    }

    /// A superuser connection to the server's database, for checks behind the server's back.
    func superuser() async throws -> PostgresConnection {
        try await PostgresConnection.connect(TestDatabase.superuser(database), logger: TestDatabase.defaultLogger)
    }
}

/// Installations of several accounts, each used with the clock of the moment.
struct Team {
    var devices: [String: Device]

    /// The installation signed in as `login`, its clock set to `now`.
    func at(_ login: String, _ now: String) -> Device {
        var device = devices[login]!
        device.now = now
        return device
    }

    func removeAll() { devices.values.forEach { $0.remove() } }
}

/// One `duban` installation with a set clock (1 March 2022, Beijing time, before the first node).
struct Device {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("duban-sync-\(UUID().uuidString)")
    var now = "2022-03-01T10:00:00+08:00"

    var environment: [String: String] { ["DUBAN_HOME": home.path, "DUBAN_NOW": now] }

    func run(_ arguments: [String], input: String? = nil, extra: [String: String] = [:]) async throws -> ProcessRunner.Result {
        try await ProcessRunner.run("duban", arguments, input: input, environment: environment.merging(extra) { $1 })
    }

    /// Runs and expects success; returns stdout.
    @discardableResult
    func ok(_ arguments: [String], extra: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await run(arguments, extra: extra)
        #expect(result.status == 0, "duban \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Starts `duban` without waiting for it.
    func launch(_ arguments: [String], extra: [String: String] = [:]) throws -> ProcessRunner.Running {
        try ProcessRunner.launch("duban", arguments, environment: environment.merging(extra) { $1 })
    }

    /// The reports held, as `duban report list --format json` prints them.
    func reports() async throws -> [ListedReport] {
        try WireJSON.decoder().decode([ListedReport].self, from: Data(try await ok(["report", "list", "--format", "json"]).utf8))
    }

    /// One report with its revisions, as `duban report show --json` prints it.
    func report(_ id: String) async throws -> ShownReport {
        try WireJSON.decoder().decode(ShownReport.self, from: Data(try await ok(["report", "show", id, "--json"]).utf8))
    }

    /// The id `report new` printed.
    static func reportId(in output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix("report ") }.map { String($0.split(separator: " ")[1]) }
    }

    var cacheFile: URL {
        let folder = home.appendingPathComponent("cache")
        let name = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.first { $0.hasSuffix(".sqlite") } ?? ""
        return folder.appendingPathComponent(name)
    }

    func remove() {
        try? FileManager.default.removeItem(at: home)
    }
}

/// What the tests read from `duban report list --format json`.
struct ListedReport: Decodable {
    var id: UUID
    var taskNumber: Int?
    var unitCode: String
    var version: Int
    var status: String
    var text: String
}

/// What the tests read from `duban report show --json`.
struct ShownReport: Decodable {
    struct Revision: Decodable {
        var state: String
        var revision: Int?
        var inConflict: Bool
        var content: Content
        var authoredAt: Date
        var receivedAt: Date?
    }

    struct Content: Decodable {
        var text: String
        var evidence: [String]
    }

    var id: UUID
    var version: Int
    var headRevision: Int
    var openConflicts: Int
    var revisions: [Revision]
}

@Suite(.serialized) struct SyncCLITests {
    /// Two devices of one unit edit the same report offline and sync in either order: both revisions
    /// exist on the server and on both devices, the conflict shows, and `resolve` ends it.
    @Test func offlineEditsOfOneReportOnTwoDevicesConflictAndAResolutionEndsIt() async throws {
        try await SyncWorld.with { world in
            _ = try await world.addStaff("tianma1", unit: "jd-tianma")
            var a = try await world.device("tianma1")
            var b = try await world.device("tianma1")
            defer {
                a.remove()
                b.remove()
            }
            let superuser = try await world.superuser()
            defer { superuser.close() }

            for (order, node) in [("A first", "1"), ("B first", "2")] {
                let created = try await a.ok(["report", "new", "--task", "9", "--node", node, "--text", "初稿 \(node)",
                                              "--quantity", "parks_built=1", "--percent", "10"])
                #expect(created.contains("synced: pushed 1"), "the short sync sent it: \(created)")
                let id = try #require(Device.reportId(in: created))
                try await b.ok(["sync"])
                #expect(try await b.report(id).version == 1)

                // Both edit version 1 without a connection; later edits on one device chain, not conflict.
                a.now = "2022-03-02T09:00:00+08:00"
                b.now = "2022-03-02T09:30:00+08:00"
                try await a.ok(["report", "edit", id, "--text", "A 的修改 \(node)", "--offline"])
                try await a.ok(["report", "edit", id, "--percent", "30", "--offline"])
                try await b.ok(["report", "edit", id, "--text", "B 的修改 \(node)", "--offline"])
                let pending = try await a.report(id)
                #expect(pending.revisions.filter { $0.state == "pending" }.count == 2, "local edits show at once")
                #expect(try await a.ok(["status"]).contains("outbox: 2 waiting"))

                let (first, second) = order == "A first" ? (a, b) : (b, a)
                #expect(try await first.ok(["sync"]).contains("conflicts 0"), "\(order)")
                // A's two edits chain; when B was first, both of A's land in conflict.
                let conflicts = order == "A first" ? 1 : 2
                let secondSync = try await second.ok(["sync"])
                #expect(secondSync.contains("conflicts \(conflicts)"), "\(order): \(secondSync)")
                try await first.ok(["sync"])

                // Every revision on the server and on both devices; the conflict is marked.
                let serverTexts = try await superuser.query("""
                    SELECT v.text, v.in_conflict FROM duban.report_revisions v WHERE v.report_id = \(try #require(UUID(uuidString: try a.report(id).id.uuidString)))
                     ORDER BY v.revision
                    """).map { (try $0.decode(String.self, at: 0), try $0.decode(Bool.self, at: 1)) }
                #expect(serverTexts.count == 4, "\(order): \(serverTexts)")
                #expect(serverTexts.map(\.0).contains("A 的修改 \(node)") && serverTexts.map(\.0).contains("B 的修改 \(node)"))
                #expect(serverTexts.filter(\.1).count == conflicts, "the loser's revisions stored in conflict")
                for device in [a, b] {
                    let shown = try await device.report(id)
                    #expect(shown.revisions.count == 4 && shown.revisions.allSatisfy { $0.state == "synced" }, "\(order)")
                    #expect(shown.openConflicts == conflicts)
                    #expect(shown.revisions.map(\.content.text) == serverTexts.map(\.0))
                    #expect(shown.revisions.allSatisfy { $0.receivedAt != nil })
                    let status = try await device.ok(["status"])
                    #expect(status.contains("open conflicts: 1") && status.contains("report resolve"), "\(status)")
                    let history = try await device.ok(["report", "show", String(id.prefix(5)), "--history"])
                    #expect(history.contains("CONFLICT") && history.contains("written 2022-03-02"), "\(history)")
                }

                // The device that lost resolves, keeping its own text; nothing is lost.
                let resolved = try await second.ok(["report", "resolve", id, "--keep", "mine"])
                #expect(resolved.contains("resolved") && resolved.contains("synced: pushed 1"), "\(resolved)")
                try await first.ok(["sync"])
                for device in [a, b] {
                    let shown = try await device.report(id)
                    #expect(shown.openConflicts == 0 && shown.version == 5 && shown.headRevision == 5, "\(order)")
                    #expect(try await device.ok(["status"]).contains("open conflicts: 0"))
                }
                let count = try await superuser.query("SELECT count(*), bool_or(open_conflicts > 0) FROM duban.report_revisions v JOIN duban.reports r ON r.id = v.report_id WHERE r.node_id = (SELECT id FROM duban.reporting_nodes WHERE ordinal = \(Int(node)!))")[0]
                #expect(try count.decode(Int.self, at: 0) == 5)
                #expect(try count.decode(Bool.self, at: 1) == false)
            }

            // Both devices create the report of node 3 offline: the second joins the first's report.
            let fromA = try #require(Device.reportId(in: try await a.ok(["report", "new", "--task", "9", "--node", "3", "--text", "A 新建", "--offline"])))
            let fromB = try #require(Device.reportId(in: try await b.ok(["report", "new", "--task", "9", "--node", "3", "--text", "B 新建", "--offline"])))
            try await a.ok(["sync"])
            #expect(try await b.ok(["sync"]).contains("conflicts 1"))
            let onB = try await b.report(fromB)
            #expect(onB.id.uuidString.lowercased().hasPrefix(fromA), "B's report was renamed to A's id and is still found by its old id")
            #expect(try await b.reports().count == 3, "one report per task, unit and node")
            #expect(onB.revisions.map(\.content.text) == ["A 新建", "B 新建"])
        }
    }

    /// `sync --verify` finds a cache whose revision row was deleted by hand and re-pulls only that task.
    @Test func verifyRepairsACacheThatLostARevision() async throws {
        try await SyncWorld.with { world in
            _ = try await world.addStaff("zjj1", unit: "zjj")
            _ = try await world.addStaff("tianma1", unit: "jd-tianma")
            let lead = try await world.device("zjj1")
            let office = try await world.device("tianma1")
            defer {
                lead.remove()
                office.remove()
            }
            let id = try #require(Device.reportId(in: try await office.ok(["report", "new", "--task", "9", "--node", "1", "--text", "一"])))
            try await office.ok(["report", "edit", id, "--text", "二"])
            let leadTasks = try await lead.ok(["tasks", "--format", "json"])
            #expect(leadTasks.contains("\"role\" : \"lead\""), "\(leadTasks)")
            try await lead.ok(["sync"])
            #expect(try await lead.ok(["sync", "--verify"]).contains("match the server"))

            // The office's own cache loses a revision: the task's snapshot replaces it.
            try SQLiteFile.execute(office.cacheFile.path, "DELETE FROM revisions WHERE revision = 1")
            let own = try await office.ok(["sync", "--verify"])
            #expect(own.contains("repaired task 9: 1 → 2 revision(s)"), "\(own)")
            #expect(try await office.report(id).revisions.map(\.content.text) == ["一", "二"])

            // The lead unit's cache loses revision 2 of the office's report.
            try SQLiteFile.execute(lead.cacheFile.path, "DELETE FROM revisions WHERE revision = 2")
            #expect(try await lead.report(id).revisions.count == 1)
            let repaired = try await lead.ok(["sync", "--verify"])
            #expect(repaired.contains("repaired task 9: 1 → 2 revision(s)"), "\(repaired)")
            #expect(repaired.contains("1 repaired"))
            #expect(try await lead.report(id).revisions.map(\.content.text) == ["一", "二"])
            #expect(try await lead.ok(["sync", "--verify"]).contains("match the server"))
        }
    }
}

/// Raw SQL on a cache file behind the CLI's back, through the system's libsqlite3 (the test target
/// does not link GRDB).
enum SQLiteFile {
    typealias Open = @convention(c) (UnsafePointer<CChar>, UnsafeMutablePointer<OpaquePointer?>) -> Int32
    typealias Exec = @convention(c) (OpaquePointer?, UnsafePointer<CChar>, OpaquePointer?, OpaquePointer?, OpaquePointer?) -> Int32
    typealias Close = @convention(c) (OpaquePointer?) -> Int32

    struct Failed: Error { var code: Int32 }

    static func execute(_ path: String, _ sql: String) throws {
        guard let library = dlopen("libsqlite3.so.0", RTLD_NOW) ?? dlopen("libsqlite3.so", RTLD_NOW),
              let openSymbol = dlsym(library, "sqlite3_open"), let execSymbol = dlsym(library, "sqlite3_exec"),
              let closeSymbol = dlsym(library, "sqlite3_close") else { throw Failed(code: -1) }
        let open = unsafeBitCast(openSymbol, to: Open.self)
        let exec = unsafeBitCast(execSymbol, to: Exec.self)
        let close = unsafeBitCast(closeSymbol, to: Close.self)
        var handle: OpaquePointer?
        guard open(path, &handle) == 0 else { throw Failed(code: 1) }
        defer { _ = close(handle) }
        let code = exec(handle, sql, nil, nil, nil)
        guard code == 0 else { throw Failed(code: code) }
    }
}
