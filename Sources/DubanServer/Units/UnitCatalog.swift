import DubanCore
import DubanImport
import Postgres

/// The units in the database with their ids, as the importers need them.
struct UnitCatalog: Sendable {
    struct Entry: Sendable {
        var id: Int64
        var record: UnitRecord
    }

    var entries: [String: Entry]

    var records: [UnitRecord] { entries.values.map(\.record).sorted { $0.code < $1.code } }

    func id(of code: String) -> Int64? { entries[code]?.id }

    /// Reads every unit with its parent's code and its aliases (sorted).
    static func load(on connection: PostgresConnection) async throws -> UnitCatalog {
        let rows = try await connection.query("""
            SELECT u.id, u.code, u.name, u.kind, p.code,
                   coalesce(array(SELECT a.alias FROM duban.unit_aliases a WHERE a.unit_id = u.id ORDER BY a.alias), '{}')
              FROM duban.units u LEFT JOIN duban.units p ON p.id = u.parent_id
            """)
        var entries: [String: Entry] = [:]
        for row in rows {
            let code = try row.decode(String.self, at: 1)
            let kindText = try row.decode(String.self, at: 3)
            let record = UnitRecord(
                code: code,
                name: try row.decode(String.self, at: 2),
                kind: UnitKind(rawValue: kindText) ?? .other,
                parentCode: try row.decodeIfPresent(String.self, at: 4),
                aliases: try row.decode([String].self, at: 5).sorted()
            )
            entries[code] = Entry(id: try row.decode(Int64.self, at: 0), record: record)
        }
        return UnitCatalog(entries: entries)
    }
}

/// One lock for every import, so two admins importing at once take turns.
enum ImportLock {
    static let key: Int64 = 0x6475_6261_6e2d_696d

    static func take(on connection: PostgresConnection) async throws {
        try await connection.execute("SELECT pg_advisory_xact_lock(\(key))")
    }
}
