import Logging
import Synchronization

/// A bounded pool of connections, for a server that runs many statements concurrently.
///
/// At most `maxConnections` are open. A task that finds them all in use waits in line (first
/// come, first served) for at most `acquireTimeout`, then gets ``PostgresError/Code/timeout``;
/// cancelling a waiting task takes it out of the line. Connections are opened on demand.
///
/// A connection is always handed out healthy and outside any transaction: one that broke is
/// closed and replaced; one given back inside a transaction is rolled back first, and dropped if
/// that fails.
///
/// ```swift
/// let pool = PostgresConnectionPool(configuration: .environment, maxConnections: 10, logger: logger)
/// let count = try await pool.withConnection { try await $0.query("SELECT count(*) FROM users") }
/// ```
public final class PostgresConnectionPool: Sendable {
    /// How this pool's connections are opened.
    public let configuration: PostgresConfiguration
    private let maxConnections: Int
    private let acquireTimeout: Duration
    private let maxConnectionAge: Duration?
    private let logger: Logger
    private let state = Mutex(State())
    /// Told how long each wait for a connection lasted (see ``observeWaits(_:)``).
    private let waitObservers = Mutex<[@Sendable (Duration) -> Void]>([])

    private struct State {
        /// Healthy, idle connections; the most recently returned is reused first.
        var idle: [PostgresConnection] = []
        /// Idle + lent out + being opened.
        var open = 0
        /// First come, first served.
        var waiters: [Waiter] = []
        var nextWaiterID = 0
        var isClosed = false
    }

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Lease, any Error>
    }

    /// What a borrower gets: a connection, or a slot in which to open one.
    private enum Lease: Sendable {
        case connection(PostgresConnection)
        case slot
    }

    /// A pool that opens connections with `configuration`, at most `maxConnections` at a time.
    ///
    /// A connection older than `maxConnectionAge` is closed when it comes back (its slot opens a new
    /// one on demand), so that what a server session caches, such as generic plans made while a table
    /// was still small, is made again from time to time.
    public init(
        configuration: PostgresConfiguration, maxConnections: Int, acquireTimeout: Duration = .seconds(10),
        maxConnectionAge: Duration? = nil, logger: Logger
    ) {
        precondition(maxConnections > 0, "maxConnections must be at least 1")
        self.configuration = configuration
        self.maxConnections = maxConnections
        self.acquireTimeout = acquireTimeout
        self.maxConnectionAge = maxConnectionAge
        self.logger = logger
    }

    /// Lends a connection to `body` and takes it back when `body` returns or throws.
    ///
    /// Do not keep the connection beyond `body`. A transaction left open is rolled back.
    @discardableResult
    nonisolated(nonsending)
    public func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        let value: T
        do {
            value = try await body(connection)
        } catch {
            await release(connection)
            throw error
        }
        await release(connection)
        return value
    }

    /// Runs `body` in a transaction on a pooled connection; see ``PostgresConnection/transaction(isolation:_:)``.
    @discardableResult
    nonisolated(nonsending)
    public func transaction<T: Sendable>(
        isolation: PostgresIsolationLevel = .readCommitted,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try await connection.transaction(isolation: isolation, body)
        }
    }

    /// Closes the pool: waiting tasks fail with ``PostgresError/Code/poolClosed``, idle
    /// connections are closed now, lent ones when they come back. Idempotent.
    public func close() async {
        let (idle, waiters) = state.withLock { state -> ([PostgresConnection], [Waiter]) in
            guard !state.isClosed else { return ([], []) }
            state.isClosed = true
            defer {
                state.open -= state.idle.count
                state.idle = []
                state.waiters = []
            }
            return (state.idle, state.waiters)
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: Self.poolClosed)
        }
        for connection in idle {
            await connection.closeAndWait()
        }
        logger.debug("postgres pool closed")
    }

    /// How many connections are open, idle, in use, and how many tasks wait.
    public var statistics: PostgresPoolStatistics {
        get async {
            state.withLock { state in
                PostgresPoolStatistics(
                    open: state.open, idle: state.idle.count, inUse: state.open - state.idle.count,
                    waiting: state.waiters.count)
            }
        }
    }

    /// Calls `observer` after every wait for a connection, with how long the task waited: when it
    /// got a connection or a slot, timed out, was cancelled, or the pool closed. A task that finds a
    /// connection free does not wait and is not reported. Observers are kept as long as the pool;
    /// they must be quick and must not use the pool.
    public func observeWaits(_ observer: @escaping @Sendable (Duration) -> Void) {
        waitObservers.withLock { $0.append(observer) }
    }

    // MARK: - Acquiring

    private func acquire() async throws -> PostgresConnection {
        if Task.isCancelled {
            throw PostgresError(code: .cancelled, sqlState: "57014", message: "the task was cancelled before it got a connection")
        }
        switch try await nextLease() {
        case .connection(let connection):
            if await connection.isReusable() {
                return connection
            }
            logger.info("postgres pool: replacing a broken connection")
            connection.close()
            return try await openConnection()
        case .slot:
            return try await openConnection()
        }
    }

    private func nextLease() async throws -> Lease {
        enum Next {
            case lease(Lease)
            case wait
            case closed
        }
        let next = state.withLock { state -> Next in
            if state.isClosed { return .closed }
            // With tasks already in line, a newcomer goes behind them.
            guard state.waiters.isEmpty else { return .wait }
            if let connection = state.idle.popLast() { return .lease(.connection(connection)) }
            if state.open < maxConnections {
                state.open += 1
                return .lease(.slot)
            }
            return .wait
        }
        switch next {
        case .lease(let lease): return lease
        case .closed: throw Self.poolClosed
        case .wait: return try await waitForLease()
        }
    }

    private func waitForLease() async throws -> Lease {
        let start = ContinuousClock.now
        defer {
            let waited = start.duration(to: .now)
            for observer in waitObservers.withLock({ $0 }) { observer(waited) }
        }
        let deadline = start.advanced(by: acquireTimeout)
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            guard !Task.isCancelled else { return }
            self?.removeWaiter(id, error: self?.timeoutError ?? Self.poolClosed)
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                // Under the lock, so that the timer and the cancellation handler, which also
                // take it, either find this waiter or run before it and are seen here.
                let outcome = state.withLock { state -> Result<Lease, PostgresError>? in
                    if state.isClosed { return .failure(Self.poolClosed) }
                    if Task.isCancelled { return .failure(Self.cancelledWhileWaiting) }
                    if ContinuousClock.now >= deadline { return .failure(timeoutError) }
                    // A connection may have come back, or a slot freed, since `nextLease` chose to
                    // wait: with nobody ahead in line it is this task's. Otherwise it would sit idle
                    // while every newcomer queued behind this waiter, until some other connection
                    // came back (or never, once all of them were stranded that way).
                    if state.waiters.isEmpty {
                        if let connection = state.idle.popLast() { return .success(.connection(connection)) }
                        if state.open < maxConnections {
                            state.open += 1
                            return .success(.slot)
                        }
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let outcome {
                    continuation.resume(with: outcome)
                }
            }
        } onCancel: {
            removeWaiter(id, error: Self.cancelledWhileWaiting)
        }
    }

    private func removeWaiter(_ id: Int, error: PostgresError) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(throwing: error)
    }

    /// Opens a connection in a slot already counted in `open`; gives the slot back on failure.
    private func openConnection() async throws -> PostgresConnection {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration, logger: logger)
        } catch {
            releaseSlot()
            throw error
        }
        if state.withLock({ $0.isClosed }) {
            connection.close()
            releaseSlot()
            throw Self.poolClosed
        }
        return connection
    }

    /// A slot freed (its connection dropped or never opened) goes to the first waiter, who opens a connection in it.
    private func releaseSlot() {
        let waiter = state.withLock { state -> Waiter? in
            state.open -= 1
            guard !state.isClosed, !state.waiters.isEmpty, state.open < maxConnections else { return nil }
            state.open += 1
            return state.waiters.removeFirst()
        }
        waiter?.continuation.resume(returning: .slot)
    }

    // MARK: - Releasing

    private func release(_ connection: PostgresConnection) async {
        if connection.isUsable && connection.transactionStatus != .idle {
            if connection.transactionStatus == .active {
                // A statement still runs (started by a task that outlived `body`): not ours to wait for.
                connection.close()
            } else {
                logger.debug("postgres pool: rolling back a transaction left open")
                await connection.rollback(after: nil)
            }
        }
        guard connection.isUsable, connection.transactionStatus == .idle else {
            logger.info("postgres pool: dropping a connection that is broken or still in a transaction")
            connection.close()
            releaseSlot()
            return
        }
        if let maxConnectionAge, connection.openedAt.duration(to: .now) >= maxConnectionAge {
            logger.debug("postgres pool: retiring a connection past its age")
            connection.close()
            releaseSlot()
            return
        }
        enum Destination {
            case waiter(Waiter)
            case idle
            case closedPool
        }
        let destination = state.withLock { state -> Destination in
            if state.isClosed { return .closedPool }
            if !state.waiters.isEmpty { return .waiter(state.waiters.removeFirst()) }
            state.idle.append(connection)
            return .idle
        }
        switch destination {
        case .waiter(let waiter):
            waiter.continuation.resume(returning: .connection(connection))
        case .idle:
            break
        case .closedPool:
            connection.close()
            releaseSlot()
        }
    }

    // MARK: - Errors

    private static let poolClosed = PostgresError(code: .poolClosed, message: "the connection pool is closed")

    private static let cancelledWhileWaiting = PostgresError(
        code: .cancelled, sqlState: "57014", message: "the task was cancelled while waiting for a connection")

    private var timeoutError: PostgresError {
        PostgresError(
            code: .timeout,
            message: "no connection became free within \(acquireTimeout) (pool of \(maxConnections))")
    }
}
