import DubanTestSupport
import Foundation
import Logging
import Postgres
import Testing

@Suite struct PostgresConnectionTests {
    let logger = TestDatabase.defaultLogger

    @Test func sqlLookingValueIsStoredVerbatim() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE x (v text); CREATE TABLE y (v text)")
            let hostile = "'; DROP TABLE x; --"
            let inserted = try await connection.execute("INSERT INTO x (v) VALUES (\(hostile))")
            #expect(inserted == 1)
            let rows = try await connection.query("SELECT v FROM x WHERE v = \(hostile)")
            #expect(try rows.map { try $0.decode(String.self, at: 0) } == [hostile])
            let tables = try await connection.query("SELECT count(*) FROM pg_tables WHERE tablename IN ('x', 'y')")
            #expect(try tables[0].decode(Int.self, at: 0) == 2)
        }
    }

    @Test func twoStatementsInOneQueryAreRefused() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE x (v int)")
            let error = try await #require(throws: PostgresError.self) {
                try await connection.query("SELECT 1; DROP TABLE x")
            }
            #expect(error.sqlState == "42601")
            #expect(try await connection.query("SELECT count(*) FROM x")[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test func simpleQueryRunsSeveralStatementsAndStopsAtTheFirstError() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery(
                """
                CREATE TABLE a (v int);
                INSERT INTO a VALUES (1), (2);
                CREATE INDEX a_v ON a (v);
                """)
            #expect(try await connection.query("SELECT sum(v) FROM a")[0].decode(Int.self, at: 0) == 3)
            let error = try await #require(throws: PostgresError.self) {
                try await connection.simpleQuery("INSERT INTO a VALUES (3); SELECT nope; INSERT INTO a VALUES (4)")
            }
            #expect(error.sqlState == "42703")
            // One implicit transaction: the first INSERT was rolled back too.
            #expect(try await connection.query("SELECT count(*) FROM a")[0].decode(Int.self, at: 0) == 2)
        }
    }

    @Test func rowsExposeColumnsCountsAndCommandTag() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE t (id int, name text)")
            let inserted = try await connection.query("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, NULL)")
            #expect(inserted.affectedRows == 3)
            #expect(inserted.commandTag == "INSERT 0 3")
            #expect(inserted.isEmpty)
            let rows = try await connection.query("SELECT id, name FROM t ORDER BY id")
            #expect(rows.columns == ["id", "name"])
            #expect(rows.count == 3)
            #expect(rows.affectedRows == 3)
            #expect(rows.map { $0["name"] } == ["a", "b", nil])
            #expect(try rows.last?.decode(Int.self, column: "id") == 3)
            #expect(try await connection.execute("UPDATE t SET name = 'z' WHERE id > \(1)") == 2)
            #expect(try await connection.execute("DELETE FROM t WHERE id = \(99)") == 0)
        }
    }

    @Test func sessionIsUTCAndSettingsReachTheServer() async throws {
        try await TestDatabase.withDatabase { configuration in
            let connection = try await PostgresConnection.connect(
                configuration.with("application_name", "duban-connection-test"), logger: logger)
            defer { connection.close() }
            let row = try await connection.query(
                "SELECT current_setting('TimeZone'), current_setting('application_name'), current_setting('client_encoding')")[0]
            #expect(row[0] == "UTC")
            #expect(row[1] == "duban-connection-test")
            #expect(row[2] == "UTF8")
            #expect(connection.serverVersion >= 100_000)
            #expect(connection.isUsable)
            #expect(connection.transactionStatus == .idle)
            let pid = try await connection.query("SELECT pg_backend_pid()")[0].decode(Int.self, at: 0)
            #expect(connection.backendProcessID == pid)
        }
    }

    @Test func databaseNameMayBeAConninfoStringWhenExpanded() async throws {
        try await TestDatabase.withDatabase { configuration in
            let dbname = try #require(configuration.parameters["dbname"])
            var expanded = PostgresConfiguration(
                parameters: ["dbname": "dbname=\(dbname) application_name=expanded"], expandDatabaseName: true)
            expanded = expanded.with("connect_timeout", "5")
            let connection = try await PostgresConnection.connect(expanded, logger: logger)
            defer { connection.close() }
            let row = try await connection.query("SELECT current_database(), current_setting('application_name')")[0]
            #expect(row[0] == dbname)
            #expect(row[1] == "expanded")
        }
    }

    @Test func cancellingTheTaskCancelsTheRunningStatement() async throws {
        try await TestDatabase.withConnection { connection in
            let started = ContinuousClock.now
            let sleeper = Task { try await connection.query("SELECT pg_sleep(60)") }
            try await Task.sleep(for: .milliseconds(100))
            sleeper.cancel()
            let error = try await #require(throws: PostgresError.self) { try await sleeper.value }
            #expect(error.code == .cancelled)
            #expect(error.sqlState == "57014")
            // 57014 already proves the server cancelled it; the bound only says "well before pg_sleep(60) ends"
            // (generous: every suite runs at once on two cores).
            #expect(ContinuousClock.now - started < .seconds(45))
            #expect(connection.isUsable)
            #expect(try await connection.query("SELECT 42")[0].decode(Int.self, at: 0) == 42)
        }
    }

    @Test func aStatementOfAnAlreadyCancelledTaskIsNeverSent() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE marks (v int)")
            let task = Task {
                while !Task.isCancelled { await Task.yield() }
                return try await connection.execute("INSERT INTO marks VALUES (1)")
            }
            task.cancel()
            let error = try await #require(throws: PostgresError.self) { try await task.value }
            #expect(error.code == .cancelled)
            #expect(try await connection.query("SELECT count(*) FROM marks")[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test func aLateCancelDoesNotHitTheNextStatement() async throws {
        try await TestDatabase.withConnection { connection in
            for _ in 0..<20 {
                let task = Task { try await connection.query("SELECT pg_sleep(0.01)") }
                try await Task.sleep(for: .milliseconds(12))
                task.cancel()
                _ = try? await task.value
                let rows = try await connection.query("SELECT pg_sleep(0.2), 1")
                #expect(try rows[0].decode(Int.self, at: 1) == 1)
            }
        }
    }

    @Test(arguments: [
        ["host": "127.0.0.1", "port": "1"],
        ["host": "/nonexistent/socket/dir", "port": "5432"],
    ])
    func unreachableServerFailsToConnectWithAReadableMessage(_ parameters: [String: String]) async throws {
        let configuration = PostgresConfiguration(parameters: parameters.merging(["connect_timeout": "3"]) { a, _ in a })
        let error = try await #require(throws: PostgresError.self) {
            try await PostgresConnection.connect(configuration, logger: logger)
        }
        #expect(error.code == .connectionFailed)
        #expect(error.message.contains(parameters["host"]!))
        #expect(!error.message.contains("\n"))
        #expect(error.description.hasPrefix("PostgreSQL error (connectionFailed): "))
    }

    @Test func unknownDatabaseFailsToConnect() async throws {
        let error = try await #require(throws: PostgresError.self) {
            try await PostgresConnection.connect(.environment.with("dbname", "t_does_not_exist"), logger: logger)
        }
        #expect(error.code == .connectionFailed)
        #expect(error.message.contains("t_does_not_exist"))
    }

    @Test func noticesReachTheLogger() async throws {
        let logs = LogCapture()
        try await TestDatabase.withDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration, logger: logs.logger())
            defer { connection.close() }
            try await connection.query("DO $$ BEGIN RAISE NOTICE 'hello'; RAISE WARNING 'careful'; END $$")
        }
        let notice = try #require(logs.entries.first { $0.message == "hello" })
        #expect(notice.level == .notice)
        #expect(notice.metadata["postgres.severity"] == "NOTICE")
        #expect(notice.metadata["postgres.sqlstate"] == "00000")
        #expect(logs.entries.contains { $0.message == "careful" && $0.level == .warning })
    }

    @Test func closeIsIdempotentAndLaterUseFails() async throws {
        try await TestDatabase.withConnection { connection in
            connection.close()
            connection.close()
            #expect(!connection.isUsable)
            #expect(connection.transactionStatus == .unknown)
            let error = try await #require(throws: PostgresError.self) { try await connection.query("SELECT 1") }
            #expect(error.code == .connectionClosed)
        }
    }

    @Test func terminatedBackendGivesConnectionLost() async throws {
        try await TestDatabase.withDatabase { configuration in
            let victim = try await PostgresConnection.connect(configuration, logger: logger)
            let killer = try await PostgresConnection.connect(configuration, logger: logger)
            defer {
                victim.close()
                killer.close()
            }
            try await killer.query("SELECT pg_terminate_backend(\(victim.backendProcessID)::int, 5000)")
            let error = try await #require(throws: PostgresError.self) { try await victim.query("SELECT 1") }
            #expect(error.code == .connectionLost)
            #expect(!victim.isUsable)
        }
    }

    @Test func copyIsRefusedAndTheConnectionStaysUsable() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE c (v int)")
            for statement in ["COPY c FROM STDIN", "COPY (SELECT generate_series(1, 1000)) TO STDOUT"] {
                let error = try await #require(throws: PostgresError.self) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement))
                }
                #expect(error.code == .protocolViolation)
                #expect(connection.transactionStatus == .idle)
                #expect(try await connection.query("SELECT 7")[0].decode(Int.self, at: 0) == 7)
            }
        }
    }

    @Test func textWithANulByteIsRefusedBeforeSending() async throws {
        try await TestDatabase.withConnection { connection in
            let error = try await #require(throws: PostgresError.self) {
                try await connection.query("SELECT \("a\u{0}b")::text")
            }
            #expect(error.code == .invalidArgument)
            #expect(try await connection.query("SELECT 1")[0][0] == "1")
        }
    }

    @Test func concurrentStatementsOnOneConnectionRunOneAfterTheOther() async throws {
        try await TestDatabase.withConnection { connection in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for value in 0..<50 {
                    group.addTask { try await connection.query("SELECT \(value) + 1")[0].decode(Int.self, at: 0) }
                }
                var results: [Int] = []
                for try await value in group { results.append(value) }
                #expect(results.sorted() == Array(1...50))
            }
        }
    }
}
