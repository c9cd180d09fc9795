import DubanTestSupport
import Logging
import Postgres
import Testing

/// `sendWithNext`: statements queued to travel with the next one (libpq pipeline mode), as a
/// transaction's BEGIN and the server's scope do.
@Suite struct PostgresPipelineTests {
    let logger = Logger(label: "test.pipeline")

    private func count(_ connection: PostgresConnection, _ table: String = "items") async throws -> Int {
        try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"))[0].decode(Int.self, at: 0)
    }

    @Test func queuedStatementsRunFirstInOrderWithAndWithoutParameters() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE items (n int, name text)")
            for round in 1...3 {  // the second and third rounds reuse the prepared statements
                connection.sendWithNext("INSERT INTO items VALUES (\(Int64(round)), \("first"))")
                connection.sendWithNext("UPDATE items SET name = 'second' WHERE n = \(Int64(round))")
                #expect(connection.transactionStatus == .inTransaction, "queued statements hold the connection")
                let rows = try await connection.query("SELECT name FROM items WHERE n = \(Int64(round))")
                #expect(try rows[0].decode(String.self, at: 0) == "second")
                #expect(connection.transactionStatus == .idle, "each statement committed on its own")
            }
            #expect(try await count(connection) == 3)
        }
    }

    @Test func aFailingQueuedStatementStopsTheRestAndIsTheErrorThrown() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE items (n int)")
            connection.sendWithNext("SELECT 1 / \(Int64(0))")
            connection.sendWithNext("INSERT INTO items VALUES (1)")
            let error = try await #require(throws: PostgresError.self) {
                try await connection.execute("INSERT INTO items VALUES (\(Int64(2)))")
            }
            #expect(error.sqlState == "22012")
            #expect(connection.isUsable && connection.transactionStatus == .idle)
            #expect(try await count(connection) == 0, "neither the queued INSERT nor the statement ran")
        }
    }

    @Test func aStatementThatCannotBePreparedSendsNothingQueued() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE items (n int)")
            connection.sendWithNext("INSERT INTO items VALUES (\(Int64(1)))")
            let error = try await #require(throws: PostgresError.self) {
                try await connection.query("SELEC \(Int64(1))")
            }
            #expect(error.sqlState == "42601")
            #expect(try await count(connection) == 0)
            #expect(connection.transactionStatus == .idle)
        }
    }

    @Test func aTransactionSendsBeginWithItsFirstStatementAndNothingWhenEmpty() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE items (n int)")
            try await connection.transaction { connection in
                #expect(connection.transactionStatus == .inTransaction, "before any statement")
                try await connection.execute("INSERT INTO items VALUES (\(Int64(1)))")
                let xids = try await connection.query("SELECT pg_current_xact_id()::text")
                let again = try await connection.query("SELECT pg_current_xact_id()::text")
                #expect(try xids[0].decode(String.self, at: 0) == again[0].decode(String.self, at: 0), "one transaction")
            }
            #expect(try await count(connection) == 1)
            // A transaction whose body runs nothing leaves no BEGIN behind for the next statement.
            try await connection.transaction(isolation: .serializable) { _ in }
            #expect(connection.transactionStatus == .idle)
            try await connection.execute("INSERT INTO items VALUES (\(Int64(2)))")
            #expect(connection.transactionStatus == .idle, "the INSERT committed by itself")
            // The transaction's isolation level reaches the server with the first statement.
            let level = try await connection.transaction(isolation: .repeatableRead) { connection in
                try await connection.query("SELECT current_setting('transaction_isolation')")[0].decode(String.self, at: 0)
            }
            #expect(level == "repeatable read")
        }
    }

    @Test func aRolledBackBodyDropsTheQueueAndThePoolNeverLendsIt() async throws {
        try await TestDatabase.withDatabase { configuration in
            let pool = PostgresConnectionPool(configuration: configuration, maxConnections: 1, logger: logger)
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await pool.transaction { connection in
                    connection.sendWithNext("SELECT set_config('duban_test.who', \("first borrower"), false)")
                    throw Boom()
                }
            }
            try await pool.withConnection { connection in
                connection.sendWithNext("SELECT set_config('duban_test.who', \("leaked"), false)")
            }
            let who = try await pool.withConnection { connection in
                try await connection.query("SELECT current_setting('duban_test.who', true)")[0].decodeIfPresent(String.self, at: 0)
            }
            #expect(who == nil || who == "", "no queued statement of an earlier borrower ever ran")
            await pool.close()
        }
    }
}
