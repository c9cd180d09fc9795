import Logging
import Postgres

/// Applies the numbered migrations of `SQL/migrations/` once each, in order, and checks the rest.
///
/// Each migration runs in its own transaction together with its bookkeeping row
/// (`duban.schema_migrations`: version, name, SHA-256, time), so a failure leaves nothing half-applied.
/// A session-level advisory lock makes two `migrate` processes take turns: the second finds the work
/// done and applies nothing.
public struct Migrator: Sendable {
    /// The advisory lock key (the bytes of "duban-mg"), shared by every Duban server.
    static let lockKey: Int64 = 0x6475_6261_6e2d_6d67

    /// The migrations this build knows, in order.
    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// What `migrate` did.
    public struct Outcome: Sendable {
        /// Migrations applied by this call, in order.
        public var applied: [Migration]
        /// How many were already there.
        public var alreadyApplied: Int
    }

    /// How the database compares with this build.
    public struct Status: Sendable {
        public var pending: [Migration]
        public var changed: [Migration]
        public var unknownVersions: [Int]
        /// True when every known migration is applied unchanged and the database has no unknown ones.
        public var isCurrent: Bool { pending.isEmpty && changed.isEmpty && unknownVersions.isEmpty }
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
        return compare(applied: applied)
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
        return Outcome(applied: status.pending, alreadyApplied: migrations.count - status.pending.count)
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
