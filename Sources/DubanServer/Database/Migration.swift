import Foundation

/// One numbered schema change from `SQL/migrations/`, e.g. `0001_schema_v1.sql`.
public struct Migration: Sendable, Hashable {
    /// The number before the first underscore; migrations apply in ascending order.
    public var version: Int
    /// The rest of the file name, without `.sql`.
    public var name: String
    /// The SQL text, run as one transaction.
    public var sql: String
    /// SHA-256 of the file's bytes, lower-case hex. An applied migration's file must never change.
    public var checksum: String

    /// Creates a migration from a file's name and bytes.
    public init(version: Int, name: String, sql: String, checksum: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = checksum
    }
}

extension Migration {
    /// The file name, e.g. `0001_schema_v1.sql`.
    public var fileName: String { "\(String(format: "%04d", version))_\(name).sql" }

    /// Loads every `NNNN_name.sql` file of a folder, in version order.
    ///
    /// Other files are ignored. Two files with one version, a name without a number, or a file that is
    /// not UTF-8 are errors: a migration set must be unambiguous before anything runs.
    public static func load(directory: URL) throws -> [Migration] {
        let fileManager = FileManager.default
        guard let names = try? fileManager.contentsOfDirectory(atPath: directory.path) else {
            throw MigrationError.directoryMissing(directory.path)
        }
        var byVersion: [Int: Migration] = [:]
        for file in names where file.hasSuffix(".sql") {
            let stem = String(file.dropLast(4))
            guard let underscore = stem.firstIndex(of: "_"),
                  let version = Int(stem[..<underscore]), version > 0
            else {
                throw MigrationError.badFileName(file)
            }
            let url = directory.appendingPathComponent(file)
            let data = try Data(contentsOf: url)
            guard let sql = String(data: data, encoding: .utf8) else {
                throw MigrationError.notUTF8(file)
            }
            let migration = Migration(
                version: version,
                name: String(stem[stem.index(after: underscore)...]),
                sql: sql,
                checksum: SHA256Digest.hex(of: data)
            )
            if let other = byVersion[version] {
                throw MigrationError.duplicateVersion(version, "\(other.version)_\(other.name).sql", file)
            }
            byVersion[version] = migration
        }
        return byVersion.values.sorted { $0.version < $1.version }
    }

    /// Finds `SQL/migrations`: the explicit folder if given, else `$DUBAN_MIGRATIONS_DIR`, else the
    /// first `SQL/migrations` found walking up from the working directory and from the executable.
    public static func locateDirectory(explicit: String?, environment: [String: String]) throws -> URL {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        if let fromEnv = environment["DUBAN_MIGRATIONS_DIR"], !fromEnv.isEmpty {
            return URL(fileURLWithPath: fromEnv)
        }
        let fileManager = FileManager.default
        var starts = [URL(fileURLWithPath: fileManager.currentDirectoryPath)]
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        starts.append(executable.deletingLastPathComponent())
        starts.append(URL(fileURLWithPath: "/usr/share/duban"))
        for start in starts {
            var dir = start.standardizedFileURL
            for _ in 0..<8 {
                let candidate = dir.appendingPathComponent("SQL/migrations")
                var isDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                    return candidate
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        throw MigrationError.directoryMissing("SQL/migrations")
    }
}
