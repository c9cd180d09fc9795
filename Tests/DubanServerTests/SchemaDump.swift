import Foundation
import Postgres

/// The schema of a test database as `pg_dump --schema-only --no-owner` prints it (schemas `duban` and
/// `oversight`), normalised so two databases migrated alike compare equal.
enum SchemaDump {
    /// The checked-in snapshot that `SchemaSnapshotTests` compares with.
    static let snapshotFile = Fixtures.root.appendingPathComponent("SQL/schema.snapshot.sql")

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// pg_dump: `$DUBAN_PG_DUMP`, else that of the newest PostgreSQL under /usr/lib/postgresql (the one
    /// Tools/dev-db runs, so never older than the server), else the first on `PATH`. Tools/test installs
    /// it (postgresql-client); a missing one fails the test, never skips it.
    static func pgDump() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        let fileManager = FileManager.default
        if let explicit = environment["DUBAN_PG_DUMP"], !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        let versions = ((try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >)
        for version in versions {
            let candidate = "/usr/lib/postgresql/\(version)/bin/pg_dump"
            if fileManager.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/pg_dump"
            if fileManager.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        throw Failed(description: "pg_dump not found (install postgresql-client, or run Tools/test, which does; DUBAN_PG_DUMP names one)")
    }

    /// The major version of that pg_dump, e.g. `15`.
    static func pgDumpMajorVersion() async throws -> String {
        let answer = try await run(try pgDump(), ["--version"], environment: ProcessInfo.processInfo.environment)
        // "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        let words = answer.stdout.split(separator: " ")
        guard words.count >= 3, let major = words[2].split(separator: ".").first else {
            throw Failed(description: "unexpected pg_dump --version: \(answer.stdout)")
        }
        return String(major)
    }

    /// The normalised schema-only dump of the database `configuration` names.
    static func schema(_ configuration: PostgresConfiguration) async throws -> String {
        var environment = ProcessInfo.processInfo.environment
        let names = ["host": "PGHOST", "port": "PGPORT", "user": "PGUSER", "dbname": "PGDATABASE", "password": "PGPASSWORD"]
        for (keyword, variable) in names {
            if let value = configuration.parameters[keyword] { environment[variable] = value }
        }
        let answer = try await run(try pgDump(), ["--schema-only", "--no-owner", "--schema=duban", "--schema=oversight"],
                                   environment: environment)
        guard answer.status == 0 else { throw Failed(description: "pg_dump failed (\(answer.status)): \(answer.stderr)") }
        return normalised(answer.stdout)
    }

    /// Drops what differs between two dumps of equal schemas (the server and pg_dump version lines, the
    /// random `\restrict` key of newer pg_dump releases), trailing blanks and repeated blank lines.
    static func normalised(_ dump: String) -> String {
        var lines: [String] = []
        for raw in dump.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(raw)
            while line.last == " " || line.last == "\t" || line.last == "\r" { line.removeLast() }
            if line.hasPrefix("\\restrict ") || line.hasPrefix("\\unrestrict ") { continue }
            if line.hasPrefix("-- Dumped from database version") || line.hasPrefix("-- Dumped by pg_dump version") { continue }
            if line.isEmpty && (lines.last?.isEmpty ?? true) { continue }
            lines.append(line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `diff -u` of two texts, at most `limit` lines, for a failure message.
    static func difference(expected: String, actual: String, limit: Int = 120) async -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("duban-schema-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let left = directory.appendingPathComponent("schema.snapshot.sql")
            let right = directory.appendingPathComponent("migrated.sql")
            try Data(expected.utf8).write(to: left)
            try Data(actual.utf8).write(to: right)
            let answer = try await run(URL(fileURLWithPath: "/usr/bin/diff"), ["-u", left.path, right.path],
                                       environment: ProcessInfo.processInfo.environment)
            return answer.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix(limit).joined(separator: "\n")
        } catch {
            return "(no diff: \(error))"
        }
    }

    /// Runs a program off the cooperative thread pool; returns its status and output.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]) async throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let process = Process()
                    process.executableURL = executable
                    process.arguments = arguments
                    process.environment = environment
                    let output = Pipe()
                    let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("duban-run-\(UUID().uuidString).err")
                    _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
                    defer { try? FileManager.default.removeItem(at: errorFile) }
                    let errorHandle = try FileHandle(forWritingTo: errorFile)
                    process.standardOutput = output
                    process.standardError = errorHandle
                    process.standardInput = FileHandle.nullDevice
                    try process.run()
                    let data = output.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    try errorHandle.close()
                    let errors = (try? Data(contentsOf: errorFile)) ?? Data()
                    continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self),
                                                    String(decoding: errors, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
