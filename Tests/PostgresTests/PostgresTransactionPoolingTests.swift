import DubanTestSupport
import Foundation
import Postgres
import Testing

/// Behind a transaction pooler (pgbouncer, `pool_mode = transaction`) consecutive transactions may
/// run on different backends: a connection made for one prepares nothing by name and sets nothing
/// for the session, and refuses to start when the role's defaults would give other text formats.
@Suite struct PostgresTransactionPoolingTests {
    @Test func nothingIsPreparedByNameAndResultsAreTheSame() async throws {
        try await TestDatabase.withDatabase { configuration in
            var pooled = configuration
            pooled.transactionPooling = true
            let connection = try await PostgresConnection.connect(pooled, logger: TestDatabase.defaultLogger)
            defer { connection.close() }
            for value in 1...3 {
                let rows = try await connection.query("SELECT \(Int64(value)) + 1, \(Date(timeIntervalSince1970: 0))::timestamptz")
                #expect(try rows[0].decode(Int64.self, at: 0) == Int64(value) + 1)
                #expect(try rows[0].decode(Date.self, at: 1) == Date(timeIntervalSince1970: 0))
            }
            try await connection.transaction { connection in
                connection.sendWithNext("SELECT set_config('duban.scope', \("x"), true)")
                _ = try await connection.query("SELECT \(Int64(1)) + 1")
            }
            let prepared = try await connection.query("SELECT count(*) FROM pg_prepared_statements")
            #expect(try prepared[0].decode(Int.self, at: 0) == 0, "no named statement a pooler could lose")

            let direct = try await PostgresConnection.connect(configuration, logger: TestDatabase.defaultLogger)
            defer { direct.close() }
            _ = try await direct.query("SELECT \(Int64(1)) + 1")
            #expect(try await direct.query("SELECT count(*) FROM pg_prepared_statements")[0].decode(Int.self, at: 0) == 1,
                    "a direct connection still prepares once (the pooled one's zero is not a broken count)")
        }
    }

    @Test func aRoleWhoseDefaultsDifferIsRefusedWithTheStatementsToRun() async throws {
        try await TestDatabase.withDatabase { configuration in
            let superuser = try await PostgresConnection.connect(TestDatabase.superuser(configuration), logger: TestDatabase.defaultLogger)
            defer { superuser.close() }
            let role = "pooled_\(UUID().uuidString.prefix(8).lowercased())"
            try await superuser.execute(PostgresQuery(unsafeSQL: "CREATE ROLE \(role) LOGIN"))
            defer { Task { try? await superuser.execute(PostgresQuery(unsafeSQL: "DROP ROLE IF EXISTS \(role)")) } }
            try await superuser.execute(PostgresQuery(unsafeSQL: "ALTER ROLE \(role) SET TimeZone = 'Asia/Shanghai'"))
            try await superuser.execute(PostgresQuery(unsafeSQL: "ALTER ROLE \(role) SET bytea_output = 'escape'"))
            var pooled = configuration.with("user", role)
            pooled.transactionPooling = true
            let refused = try await #require(throws: PostgresError.self) {
                try await PostgresConnection.connect(pooled, logger: TestDatabase.defaultLogger)
            }
            #expect(refused.code == .connectionFailed)
            #expect(refused.message.contains("TimeZone, bytea_output"), "\(refused.message)")
            #expect(refused.message.contains("ALTER ROLE \(role) SET TimeZone = 'UTC'"), "\(refused.message)")
            // The same role without a pooler: the session settings are simply set.
            var direct = pooled
            direct.transactionPooling = false
            let connection = try await PostgresConnection.connect(direct, logger: TestDatabase.defaultLogger)
            #expect(try await connection.query("SELECT current_setting('TimeZone')")[0].decode(String.self, at: 0) == "UTC")
            connection.close()
        }
    }
}
