import DubanTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Postgres

/// A real `duban-server serve` process on a free loopback port, logged in as `duban_server`.
final class ServerProcess: @unchecked Sendable {
    let running: ProcessRunner.Running
    let base: URL

    /// Starts the server on `port` (a free one when nil) and waits until /readyz answers 200.
    init(database: PostgresConfiguration, port: Int? = nil, environment extra: [String: String] = [:]) async throws {
        var env = ProcessRunner.databaseEnvironment(TestDatabase.serverRole(database).parameters)
        let port = try port ?? ProcessRunner.freePort()
        env["DUBAN_PORT"] = String(port)
        env["DUBAN_BCRYPT_COST"] = "4"
        for (key, value) in extra { env[key] = value }
        running = try ProcessRunner.launch("duban-server", ["serve", "--host", "127.0.0.1"], environment: env)
        base = URL(string: "http://127.0.0.1:\(port)")!
        for _ in 0..<200 {
            if let answer = try? await request("GET", "/readyz"), answer.status == 200 { return }
            guard running.process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw ServerDidNotStart(log: running.stderrSoFar)
    }

    struct ServerDidNotStart: Error, CustomStringConvertible {
        var log: String
        var description: String { "duban-server did not become ready:\n\(log)" }
    }

    /// One HTTP request; returns status and body.
    func request(_ method: String, _ path: String, json: String? = nil, token: String? = nil, headers: [String: String] = [:]) async throws
        -> (status: Int, body: String)
    {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpMethod = method
        request.timeoutInterval = 10
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    var port: Int { base.port! }

    func stop() {
        if running.process.isRunning {
            running.process.terminate()
            running.process.waitUntilExit()
        }
    }

    /// Kills the server with SIGKILL, as a crash would.
    func kill() {
        if running.process.isRunning {
            Foundation.kill(running.process.processIdentifier, SIGKILL)
            running.process.waitUntilExit()
        }
    }

    deinit { stop() }
}

/// A migrated test database with the sample roster and plan loaded and a bootstrapped admin.
enum LoadedDatabase {
    /// Runs `body` with the database configuration and the admin's one-time password.
    static func with<T>(_ body: (PostgresConfiguration, String) async throws -> T) async throws -> T {
        try await TestDatabase.withDatabase { configuration in
            let env = ProcessRunner.databaseEnvironment(configuration.parameters)
            let sample = ProcessRunner.root.appendingPathComponent("Deploy/sample")
            for arguments in [["migrate"], ["import-units", sample.appendingPathComponent("units-sample.csv").path],
                              ["import-plan", sample.appendingPathComponent("notice-2022.docx").path]] {
                let result = try await ProcessRunner.run("duban-server", arguments, environment: env)
                guard result.status == 0 else { throw SetupFailed(step: arguments.joined(separator: " "), output: result.stderr) }
            }
            let boot = try await ProcessRunner.run("duban-server", ["bootstrap-admin", "--unit", "yf"],
                                                   environment: env.merging(["DUBAN_BCRYPT_COST": "4"]) { $1 })
            guard boot.status == 0, let line = boot.stdout.split(separator: "\n").first(where: { $0.hasPrefix("one-time password: ") })
            else { throw SetupFailed(step: "bootstrap-admin", output: boot.stdout + boot.stderr) }
            return try await body(configuration, String(line.dropFirst("one-time password: ".count)))
        }
    }

    struct SetupFailed: Error, CustomStringConvertible {
        var step: String
        var output: String
        var description: String { "\(step) failed: \(output)" }
    }
}
