import DubanTestSupport
import Postgres
import Testing

@Suite struct PostgresConnectionTransactionTests {
    struct Boom: Error {}

    private func count(_ connection: PostgresConnection) async throws -> Int {
        try await connection.query("SELECT count(*) FROM items")[0].decode(Int.self, at: 0)
    }

    @Test func commitsWhenTheBodyReturns() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE items (name text)")
            let value = try await connection.transaction { connection in
                #expect(connection.transactionStatus == .inTransaction)
                try await connection.execute("INSERT INTO items VALUES (\("a"))")
                return 17
            }
            #expect(value == 17)
            #expect(connection.transactionStatus == .idle)
            #expect(try await count(connection) == 1)
        }
    }

    @Test func rollsBackWhenTheBodyThrows() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE items (name text)")
            await #expect(throws: Boom.self) {
                try await connection.transaction { connection in
                    try await connection.execute("INSERT INTO items VALUES (\("a"))")
                    throw Boom()
                }
            }
            #expect(connection.transactionStatus == .idle)
            #expect(connection.isUsable)
            #expect(try await count(connection) == 0)
        }
    }

    @Test func rollsBackWhenTheTaskIsCancelled() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE items (name text)")
            let task = Task {
                try await connection.transaction { connection in
                    try await connection.execute("INSERT INTO items VALUES (\("a"))")
                    try await connection.query("SELECT pg_sleep(10)")
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            let error = try await #require(throws: PostgresError.self) { try await task.value }
            #expect(error.code == .cancelled)
            #expect(connection.transactionStatus == .idle)
            #expect(try await count(connection) == 0)
        }
    }

    @Test func aCaughtStatementErrorStillPreventsTheCommit() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE items (name text)")
            let error = try await #require(throws: PostgresError.self) {
                try await connection.transaction { connection in
                    try await connection.execute("INSERT INTO items VALUES (\("a"))")
                    _ = try? await connection.query("SELECT 1 / 0")
                }
            }
            #expect(error.sqlState == "25P02")
            #expect(connection.transactionStatus == .idle)
            #expect(try await count(connection) == 0)
        }
    }

    @Test func transactionsDoNotNest() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE items (name text)")
            let error = try await #require(throws: PostgresError.self) {
                try await connection.transaction { connection in
                    try await connection.execute("INSERT INTO items VALUES (\("a"))")
                    try await connection.transaction { _ in }
                }
            }
            #expect(error.code == .transactionMisuse)
            #expect(try await count(connection) == 0)
        }
    }

    @Test(arguments: [
        (PostgresIsolationLevel.readCommitted, "read committed"), (.repeatableRead, "repeatable read"),
        (.serializable, "serializable"),
    ])
    func setsTheIsolationLevel(_ level: PostgresIsolationLevel, _ expected: String) async throws {
        try await TestDatabase.withConnection { connection in
            let actual = try await connection.transaction(isolation: level) { connection in
                try await connection.query("SHOW transaction_isolation")[0][0]
            }
            #expect(actual == expected)
        }
    }

    @Test func serializationFailureIsRecognisable() async throws {
        try await TestDatabase.withDatabase { configuration in
            let logger = TestDatabase.defaultLogger
            let first = try await PostgresConnection.connect(configuration, logger: logger)
            let second = try await PostgresConnection.connect(configuration, logger: logger)
            defer {
                first.close()
                second.close()
            }
            try await first.simpleQuery("CREATE TABLE items (name text)")
            let error = try await #require(throws: PostgresError.self) {
                try await first.transaction(isolation: .serializable) { first in
                    _ = try await self.count(first)
                    try await second.transaction(isolation: .serializable) { second in
                        _ = try await self.count(second)
                        try await second.execute("INSERT INTO items VALUES ('second')")
                    }
                    try await first.execute("INSERT INTO items VALUES ('first')")
                }
            }
            #expect(error.isSerializationFailure)
            #expect(try await count(second) == 1)
        }
    }
}
