import DubanTestSupport
import Postgres
import Testing

@Suite struct PostgresErrorTests {
    @Test func uniqueViolationCarriesSQLStateAndConstraintButNoValues() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE users (email text CONSTRAINT users_email_key UNIQUE)")
            let email = "secret-person@example.com"
            try await connection.execute("INSERT INTO users (email) VALUES (\(email))")
            let error = try await #require(throws: PostgresError.self) {
                try await connection.execute("INSERT INTO users (email) VALUES (\(email))")
            }
            #expect(error.code == .server)
            #expect(error.sqlState == "23505")
            #expect(error.isUniqueViolation)
            #expect(error.constraint == "users_email_key")
            #expect(error.table == "users")
            #expect(error.detail?.contains(email) == true)  // the server's DETAIL echoes the key...
            #expect(error.description.hasPrefix("PostgreSQL error 23505: "))
            #expect(error.description.contains("users_email_key"))
            #expect(!error.description.contains(email))  // ...which description never shows
            #expect(!error.description.contains("DETAIL") && !error.description.contains("already exists"))
            #expect(!"\(error)".contains(email))
            #expect(error.debugDescription.contains("already exists"))
            #expect(connection.isUsable)
        }
    }

    @Test func dataExceptionDescriptionHidesTheQuotedInput() async throws {
        try await TestDatabase.withConnection { connection in
            let secret = "not-a-number-4711"
            let error = try await #require(throws: PostgresError.self) {
                try await connection.query("SELECT \(secret)::int")
            }
            #expect(error.sqlState == "22P02")
            #expect(error.message.contains(secret))
            #expect(!error.description.contains(secret))
            #expect(error.description.contains("invalid input syntax for type integer"))
        }
    }

    @Test func descriptionWithoutSQLStateNamesTheCode() {
        let error = PostgresError(code: .timeout, message: "no connection became free")
        #expect(error.description == "PostgreSQL error (timeout): no connection became free")
        #expect(error.sqlState == nil)
        #expect(PostgresError.Code.timeout != .poolClosed)
    }

    @Test func redactionReplacesEveryQuotedPart() {
        let error = PostgresError(
            code: .server, sqlState: "22P02", message: #"invalid input value for enum mood: "sad", see "x"#)
        #expect(error.description == #"PostgreSQL error 22P02: invalid input value for enum mood: "…", see "…"#)
    }
}
