import Foundation

/// One SQL function or view of `SQL/objects/`, e.g. `duban.record_change.sql`: its current definition,
/// re-applied whenever the file changes.
///
/// The numbered migrations create the tables and the first version of every function and view; the
/// object files hold the *current* body of each (a `CREATE OR REPLACE`, with its `GRANT`s and
/// `COMMENT`s), so changing a function or view is an edit of one file, reviewed as a diff of that file.
/// The migrator applies them after the numbered migrations, each in its own transaction, whenever its
/// SHA-256 differs from the one recorded in `duban.schema_objects` (or it has none).
///
/// **Names**: `<schema>.<object>.sql`, both lower-case SQL identifiers; the object's name is the file
/// name without `.sql`.
///
/// **Order**: an object file names what must exist before it in header lines
/// `-- requires: duban.may_read, oversight.report_timeliness` (another object file's name; a
/// view on a view, a SQL-language function on a function or view). Files apply so that every
/// requirement comes first, otherwise in alphabetical order of their names. A requirement that is not
/// an object file, or a cycle, is an error before anything runs.
public struct SchemaObject: Sendable, Hashable {
    /// `schema.object`, e.g. `duban.record_change`.
    public var name: String
    /// The objects that must be applied before this one.
    public var requires: [String]
    /// The SQL text, run as one transaction.
    public var sql: String
    /// SHA-256 of the file's bytes, lower-case hex.
    public var checksum: String

    /// Creates an object from its name, requirements and text; `requires` defaults to the text's
    /// `-- requires:` lines.
    public init(name: String, requires: [String]? = nil, sql: String, checksum: String) {
        self.name = name
        self.requires = requires ?? Self.requirements(in: sql)
        self.sql = sql
        self.checksum = checksum
    }

    /// The file name, e.g. `duban.record_change.sql`.
    public var fileName: String { "\(name).sql" }

    /// The object folder that belongs to a migrations folder: its sibling `objects`
    /// (`SQL/migrations` → `SQL/objects`).
    public static func directory(besideMigrations migrations: URL) -> URL {
        migrations.standardizedFileURL.deletingLastPathComponent().appendingPathComponent("objects")
    }

    /// Loads every `schema.object.sql` file of a folder, in the order they must be applied.
    ///
    /// Other files (a README) are ignored. A badly named or non-UTF-8 file, a requirement that names no
    /// object file, or a cycle of requirements is an error.
    public static func load(directory: URL) throws -> [SchemaObject] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            throw MigrationError.objectsDirectoryMissing(directory.path)
        }
        var objects: [SchemaObject] = []
        for file in names.sorted() where file.hasSuffix(".sql") {
            let name = String(file.dropLast(4))
            guard isObjectName(name) else { throw MigrationError.badObjectFileName(file) }
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            guard let sql = String(data: data, encoding: .utf8) else { throw MigrationError.notUTF8(file) }
            objects.append(SchemaObject(name: name, sql: sql, checksum: SHA256Digest.hex(of: data)))
        }
        return try ordered(objects)
    }

    /// Sorts objects so each comes after what it requires, otherwise alphabetically by name.
    public static func ordered(_ objects: [SchemaObject]) throws -> [SchemaObject] {
        let byName = Dictionary(objects.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for object in objects {
            for requirement in object.requires where byName[requirement] == nil {
                throw MigrationError.unknownRequirement(object.name, requirement)
            }
        }
        var done: Set<String> = []
        var result: [SchemaObject] = []
        var remaining = byName.keys.sorted()
        // Repeatedly take the alphabetically first object whose requirements are all applied.
        while !remaining.isEmpty {
            guard let index = remaining.firstIndex(where: { name in byName[name]!.requires.allSatisfy(done.contains) }) else {
                throw MigrationError.requirementCycle(remaining)
            }
            let name = remaining.remove(at: index)
            done.insert(name)
            result.append(byName[name]!)
        }
        return result
    }

    /// The names listed on `-- requires:` lines (separated by commas or spaces).
    static func requirements(in sql: String) -> [String] {
        var names: [String] = []
        for line in sql.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix("-- requires:") else { continue }
            let list = trimmed.dropFirst("-- requires:".count)
            names += list.split { $0 == "," || $0 == " " || $0 == "\t" }.map(String.init)
        }
        return names
    }

    /// `schema.object`: two lower-case identifiers (`[a-z_][a-z0-9_]*`) joined by one dot.
    static func isObjectName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else { return false }
            return part.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
    }
}
