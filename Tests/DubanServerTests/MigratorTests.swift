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
                        let outcome = try await migrator.migrate(on: connection, logger: Fixtures.logger)
                        return outcome.applied.count * 1000 + outcome.appliedObjects.count
                    }
                }
                var counts: [Int] = []
                for try await count in group { counts.append(count) }
                return counts.sorted()
            }
            // One applied every migration and every object file; the others, waiting for the lock, nothing.
            #expect(outcomes == [0, 0, 0, migrator.migrations.count * 1000 + migrator.objects.count])
        }
    }

    @Test func migrationFilesAreNamedAndNumbered() throws {
        let migrations = try Fixtures.migrator().migrations
        #expect(!migrations.isEmpty)
        #expect(migrations.map(\.version) == migrations.map(\.version).sorted())
        #expect(migrations.allSatisfy { $0.checksum.count == 64 })
    }

    @Test func objectFilesApplyOnceThenAgainWhenChanged() async throws {
        try await TestDatabase.withDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration, logger: Fixtures.logger)
            defer { connection.close() }
            let migrator = try Fixtures.migrator()
            #expect(!migrator.objects.isEmpty)
            let first = try await migrator.migrate(on: connection, logger: Fixtures.logger)
            #expect(first.appliedObjects.map(\.name) == migrator.objects.map(\.name))
            let rows = try await connection.query("SELECT count(*) FROM duban.schema_objects")
            #expect(try rows[0].decode(Int.self, at: 0) == migrator.objects.count)
            #expect(try await migrator.migrate(on: connection, logger: Fixtures.logger).appliedObjects.isEmpty)
            #expect(try await migrator.status(on: connection).isCurrent)

            // An edited object file: not current until migrate applies it again (and only it).
            let edited = migrator.objects.map { object in
                object.name == "duban.current_epoch"
                    ? SchemaObject(name: object.name, sql: object.sql + "\n-- edited\n", checksum: String(repeating: "b", count: 64))
                    : object
            }
            let changed = Migrator(migrations: migrator.migrations, objects: edited)
            let status = try await changed.status(on: connection)
            #expect(!status.isCurrent)
            #expect(status.changedObjects.map(\.name) == ["duban.current_epoch"])
            #expect(status.pendingObjects.isEmpty && status.pending.isEmpty)
            #expect(try await changed.migrate(on: connection, logger: Fixtures.logger).appliedObjects.map(\.name) == ["duban.current_epoch"])
            #expect(try await changed.status(on: connection).isCurrent)
            #expect(try await !migrator.status(on: connection).isCurrent, "the database now has the edited file's checksum")

            // A new object file: pending, then applied.
            let added = Migrator(migrations: migrator.migrations, objects: edited + [SchemaObject(
                name: "duban.test_answer",
                sql: "CREATE OR REPLACE FUNCTION duban.test_answer() RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT 42 $$;",
                checksum: String(repeating: "c", count: 64))])
            #expect(try await added.status(on: connection).pendingObjects.map(\.name) == ["duban.test_answer"])
            #expect(try await added.migrate(on: connection, logger: Fixtures.logger).appliedObjects.map(\.name) == ["duban.test_answer"])
            #expect(try await connection.query("SELECT duban.test_answer()")[0].decode(Int.self, at: 0) == 42)
        }
    }

    @Test func failingObjectFileLeavesNothingBehind() async throws {
        try await TestDatabase.withDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration, logger: Fixtures.logger)
            defer { connection.close() }
            let migrator = try Fixtures.migrator()
            let broken = Migrator(migrations: migrator.migrations, objects: migrator.objects + [SchemaObject(
                name: "duban.zz_broken",
                sql: "CREATE FUNCTION duban.zz_broken() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$; SELECT 1/0;",
                checksum: String(repeating: "d", count: 64))])
            let error = await #expect(throws: MigrationError.self) {
                try await broken.migrate(on: connection, logger: Fixtures.logger)
            }
            #expect(error?.code == "migration.object_failed")
            #expect(try await connection.query("SELECT to_regprocedure('duban.zz_broken()') IS NULL")[0].decode(Bool.self, at: 0))
            #expect(try await connection.query("SELECT count(*) FROM duban.schema_objects WHERE name = 'duban.zz_broken'")[0]
                .decode(Int.self, at: 0) == 0)
            // Everything before it stays applied, and the advisory lock was released.
            let again = try await migrator.migrate(on: connection, logger: Fixtures.logger)
            #expect(again.applied.isEmpty && again.appliedObjects.isEmpty)
            #expect(try await migrator.status(on: connection).isCurrent)
        }
    }

    @Test func objectFilesApplyAfterWhatTheyRequire() throws {
        func object(_ name: String, _ requires: [String]) -> SchemaObject {
            SchemaObject(name: name, requires: requires, sql: "", checksum: "")
        }
        let ordered = try SchemaObject.ordered([object("oversight.b", ["oversight.c"]), object("duban.z", []),
                                                object("oversight.c", ["duban.z"]), object("oversight.a", [])])
        #expect(ordered.map(\.name) == ["duban.z", "oversight.a", "oversight.c", "oversight.b"], "alphabetical when free")
        let cycle = #expect(throws: MigrationError.self) {
            try SchemaObject.ordered([object("duban.a", ["duban.b"]), object("duban.b", ["duban.a"])])
        }
        #expect(cycle?.code == "migration.requirement_cycle")
        let unknown = #expect(throws: MigrationError.self) { try SchemaObject.ordered([object("duban.a", ["duban.nothing"])]) }
        #expect(unknown?.code == "migration.unknown_requirement")
        #expect(SchemaObject(name: "duban.x", sql: "-- requires: duban.a, oversight.b\n-- requires: duban.c\nSELECT 1;",
                             checksum: "").requires == ["duban.a", "oversight.b", "duban.c"])

        // The repository's files: every requirement first.
        let objects = try Fixtures.migrator().objects
        let position = Dictionary(uniqueKeysWithValues: objects.enumerated().map { ($1.name, $0) })
        for object in objects {
            for requirement in object.requires {
                #expect(position[requirement]! < position[object.name]!, "\(requirement) before \(object.name)")
            }
        }
        #expect(position["duban.report_expectations"]! < position["oversight.report_timeliness"]!)
        #expect(position["oversight.report_timeliness"]! < position["oversight.overdue"]!)
    }

    @Test func objectFilesAreNamedAfterTheirObject() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("duban-objects-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("SELECT 1;".utf8).write(to: directory.appendingPathComponent("Duban.Bad-Name.sql"))
        let error = #expect(throws: MigrationError.self) { try SchemaObject.load(directory: directory) }
        #expect(error?.code == "migration.bad_object_file_name")
        let missing = #expect(throws: MigrationError.self) {
            try SchemaObject.load(directory: directory.appendingPathComponent("nothing"))
        }
        #expect(missing?.code == "migration.objects_missing")
        #expect(SchemaObject.directory(besideMigrations: Fixtures.migrationsDirectory).path
                == Fixtures.root.appendingPathComponent("SQL/objects").standardizedFileURL.path)
    }

    /// Every function and view the migrations make has its object file, and each file defines the
    /// object it is named after.
    @Test func everyFunctionAndViewHasItsObjectFile() async throws {
        try await TestDatabase.withDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration, logger: Fixtures.logger)
            defer { connection.close() }
            let migrator = try Fixtures.migrator()
            _ = try await migrator.migrate(on: connection, logger: Fixtures.logger)
            let rows = try await connection.query("""
                SELECT n.nspname || '.' || p.proname, 'FUNCTION' FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname IN ('duban', 'oversight')
                   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
                UNION ALL
                SELECT n.nspname || '.' || c.relname, 'VIEW' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname IN ('duban', 'oversight') AND c.relkind = 'v'
                """)
            let kinds = Dictionary(rows.map { ($0[0] ?? "", $0[1] ?? "") }, uniquingKeysWith: { first, _ in first })
            let files = Set(migrator.objects.map(\.name))
            #expect(Set(kinds.keys) == files,
                    "without a file: \(Set(kinds.keys).subtracting(files).sorted()); without an object: \(files.subtracting(kinds.keys).sorted())")
            for object in migrator.objects {
                let kind = kinds[object.name] ?? "?"
                #expect(object.sql.contains("CREATE OR REPLACE \(kind) \(object.name)"), "\(object.fileName) defines \(object.name)")
            }
        }
    }
}
