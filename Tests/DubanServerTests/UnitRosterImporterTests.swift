import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Postgres
import Testing

@Suite struct UnitRosterImporterTests {
    @Test func sampleRosterLoadsOnceThenChangesNothing() async throws {
        try await TestDatabase.withDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration, logger: Fixtures.logger)
            defer { connection.close() }
            _ = try await Fixtures.migrator().migrate(on: connection, logger: Fixtures.logger)
            let first = try await UnitRosterImporter().importCSV(try Fixtures.rosterText(), on: connection)
            #expect(first.created.count == 19)
            let second = try await UnitRosterImporter().importCSV(try Fixtures.rosterText(), on: connection)
            #expect(!second.changed)
            #expect(second.unchanged == 19)
            let parent = try await connection.query("""
                SELECT p.code FROM duban.units u JOIN duban.units p ON p.id = u.parent_id WHERE u.code = 'jd-tianma'
                """)
            #expect(parent.first?[0] == "yf")
            let alias = try await connection.query("""
                SELECT u.code FROM duban.unit_aliases a JOIN duban.units u ON u.id = a.unit_id WHERE a.alias = '财政局'
                """)
            #expect(alias.first?[0] == "czj")
        }
    }

    @Test func changedRowUpdatesAndAliasCollisionIsRefused() async throws {
        try await Fixtures.withLoadedDatabase { connection in
            let renamed = "code,name,kind,parent_code,aliases\nzfj,区综合执法局,bureau,yf,执法局|区城管执法局|综合执法局\n"
            let summary = try await UnitRosterImporter().importCSV(renamed, on: connection)
            #expect(summary.updated == ["zfj"])
            let aliases = try await connection.query("""
                SELECT a.alias FROM duban.unit_aliases a JOIN duban.units u ON u.id = a.unit_id WHERE u.code = 'zfj' ORDER BY 1
                """)
            #expect(aliases.count == 3)

            let clash = "code,name,kind,parent_code,aliases\nnew-unit,区新单位,bureau,yf,财政局\n"
            let error = await #expect(throws: ImportError.self) {
                try await UnitRosterImporter().importCSV(clash, on: connection)
            }
            #expect(error?.code == "import.alias_taken")
            let count = try await connection.query("SELECT count(*) FROM duban.units WHERE code = 'new-unit'")
            #expect(try count[0].decode(Int.self, at: 0) == 0)
        }
    }
}
