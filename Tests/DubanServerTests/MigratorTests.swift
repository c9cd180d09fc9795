import DubanServer
import Foundation
import Postgres
import DubanTestSupport
import Testing

@Suite struct MigratorTests {
    @Test func appliesOnceThenNothing() async throws {
        try await TestDatabase.withDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration, logger: Fixtures.logger)
            defer { connection.close() }
            let migrator = try Fixtures.migrator()
            #expect(try await migrator.status(on: connection).pending.count == migrator.migrations.count)
            let first = try await migrator.migrate(on: connection, logger: Fixtures.logger)
            #expect(first.applied.count == migrator.migrations.count)
            let second = try await migrator.migrate(on: connection, logger: Fixtures.logger)
            #expect(second.applied.isEmpty)
            #expect(second.alreadyApplied == migrator.migrations.count)
            #expect(try await migrator.status(on: connection).isCurrent)
            let rows = try await connection.query("SELECT count(*) FROM duban.schema_migrations")
            #expect(try rows[0].decode(Int.self, at: 0) == migrator.migrations.count)
        }
    }

    @Test func changedAppliedFileIsAnError() async throws {
        try await TestDatabase.withDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration, logger: Fixtures.logger)
            defer { connection.close() }
            let migrator = try Fixtures.migrator()
            _ = try await migrator.migrate(on: connection, logger: Fixtures.logger)
            var edited = migrator.migrations
            edited[0].sql += "\n-- edited"
            edited[0].checksum = String(repeating: "0", count: 64)
            let tampered = Migrator(migrations: edited)
            let error = await #expect(throws: MigrationError.self) {
                try await tampered.migrate(on: connection, logger: Fixtures.logger)
            }
            #expect(error?.code == "migration.checksum_mismatch")
            #expect(try await tampered.status(on: connection).changed.map(\.version) == [edited[0].version])
        }
    }

    @Test func failingMigrationLeavesNothingBehind() async throws {
        try await TestDatabase.withDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration, logger: Fixtures.logger)
            defer { connection.close() }
            var migrations = try Fixtures.migrator().migrations
            migrations.append(Migration(version: 9999, name: "broken",
                                        sql: "CREATE TABLE duban.half_done (id int); SELECT 1/0;",
                                        checksum: String(repeating: "a", count: 64)))
            let error = await #expect(throws: MigrationError.self) {
                try await Migrator(migrations: migrations).migrate(on: connection, logger: Fixtures.logger)
            }
            #expect(error?.code == "migration.failed")
            let leftover = try await connection.query("SELECT to_regclass('duban.half_done') IS NULL")
            #expect(try leftover[0].decode(Bool.self, at: 0))
            // The good ones before it stay applied, and the advisory lock was released.
            let again = try await Fixtures.migrator().migrate(on: connection, logger: Fixtures.logger)
            #expect(again.applied.isEmpty)
        }
    }

    @Test func concurrentMigratorsTakeTurns() async throws {
        try await TestDatabase.withDatabase { configuration in
            let migrator = try Fixtures.migrator()
            let outcomes = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let connection = try await PostgresConnection.connect(configuration, logger: Fixtures.logger)
                        defer { connection.close() }
                        return try await migrator.migrate(on: connection, logger: Fixtures.logger).applied.count
                    }
                }
                var counts: [Int] = []
                for try await count in group { counts.append(count) }
                return counts.sorted()
            }
            #expect(outcomes == [0, 0, 0, migrator.migrations.count])
        }
    }

    @Test func migrationFilesAreNamedAndNumbered() throws {
        let migrations = try Fixtures.migrator().migrations
        #expect(!migrations.isEmpty)
        #expect(migrations.map(\.version) == migrations.map(\.version).sorted())
        #expect(migrations.allSatisfy { $0.checksum.count == 64 })
    }
}
