import DubanTestSupport
import Foundation
import Logging
import Postgres
import Synchronization
import Testing

/// A value shared between tasks of a test.
final class Shared<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    var value: Value { storage.withLock { $0 } }
    func update(_ change: (inout Value) -> Void) { storage.withLock { change(&$0) } }
}

@Suite struct PostgresConnectionPoolTests {
    let logger = TestDatabase.defaultLogger

    /// Backends connected to the database, seen from a connection to the server's own database.
    private func backendCount(of configuration: PostgresConfiguration, observer: PostgresConnection) async throws -> Int {
        let name = configuration.parameters["dbname"] ?? ""
        // Client backends only: an autovacuum worker on the fresh database is no connection of the pool's.
        return try await observer.query(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = \(name) AND backend_type = 'client backend'")[0]
            .decode(Int.self, at: 0)
    }

    private func waitUntil(_ condition: () async throws -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("the condition did not hold within 60 s", sourceLocation: sourceLocation)
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test func servesManyConcurrentTasksWithAtMostMaxConnections() async throws {
        try await TestDatabase.withDatabase { configuration in
            // What is measured is the number of connections, not how fast 30 tasks get one: a loaded
            // machine (every suite runs at once) must not turn a slow hand-over into a failure.
            let pool = PostgresConnectionPool(configuration: configuration, maxConnections: 3, acquireTimeout: .seconds(300),
                                              logger: logger)
            let observer = try await PostgresConnection.connect(TestDatabase.serverConfiguration, logger: logger)
            defer { observer.close() }
            let peakBackends = Shared(0)
            let peakOpen = Shared(0)
            let monitor = Task {
                while !Task.isCancelled {
                    let backends = try await backendCount(of: configuration, observer: observer)
                    let open = await pool.statistics.open
                    peakBackends.update { $0 = max($0, backends) }
                    peakOpen.update { $0 = max($0, open) }
                    try? await Task.sleep(for: .milliseconds(10))
                }
            }
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        try await pool.withConnection { connection in
                            let sleep = index % 3 == 0 ? 0.05 : 0
                            return try await connection.query("SELECT \(index), pg_sleep(\(sleep))")[0]
                                .decode(Int.self, at: 0)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            monitor.cancel()
            _ = await monitor.result
            #expect(results.sorted() == Array(0..<30))
            #expect(peakOpen.value <= 3)
            #expect(peakBackends.value <= 3)
            #expect(peakBackends.value >= 1)
            let statistics = await pool.statistics
            #expect(statistics.open <= 3 && statistics.inUse == 0 && statistics.waiting == 0)
            #expect(try await backendCount(of: configuration, observer: observer) <= 3)
            await pool.close()
        }
    }

    @Test func aCancelledQueryDoesNotStopThePoolServingTheRest() async throws {
        try await TestDatabase.withDatabase { configuration in
            // The test is about cancellation, not hand-over speed: a loaded run waited over 10 s for a connection.
            let pool = PostgresConnectionPool(configuration: configuration, maxConnections: 3, acquireTimeout: .seconds(300),
                                              logger: logger)
            let slow = Task {
                try await pool.withConnection { try await $0.query("SELECT pg_sleep(10)") }
            }
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await pool.withConnection { connection in
                            try await connection.query("SELECT \(index), pg_sleep(0.02)")[0].decode(Int.self, at: 0)
                        }
                    }
                }
                try await Task.sleep(for: .milliseconds(100))
                slow.cancel()
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let error = try await #require(throws: PostgresError.self) { try await slow.value }
            #expect(error.code == .cancelled)
            #expect(results.sorted() == Array(0..<20))
            let statistics = await pool.statistics
            #expect(statistics.open <= 3 && statistics.inUse == 0)
            #expect(try await pool.withConnection { try await $0.query("SELECT 1")[0][0] } == "1")
            await pool.close()
        }
    }

    @Test func acquireTimesOutWhenAllConnectionsAreHeld() async throws {
        try await TestDatabase.withDatabase { configuration in
            let pool = PostgresConnectionPool(
                configuration: configuration, maxConnections: 1, acquireTimeout: .milliseconds(200), logger: logger)
            let release = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await pool.withConnection { _ in for await _ in release.stream {} }
            }
            try await waitUntil { await pool.statistics.inUse == 1 }
            let started = ContinuousClock.now
            let error = try await #require(throws: PostgresError.self) {
                try await pool.withConnection { _ in }
            }
            #expect(error.code == .timeout)
            #expect(ContinuousClock.now - started >= .milliseconds(150))
            // Generous upper bound: tests run in parallel on two cores, and a loaded run took over 9 s.
            #expect(ContinuousClock.now - started < .seconds(60))
            #expect(await pool.statistics.waiting == 0)
            release.continuation.finish()
            try await holder.value
            #expect(try await pool.withConnection { try await $0.query("SELECT 1")[0][0] } == "1")
            await pool.close()
        }
    }

    @Test func waitersAreServedFirstComeFirstServedAndCancelledOnesLeaveTheLine() async throws {
        try await TestDatabase.withDatabase { configuration in
            // The waiters wait for the holder, however long a loaded machine takes to line them up.
            let pool = PostgresConnectionPool(configuration: configuration, maxConnections: 1, acquireTimeout: .seconds(300),
                                              logger: logger)
            let release = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await pool.withConnection { _ in for await _ in release.stream {} }
            }
            try await waitUntil { await pool.statistics.inUse == 1 }
            let order = Shared<[Int]>([])
            var waiters: [Task<Void, any Error>] = []
            for index in 0..<4 {
                waiters.append(
                    Task {
                        try await pool.withConnection { _ in order.update { $0.append(index) } }
                    })
                try await waitUntil { await pool.statistics.waiting == index + 1 }
            }
            waiters[1].cancel()
            let error = try await #require(throws: PostgresError.self) { try await waiters[1].value }
            #expect(error.code == .cancelled)
            #expect(await pool.statistics.waiting == 3)
            release.continuation.finish()
            try await holder.value
            for index in [0, 2, 3] { try await waiters[index].value }
            #expect(order.value == [0, 2, 3])
            await pool.close()
        }
    }

    @Test func aConnectionReturnedMidTransactionIsRolledBack() async throws {
        try await TestDatabase.withDatabase { configuration in
            let pool = PostgresConnectionPool(configuration: configuration, maxConnections: 1, logger: logger)
            try await pool.withConnection { try await $0.simpleQuery("CREATE TABLE items (name text)") }
            let firstPID = try await pool.withConnection { connection in
                try await connection.query("BEGIN")
                try await connection.execute("INSERT INTO items VALUES ('uncommitted')")
                #expect(connection.transactionStatus == .inTransaction)
                return connection.backendProcessID
            }
            try await pool.withConnection { connection in
                #expect(connection.transactionStatus == .idle)
                #expect(connection.backendProcessID == firstPID)  // rolled back, not dropped
                let count = try await connection.query("SELECT count(*) FROM items")[0].decode(Int.self, at: 0)
                #expect(count == 0)
            }
            // The same for a failed transaction left behind.
            try await pool.withConnection { connection in
                try await connection.query("BEGIN")
                _ = try? await connection.query("SELECT 1 / 0")
                #expect(connection.transactionStatus == .inError)
            }
            try await pool.withConnection { connection in
                #expect(connection.transactionStatus == .idle)
                let two = try await connection.query("SELECT 2")[0][0]
                #expect(two == "2")
            }
            await pool.close()
        }
    }

    @Test func aBrokenIdleConnectionIsReplaced() async throws {
        try await TestDatabase.withDatabase { configuration in
            let pool = PostgresConnectionPool(configuration: configuration, maxConnections: 1, logger: logger)
            let firstPID = try await pool.withConnection { $0.backendProcessID }
            let killer = try await PostgresConnection.connect(configuration, logger: logger)
            defer { killer.close() }
            let terminated = try await killer.query("SELECT pg_terminate_backend(\(firstPID)::int, 5000)")[0]
            #expect(try terminated.decode(Bool.self, at: 0))
            let (secondPID, value) = try await pool.withConnection { connection in
                (connection.backendProcessID, try await connection.query("SELECT 5")[0].decode(Int.self, at: 0))
            }
            #expect(value == 5)
            #expect(secondPID != firstPID)
            #expect(await pool.statistics.open == 1)
            await pool.close()
        }
    }

    @Test func aConnectionThatBreaksWhileLentIsDroppedOnReturn() async throws {
        try await TestDatabase.withDatabase { configuration in
            let pool = PostgresConnectionPool(configuration: configuration, maxConnections: 1, logger: logger)
            let killer = try await PostgresConnection.connect(configuration, logger: logger)
            defer { killer.close() }
            let error = try await #require(throws: PostgresError.self) {
                try await pool.withConnection { connection in
                    try await killer.query("SELECT pg_terminate_backend(\(connection.backendProcessID)::int, 5000)")
                    try await connection.query("SELECT 1")
                }
            }
            #expect(error.code == .connectionLost)
            #expect(await pool.statistics.open == 0)
            #expect(try await pool.withConnection { try await $0.query("SELECT 6")[0][0] } == "6")
            await pool.close()
        }
    }

    @Test func transactionCommitsAndRollsBack() async throws {
        struct Boom: Error {}
        try await TestDatabase.withDatabase { configuration in
            let pool = PostgresConnectionPool(configuration: configuration, maxConnections: 2, logger: logger)
            try await pool.withConnection { try await $0.simpleQuery("CREATE TABLE items (name text)") }
            try await pool.transaction { try await $0.execute("INSERT INTO items VALUES ('kept')") }
            await #expect(throws: Boom.self) {
                try await pool.transaction(isolation: .serializable) { connection in
                    try await connection.execute("INSERT INTO items VALUES ('dropped')")
                    throw Boom()
                }
            }
            let names = try await pool.withConnection { connection in
                try await connection.query("SELECT name FROM items").map { try $0.decode(String.self, at: 0) }
            }
            #expect(names == ["kept"])
            await pool.close()
        }
    }

    @Test func closingFailsWaitersAndLaterCallers() async throws {
        try await TestDatabase.withDatabase { configuration in
            // The waiters wait for the holder, however long a loaded machine takes to line them up.
            let pool = PostgresConnectionPool(configuration: configuration, maxConnections: 1, acquireTimeout: .seconds(300),
                                              logger: logger)
            let release = AsyncStream<Void>.makeStream()
            let entered = Shared(false)
            let holder = Task {
                try await pool.withConnection { connection in
                    entered.update { $0 = true }
                    for await _ in release.stream {}
                    return connection
                }
            }
            try await waitUntil { entered.value }
            let waiter = Task { try await pool.withConnection { _ in } }
            try await waitUntil { await pool.statistics.waiting == 1 }
            await pool.close()
            let waiterError = try await #require(throws: PostgresError.self) { try await waiter.value }
            #expect(waiterError.code == .poolClosed)
            release.continuation.finish()
            let lent = try await holder.value
            #expect(!lent.isUsable)  // closed when it came back
            let laterError = try await #require(throws: PostgresError.self) { try await pool.withConnection { _ in } }
            #expect(laterError.code == .poolClosed)
            #expect(await pool.statistics == PostgresPoolStatistics(open: 0, idle: 0, inUse: 0, waiting: 0))
        }
    }

    @Test func connectionFailureReachesTheBorrowerAndFreesTheSlot() async throws {
        let pool = PostgresConnectionPool(
            configuration: PostgresConfiguration(parameters: ["host": "/nonexistent/socket/dir"]), maxConnections: 1,
            logger: logger)
        for _ in 0..<2 {
            let error = try await #require(throws: PostgresError.self) { try await pool.withConnection { _ in } }
            #expect(error.code == .connectionFailed)
        }
        #expect(await pool.statistics.open == 0)
        await pool.close()
    }

    @Test func aConnectionPastItsAgeIsReplacedWhenItComesBack() async throws {
        try await TestDatabase.withDatabase { configuration in
            let young = PostgresConnectionPool(configuration: configuration, maxConnections: 1,
                                               maxConnectionAge: .seconds(3600), logger: logger)
            let first = try await young.withConnection { $0.backendProcessID }
            let again = try await young.withConnection { $0.backendProcessID }
            #expect(first == again, "a young connection is reused")
            await young.close()

            let old = PostgresConnectionPool(configuration: configuration, maxConnections: 1,
                                             maxConnectionAge: .milliseconds(200), logger: logger)
            let before = try await old.withConnection { connection in
                try await Task.sleep(for: .milliseconds(300))
                return connection.backendProcessID
            }
            #expect(await old.statistics.open == 0, "retired on its return")
            let after = try await old.withConnection { try await $0.query("SELECT pg_backend_pid()")[0].decode(Int.self, at: 0) }
            #expect(after != before, "a new backend serves the next borrower")
            await old.close()
        }
    }

    /// A connection coming back just as a task decides to wait must go to that task: never may a
    /// connection sit idle while tasks wait in line (a /readyz storm once left a server's pool so).
    @Test func aBusyPoolNeverLeavesAConnectionIdleWhileTasksWait() async throws {
        try await TestDatabase.withDatabase { configuration in
            // A long acquire timeout: the whole suite runs beside this test, and a starved machine
            // must not turn waiting into failures; what is checked is that nothing is stranded.
            let pool = PostgresConnectionPool(configuration: configuration, maxConnections: 2, acquireTimeout: .seconds(120),
                                              logger: logger)
            let stranded = Shared(0)
            // Sampled every millisecond (a stranded connection stays stranded while tasks wait), never
            // spinning: the test process runs every other suite beside this one.
            let monitor = Task {
                while !Task.isCancelled {
                    let statistics = await pool.statistics
                    if statistics.idle > 0 && statistics.waiting > 0 { stranded.update { $0 += 1 } }
                    try? await Task.sleep(for: .milliseconds(1))
                }
            }
            let failures = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        var failures = 0
                        for _ in 0..<60 {
                            do {
                                try await pool.withConnection { _ = try await $0.query("SELECT 1") }
                            } catch {
                                failures += 1
                            }
                        }
                        return failures
                    }
                }
                return try await group.reduce(0, +)
            }
            monitor.cancel()
            #expect(failures == 0, "960 borrowings on 2 connections, none timed out")
            #expect(stranded.value == 0, "idle connections while tasks waited")
            #expect(await pool.statistics.waiting == 0)
            await pool.close()
        }
    }
}
