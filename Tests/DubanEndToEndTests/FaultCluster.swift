import Foundation
import Postgres

/// A throwaway PostgreSQL cluster of one test's own (`Tools/dev-db` with a private folder and port),
/// for faults that stop PostgreSQL: the shared test cluster serves other tests running in parallel.
/// Holds the database `duban` owned by the role `duban`; ``destroy()`` removes everything.
final class FaultCluster: @unchecked Sendable {
    let folder: URL
    let port: Int

    /// The `duban` database as the role `duban` (the schema owner).
    var configuration: PostgresConfiguration {
        PostgresConfiguration(parameters: ["host": socket, "port": String(port), "user": "duban", "dbname": "duban"])
    }

    private var socket: String { folder.resolvingSymlinksInPath().appendingPathComponent("socket").path }
    private var data: String { folder.resolvingSymlinksInPath().appendingPathComponent("data").path }
    private var environment: [String: String] {
        ["DUBAN_DEV_DB_DIR": folder.path, "DUBAN_DEV_DB_PORT": String(port), "DUBAN_DEV_DB_FSYNC": "off"]
    }

    /// Initialises and starts the cluster (a few seconds).
    init() async throws {
        folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("duban-fault-\(UUID().uuidString.prefix(8).lowercased())")
        port = try ProcessRunner.freePort()
        let started = try await Self.devDB(["start"], environment: environment)
        guard started.status == 0 else { throw Failed(step: "Tools/dev-db start", output: started.stderr) }
    }

    /// `pg_ctl stop -m mode` (fast, immediate): sessions end, new connections are refused.
    func stop(mode: String) async throws {
        let result = try await pgCtl(["stop", "-m", mode, "-w", "-t", "60"])
        guard result.status == 0 else { throw Failed(step: "pg_ctl stop -m \(mode)", output: result.stderr) }
    }

    /// `pg_ctl start`, waiting until it accepts connections.
    func start() async throws {
        let log = folder.resolvingSymlinksInPath().appendingPathComponent("server.log").path
        let result = try await pgCtl(["start", "-w", "-t", "60", "-l", log])
        guard result.status == 0 else { throw Failed(step: "pg_ctl start", output: result.stderr) }
    }

    /// Stops the cluster and removes its folder.
    func destroy() async {
        _ = try? await Self.devDB(["destroy"], environment: environment)
    }

    private func pgCtl(_ arguments: [String]) async throws -> ProcessRunner.Result {
        let pgCtl = try Self.postgresBinary("pg_ctl")
        let command = [pgCtl, "-D", data] + arguments
        return try await Self.detached(getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + command : command)
    }

    private static func devDB(_ arguments: [String], environment: [String: String]) async throws -> ProcessRunner.Result {
        try await detached(["bash", ProcessRunner.root.appendingPathComponent("Tools/dev-db").path] + arguments, environment: environment)
    }

    /// Runs `command` with every inherited descriptor above 2 closed first. The postmaster it may
    /// start outlives it, and Foundation's `Process` counts a child as running while any descendant
    /// holds a descriptor it passed down: without this, the start would never be seen to end.
    static func detached(_ command: [String], environment: [String: String] = [:], timeout: TimeInterval = 120) async throws
        -> ProcessRunner.Result
    {
        let script = #"for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-" 2>/dev/null; done; exec "$@""#
        return try await ProcessRunner.run("/usr/bin/env", ["bash", "-c", script, "bash"] + command, environment: environment,
                                           timeout: timeout)
    }

    /// A binary of the newest installed PostgreSQL (as `Tools/lib.sh` finds it).
    static func postgresBinary(_ name: String) throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for version in versions.sorted(by: { $0.compare($1, options: .numeric) == .orderedDescending }) {
            let path = "\(root)/\(version)/bin/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw Failed(step: "finding \(name)", output: "no PostgreSQL server binaries under \(root)")
    }

    struct Failed: Error, CustomStringConvertible {
        var step: String
        var output: String
        var description: String { "\(step) failed: \(output)" }
    }
}
