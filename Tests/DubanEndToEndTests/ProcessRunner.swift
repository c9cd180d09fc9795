import Foundation

/// Runs the real `duban-server` and `duban` binaries as a user would, and captures what they print.
struct ProcessRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The folder with the built binaries: `$DUBAN_BIN_DIR` (set by Tools/test), else `.build/debug`.
    static var binDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["DUBAN_BIN_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        return root.appendingPathComponent(".build/debug")
    }

    /// A built binary by name, or any program by absolute path.
    static func binary(_ name: String) -> URL {
        name.hasPrefix("/") ? URL(fileURLWithPath: name) : binDirectory.appendingPathComponent(name)
    }

    /// Runs to completion (or kills after `timeout` seconds) and returns exit status and output;
    /// `input`, when given, is written to standard input, which is then closed.
    static func run(_ name: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:],
                    timeout: TimeInterval = 120) async throws -> Result {
        let process = try launch(name, arguments, input: input, environment: environment)
        let deadline = Date().addingTimeInterval(timeout)
        while process.process.isRunning {
            if Date() > deadline {
                process.process.terminate()
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.process.waitUntilExit()
        return process.finish()
    }

    /// A started process whose output is collected into files.
    final class Running: @unchecked Sendable {
        let process: Process
        let stdoutURL: URL
        let stderrURL: URL

        init(process: Process, stdoutURL: URL, stderrURL: URL) {
            self.process = process
            self.stdoutURL = stdoutURL
            self.stderrURL = stderrURL
        }

        var stderrSoFar: String { Self.text(stderrURL) }
        var stdoutSoFar: String { Self.text(stdoutURL) }

        func finish() -> Result {
            let result = Result(status: process.terminationStatus, stdout: Self.text(stdoutURL), stderr: stderrSoFar)
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
            return result
        }

        /// Decoded byte for byte: `String(contentsOf:)` would drop the BOM that CSV output starts with.
        private static func text(_ url: URL) -> String {
            String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
        }
    }

    static func launch(_ name: String, _ arguments: [String], input: String? = nil,
                       environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = binary(name)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = nil
        env["LC_MESSAGES"] = nil
        env["DUBAN_MIGRATIONS_DIR"] = root.appendingPathComponent("SQL/migrations").path
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let tmp = FileManager.default.temporaryDirectory
        let id = UUID().uuidString
        let out = tmp.appendingPathComponent("duban-e2e-\(id).out")
        let err = tmp.appendingPathComponent("duban-e2e-\(id).err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        if let input {
            let stdin = Pipe()
            process.standardInput = stdin
            try process.run()
            try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        return Running(process: process, stdoutURL: out, stderrURL: err)
    }

    /// The libpq environment for a test database configuration.
    static func databaseEnvironment(_ parameters: [String: String]) -> [String: String] {
        var env: [String: String] = [:]
        let names = ["host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "dbname": "PGDATABASE", "password": "PGPASSWORD"]
        for (keyword, variable) in names {
            if let value = parameters[keyword] { env[variable] = value }
        }
        return env
    }

    /// A TCP port on the loopback interface that was free a moment ago.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer -> Bool in
                bind(fd, sockaddrPointer, length) == 0 && getsockname(fd, sockaddrPointer, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
