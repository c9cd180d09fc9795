import Foundation
import Logging
import Postgres

/// Applies the numbered migrations of `SQL/migrations/` once each, in order, then the function and view
/// files of `SQL/objects/` whenever they changed, and checks the rest.
///
/// Each migration runs in its own transaction together with its bookkeeping row
/// (`duban.schema_migrations`: version, name, SHA-256, time), so a failure leaves nothing half-applied.
/// Then each object file (``SchemaObject``) that is new or whose SHA-256 differs from its row in
/// `duban.schema_objects` (name, SHA-256, time) runs in its own transaction with that row, in the
/// objects' order. A session-level advisory lock makes two `migrate` processes take turns: the second
/// finds the work done and applies nothing.
public struct Migrator: Sendable {
    /// The advisory lock key (the bytes of "duban-mg"), shared by every Duban server.
    static let lockKey: Int64 = 0x6475_6261_6e2d_6d67

    /// The migrations this build knows, in order.
    public let migrations: [Migration]
    /// The function and view files this build knows, in the order they apply.
    public let objects: [SchemaObject]

    /// A migrator for these migrations (sorted by version) and object files (applied in the given
    /// order: ``SchemaObject/load(directory:)`` returns them ordered).
    public init(migrations: [Migration], objects: [SchemaObject] = []) {
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.objects = objects
    }

    /// The migrations of a folder (`SQL/migrations`) and the object files of its sibling `objects`
    /// folder (`SQL/objects`), which must exist.
    public static func load(migrationsDirectory: URL) throws -> Migrator {
        Migrator(migrations: try Migration.load(directory: migrationsDirectory),
                 objects: try SchemaObject.load(directory: SchemaObject.directory(besideMigrations: migrationsDirectory)))
    }

    /// What `migrate` did.
    public struct Outcome: Sendable {
        /// Migrations applied by this call, in order.
        public var applied: [Migration]
        /// How many were already there.
        public var alreadyApplied: Int
        /// Object files applied by this call (new or changed), in order.
        public var appliedObjects: [SchemaObject] = []
    }

    /// How the database compares with this build.
    public struct Status: Sendable {
        public var pending: [Migration]
        public var changed: [Migration]
        public var unknownVersions: [Int]
        /// Object files never applied to this database.
        public var pendingObjects: [SchemaObject] = []
        /// Object files applied with other contents than this build's (they are applied again by `migrate`).
        public var changedObjects: [SchemaObject] = []
        /// True when every known migration is applied unchanged, the database has no unknown ones, and
        /// every object file is applied as it is.
        public var isCurrent: Bool {
            pending.isEmpty && changed.isEmpty && unknownVersions.isEmpty && pendingObjects.isEmpty && changedObjects.isEmpty
        }
    }

    /// Applies what is pending. Fails before applying anything if an applied file was changed.
    public func migrate(on connection: PostgresConnection, logger: Logger) async throws -> Outcome {
        try await connection.execute("SELECT pg_advisory_lock(\(Self.lockKey))")
        do {
            let outcome = try await migrateLocked(on: connection, logger: logger)
            try await connection.execute("SELECT pg_advisory_unlock(\(Self.lockKey))")
            return outcome
        } catch {
            // The lock belongs to the session; release it even when a migration failed.
            if connection.transactionStatus != .idle { try? await connection.simpleQuery("ROLLBACK") }
            _ = try? await connection.execute("SELECT pg_advisory_unlock(\(Self.lockKey))")
            throw error
        }
    }

    /// Compares the database with this build without changing anything.
    public func status(on connection: PostgresConnection) async throws -> Status {
        let applied = try await appliedChecksums(on: connection)
        var status = compare(applied: applied)
        compareObjects(applied: try await appliedObjectChecksums(on: connection), into: &status)
        return status
    }

