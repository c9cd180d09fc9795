import DubanTestSupport
import Foundation
import Postgres
import Testing

/// Parameterised statements are prepared once per connection, then only bound and run.
@Suite struct PostgresPreparedStatementTests {
    @Test func aStatementIsPreparedOnceAndReused() async throws {
        try await TestDatabase.withConnection { connection in
            for value in 1...5 {
                let rows = try await connection.query("SELECT \(Int64(value)) + 1 AS next")
                #expect(try rows[0].decode(Int64.self, at: 0) == Int64(value) + 1)
            }
            let prepared = try await connection.query("""
                SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE \("%+ 1 AS next%")
                """)
            #expect(try prepared[0].decode(Int.self, at: 0) == 1, "five runs, one preparation")
            // The same text with a NULL where a number was: its own statement, not a mistyped reuse.
            let none: Int64? = nil
            #expect(try await connection.query("SELECT \(none)::bigint + 1 AS next")[0].decodeIfPresent(Int64.self, at: 0) == nil)
        }
    }

    @Test func errorsAreTheServersOwnWhetherPreparingOrRunning() async throws {
        try await TestDatabase.withConnection { connection in
            let syntax = try await #require(throws: PostgresError.self) {
                try await connection.query("SELEC \(Int64(1))")
            }
            #expect(syntax.sqlState == "42601" && syntax.code == .server)
            let twice = try await #require(throws: PostgresError.self) {
                try await connection.query("SELECT \(Int64(1)); SELECT 2")
            }
            #expect(twice.sqlState == "42601", "still one statement per query")
            try await connection.simpleQuery("CREATE TABLE t (v int PRIMARY KEY)")
            _ = try await connection.execute("INSERT INTO t VALUES (\(Int64(1)))")
            let duplicate = try await #require(throws: PostgresError.self) {
                try await connection.execute("INSERT INTO t VALUES (\(Int64(1)))")
            }
            #expect(duplicate.sqlState == "23505" && duplicate.constraint == "t_pkey", "an error while running a prepared statement")
            // In an aborted transaction a statement not yet prepared reports 25P02, and the connection recovers.
            let aborted = try await #require(throws: PostgresError.self) {
                try await connection.transaction { connection in
                    _ = try? await connection.execute("INSERT INTO t VALUES (\(Int64(1)))")
                    _ = try await connection.query("SELECT \(Int64(2)) * 3 AS never_prepared_before")
                }
            }
            #expect(aborted.sqlState == "25P02")
            #expect(try await connection.query("SELECT \(Int64(2)) * 3 AS never_prepared_before")[0].decode(Int64.self, at: 0) == 6)
        }
    }
}
