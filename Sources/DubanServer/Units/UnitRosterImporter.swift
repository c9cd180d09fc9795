import DubanCore
import DubanImport
import Logging
import Postgres

/// Loads a unit roster (`code,name,kind,parent_code,aliases`) into the database.
///
/// Units are matched by code: new codes are created, changed names, kinds, parents and aliases are
/// updated, and units missing from the file are left alone (a roster file may cover part of the
/// district). All or nothing: one transaction. Importing the same file twice changes nothing.
public struct UnitRosterImporter: Sendable {
    /// Who the audit trail names for the import's changes (``AuditActor``).
    public var actor: String

    public init(actor: String = AuditActor.command("import-units")) {
        self.actor = actor
    }

    /// What an import changed.
    public struct Summary: Codable, Sendable, Equatable {
        public var created: [String] = []
        public var updated: [String] = []
        public var unchanged: Int = 0
        public var changed: Bool { !created.isEmpty || !updated.isEmpty }
    }

    /// Parses the CSV against the codes already in the database, then writes it.
    public func importCSV(_ text: String, on connection: PostgresConnection) async throws -> Summary {
        try await connection.transaction { connection in
            try await AuditActor.set(actor, on: connection)
            try await ImportLock.take(on: connection)
            let catalog = try await UnitCatalog.load(on: connection)
            let records = try UnitRoster.parseCSV(text, knownCodes: Set(catalog.entries.keys))
            return try await write(records, catalog: catalog, on: connection)
        }
    }

    /// Parses the CSV in the caller's transaction (an admin's request, scoped to the admin) and writes
    /// it, or, when `dryRun`, only says what it would change.
    public func importCSV(_ text: String, dryRun: Bool, inTransaction connection: PostgresConnection) async throws -> Summary {
        if !dryRun {
            try await AuditActor.set(actor, on: connection)
            try await ImportLock.take(on: connection)
        }
        let catalog = try await UnitCatalog.load(on: connection)
        let records = try UnitRoster.parseCSV(text, knownCodes: Set(catalog.entries.keys))
        if dryRun { return try summary(of: records, catalog: catalog) }
        return try await write(records, catalog: catalog, on: connection)
    }

    /// What writing `records` would change, without writing.
    func summary(of records: [UnitRecord], catalog: UnitCatalog) throws -> Summary {
        try checkNames(records, against: catalog)
        var summary = Summary()
        for var record in records {
            record.aliases.sort()
            if let existing = catalog.entries[record.code] {
                if existing.record == record { summary.unchanged += 1 } else { summary.updated.append(record.code) }
            } else {
                summary.created.append(record.code)
            }
        }
        return summary
    }

    /// Writes parsed records; the caller holds a transaction.
    func write(_ records: [UnitRecord], catalog: UnitCatalog, on connection: PostgresConnection) async throws -> Summary {
        try checkNames(records, against: catalog)
        var summary = Summary()
        var ids: [String: Int64] = catalog.entries.mapValues(\.id)
        // Pass 1: rows without parents, so a file may list a child before its parent.
        for var record in records {
            record.aliases.sort()  // the catalog reads aliases sorted
            if let existing = catalog.entries[record.code] {
                if existing.record == record {
                    summary.unchanged += 1
                    continue
                }
                summary.updated.append(record.code)
                if existing.record.name != record.name || existing.record.kind != record.kind {
                    try await connection.execute("""
                        UPDATE duban.units SET name = \(record.name), kind = \(record.kind.rawValue), updated_at = now()
                         WHERE id = \(existing.id)
                        """)
                }
            } else {
                summary.created.append(record.code)
                let rows = try await connection.query("""
                    INSERT INTO duban.units (code, name, kind) VALUES (\(record.code), \(record.name), \(record.kind.rawValue))
                    RETURNING id
                    """)
                ids[record.code] = try rows[0].decode(Int64.self, at: 0)
            }
        }
        // Pass 2: parents and aliases of what changed.
        let touched = Set(summary.created + summary.updated)
        for record in records where touched.contains(record.code) {
            guard let id = ids[record.code] else { continue }
            let parentID = record.parentCode.flatMap { ids[$0] }
            try await connection.execute("UPDATE duban.units SET parent_id = \(parentID) WHERE id = \(id)")
            try await connection.execute("""
                DELETE FROM duban.unit_aliases WHERE unit_id = \(id) AND NOT (alias = ANY(\(record.aliases)))
                """)
            for alias in record.aliases {
                try await connection.execute("""
                    INSERT INTO duban.unit_aliases (alias, unit_id) VALUES (\(alias), \(id))
                    ON CONFLICT (alias) DO NOTHING
                    """)
            }
        }
        return summary
    }

    /// Names and aliases must stay unambiguous across the file and the units already stored.
    private func checkNames(_ records: [UnitRecord], against catalog: UnitCatalog) throws {
        var owner: [String: String] = [:]
        let incoming = Set(records.map(\.code))
        for entry in catalog.entries.values where !incoming.contains(entry.record.code) {
            owner[entry.record.name] = entry.record.code
            for alias in entry.record.aliases { owner[alias] = entry.record.code }
        }
        for record in records {
            if let other = owner[record.name], other != record.code {
                throw ImportError.nameTaken(record.name, by: other)
            }
            for alias in record.aliases {
                if let other = owner[alias], other != record.code {
                    throw ImportError.aliasTaken(alias, by: other)
                }
            }
        }
    }
}