    private func migrateLocked(on connection: PostgresConnection, logger: Logger) async throws -> Outcome {
        try await connection.simpleQuery("""
            CREATE SCHEMA IF NOT EXISTS duban;
            CREATE TABLE IF NOT EXISTS duban.schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """)
        let status = compare(applied: try await appliedChecksums(on: connection))
        if let changed = status.changed.first {
            throw MigrationError.checksumMismatch(changed.version, changed.name)
        }
        if !status.unknownVersions.isEmpty {
            throw MigrationError.unknownApplied(status.unknownVersions)
        }
        for migration in status.pending {
            logger.info("applying migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
            do {
                try await connection.simpleQuery("BEGIN")
                try await connection.simpleQuery(migration.sql)
                try await connection.execute("""
                    INSERT INTO duban.schema_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                    """)
                try await connection.simpleQuery("COMMIT")
            } catch {
                try? await connection.simpleQuery("ROLLBACK")
                let reason = (error as? PostgresError).map { "\($0)" } ?? "\(error)"
                throw MigrationError.failed(migration.version, migration.name, reason)
            }
        }
        let appliedObjects = try await applyObjects(on: connection, logger: logger)
        return Outcome(applied: status.pending, alreadyApplied: migrations.count - status.pending.count,
                       appliedObjects: appliedObjects)
    }

    /// Applies the object files that are new or changed, each in a transaction with its bookkeeping row.
    private func applyObjects(on connection: PostgresConnection, logger: Logger) async throws -> [SchemaObject] {
        // The server's role reads the bookkeeping for /readyz, as it reads duban.schema_migrations.
        try await connection.simpleQuery("""
            CREATE TABLE IF NOT EXISTS duban.schema_objects (
                name       text PRIMARY KEY,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            DO $$ BEGIN
                IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'duban_app') THEN
                    GRANT SELECT ON duban.schema_objects TO duban_app;
                END IF;
            END $$;
            """)
        var status = Status(pending: [], changed: [], unknownVersions: [])
        compareObjects(applied: try await appliedObjectChecksums(on: connection), into: &status)
        let due = Set(status.pendingObjects + status.changedObjects)
        var applied: [SchemaObject] = []
        for object in objects where due.contains(object) {
            logger.info("applying object file", metadata: ["name": "\(object.name)"])
            do {
                try await connection.simpleQuery("BEGIN")
                try await connection.simpleQuery(object.sql)
                try await connection.execute("""
                    INSERT INTO duban.schema_objects (name, checksum) VALUES (\(object.name), \(object.checksum))
                    ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()
                    """)
                try await connection.simpleQuery("COMMIT")
            } catch {
                try? await connection.simpleQuery("ROLLBACK")
                let reason = (error as? PostgresError).map { "\($0)" } ?? "\(error)"
                throw MigrationError.objectFailed(object.name, reason)
            }
            applied.append(object)
        }
        return applied
    }

    private func appliedObjectChecksums(on connection: PostgresConnection) async throws -> [String: String] {
        let exists = try await connection.query("SELECT to_regclass('duban.schema_objects') IS NOT NULL")
        guard try exists.first?.decode(Bool.self, at: 0) == true else { return [:] }
        var applied: [String: String] = [:]
        for row in try await connection.query("SELECT name, checksum FROM duban.schema_objects") {
            applied[try row.decode(String.self, at: 0)] = try row.decode(String.self, at: 1)
        }
        return applied
    }

    /// Rows of objects this build has no file for are left alone: a migration that drops an object
    /// deletes its row too.
    private func compareObjects(applied: [String: String], into status: inout Status) {
        for object in objects {
            switch applied[object.name] {
            case nil: status.pendingObjects.append(object)
            case object.checksum: break
            default: status.changedObjects.append(object)
            }
        }
    }

    private func appliedChecksums(on connection: PostgresConnection) async throws -> [Int: String] {
        let exists = try await connection.query("SELECT to_regclass('duban.schema_migrations') IS NOT NULL")
        guard try exists.first?.decode(Bool.self, at: 0) == true else { return [:] }
        var applied: [Int: String] = [:]
        for row in try await connection.query("SELECT version, checksum FROM duban.schema_migrations") {
            applied[try row.decode(Int.self, at: 0)] = try row.decode(String.self, at: 1)
        }
        return applied
    }

    private func compare(applied: [Int: String]) -> Status {
        var status = Status(pending: [], changed: [], unknownVersions: [])
        for migration in migrations {
            switch applied[migration.version] {
            case nil: status.pending.append(migration)
            case migration.checksum: break
            default: status.changed.append(migration)
            }
        }
        let known = Set(migrations.map(\.version))
        status.unknownVersions = applied.keys.filter { !known.contains($0) }.sorted()
        return status
    }
}
