import DubanServer
import DubanTestSupport
import Foundation
import Postgres
import Testing

/// The schema a fresh `migrate` makes (every numbered migration, then every object file) is the one
/// checked in as `SQL/schema.snapshot.sql`, so a schema change is a reviewed diff of that file.
///
/// After a deliberate change, regenerate the snapshot and review its diff:
///
///     Tools/schema-snapshot
///
/// (that is `DUBAN_UPDATE_SCHEMA_SNAPSHOT=1 Tools/test --filter SchemaSnapshotTests`: with the variable
/// set, the test writes the file instead of comparing; never under `CI=true`).
@Suite struct SchemaSnapshotTests {
    static func header(pgDumpMajor: String) -> String {
        """
        -- The schema a fresh `duban-server migrate` makes (SQL/migrations, then SQL/objects): the duban and
        -- oversight schemas as `pg_dump --schema-only --no-owner` of PostgreSQL \(pgDumpMajor) prints them, without its
        -- version lines and \\restrict keys. Generated; do not edit. SchemaSnapshotTests fails when a migration
        -- or object file changes the schema and this file was not regenerated. Regenerate it with
        -- Tools/schema-snapshot (DUBAN_UPDATE_SCHEMA_SNAPSHOT=1 Tools/test --filter SchemaSnapshotTests)
        -- and review the diff with the change.

        """
    }

    /// A freshly migrated database's schema, with the snapshot's header.
    static func migratedSnapshot(_ migrator: Migrator) async throws -> String {
        try await TestDatabase.withDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration, logger: Fixtures.logger)
            defer { connection.close() }
            _ = try await migrator.migrate(on: connection, logger: Fixtures.logger)
            return header(pgDumpMajor: try await SchemaDump.pgDumpMajorVersion()) + (try await SchemaDump.schema(configuration))
        }
    }

    @Test func aFreshMigrateMatchesTheCheckedInSnapshot() async throws {
        let actual = try await Self.migratedSnapshot(try Fixtures.migrator())
        let environment = ProcessInfo.processInfo.environment
        if environment["DUBAN_UPDATE_SCHEMA_SNAPSHOT"] == "1" {
            #expect(environment["CI"] != "true", "the snapshot is regenerated locally and reviewed, never by CI")
            if environment["CI"] != "true" { try Data(actual.utf8).write(to: SchemaDump.snapshotFile) }
            return
        }
        let expected = (try? String(contentsOf: SchemaDump.snapshotFile, encoding: .utf8)) ?? ""
        if expected != actual {
            let diff = await SchemaDump.difference(expected: expected, actual: actual)
            Issue.record("""
                the migrated schema differs from SQL/schema.snapshot.sql; if the change is meant, run \
                Tools/schema-snapshot and commit the diff with it:
                \(diff)
                """)
        }
    }

    /// The comparison sees a change made only in an object file (here: a view's comment).
    @Test func anObjectFileChangeChangesTheSnapshot() async throws {
        let migrator = try Fixtures.migrator()
        let edited = migrator.objects.map { object in
            guard object.name == "oversight.units" else { return object }
            return SchemaObject(name: object.name, sql: object.sql + "\nCOMMENT ON VIEW oversight.units IS 'edited';\n",
                                checksum: String(repeating: "e", count: 64))
        }
        let actual = try await Self.migratedSnapshot(Migrator(migrations: migrator.migrations, objects: edited))
        let expected = (try? String(contentsOf: SchemaDump.snapshotFile, encoding: .utf8)) ?? ""
        #expect(actual != expected)
        #expect(actual.contains("COMMENT ON VIEW oversight.units IS 'edited';"))
    }

    @Test func normalisingDropsVersionLinesAndRestrictKeys() {
        let dump = "--\n\\restrict abc\n\n-- Dumped from database version 15.18\n-- Dumped by pg_dump version 15.18\n\n\nCREATE SCHEMA duban;  \n\n\\unrestrict abc\n\n"
        #expect(SchemaDump.normalised(dump) == "--\n\nCREATE SCHEMA duban;\n")
    }
}
