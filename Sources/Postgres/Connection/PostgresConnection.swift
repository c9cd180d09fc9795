import Dispatch
import Logging
import Synchronization

/// One connection to PostgreSQL, over libpq.
///
/// Each connection runs its libpq calls on its own serial dispatch queue, so blocking network
/// waits never occupy Swift's cooperative thread pool and one `PGconn` is never used by two
/// threads at once. Statements sent concurrently from several tasks run one after the other.
///
/// In a server, borrow connections from a ``PostgresConnectionPool`` rather than holding one.
///
/// ```swift
/// let connection = try await PostgresConnection.connect(.environment, logger: logger)
/// let rows = try await connection.query("SELECT name FROM users WHERE id = \(id)")
/// let name = try rows.first?.decode(String.self, column: "name")
/// ```
///
/// Cancelling the task that awaits a statement cancels the statement on the server
/// (`PQcancel`); it then throws ``PostgresError`` with code ``PostgresError/Code/cancelled``
/// and SQLSTATE 57014, and the connection stays usable. Server notices (`RAISE NOTICE`,
/// warnings) go to the `logger` given to ``connect(_:logger:)``.
public final class PostgresConnection: Sendable {
    private let handle: ConnectionHandle
    private let queue: DispatchQueue
    private let state: Mutex<State>
    let logger: Logger

    /// The server version as libpq reports it: 150018 for PostgreSQL 15.18.
    public let serverVersion: Int
    /// The process ID of the server backend serving this connection (`pg_backend_pid()`).
    public let backendProcessID: Int
    /// When the connection was opened.
    public let openedAt: ContinuousClock.Instant

    private struct State {
        var isClosed = false
        var isUsable = true
        var transactionStatus = PostgresTransactionStatus.idle
        /// Statements to send with the next one (``sendWithNext(_:)``).
        var pending: [PostgresQuery] = []
    }

    /// The socket, for a non-blocking peek from the pool; only read while the connection is idle.
    private let socket: Int32

    private struct Opened: Sendable {
        let handle: ConnectionHandle
        let serverVersion: Int
        let backendProcessID: Int
        let socket: Int32
    }

    private init(_ opened: Opened, queue: DispatchQueue, logger: Logger) {
        self.handle = opened.handle
        self.queue = queue
        self.logger = logger
        self.serverVersion = opened.serverVersion
        self.backendProcessID = opened.backendProcessID
        self.socket = opened.socket
        self.openedAt = .now
        self.state = Mutex(State())
    }

    deinit {
        let handle = handle
        queue.async { handle.finish() }
    }

    /// Opens a connection (`PQconnectdbParams`) and sets the session's TimeZone to UTC.
    ///
    /// Throws ``PostgresError`` with code ``PostgresError/Code/connectionFailed`` and libpq's
    /// message when the server cannot be reached or refuses the login.
    public static func connect(_ configuration: PostgresConfiguration, logger: Logger) async throws
        -> PostgresConnection
    {
        if Task.isCancelled {
            throw PostgresError(code: .cancelled, sqlState: "57014", message: "the task was cancelled before connecting")
        }
        let queue = DispatchQueue(label: "duban.postgres.connection")
        let opened = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Opened, any Error>) in
            queue.async {
                continuation.resume(
                    with: Result {
                        let handle = try ConnectionHandle.open(configuration, logger: logger)
                        return Opened(
                            handle: handle, serverVersion: handle.serverVersion,
                            backendProcessID: handle.backendProcessID, socket: handle.socket)
                    })
            }
        }
        var logger = logger
        logger[metadataKey: "postgres.backend_pid"] = "\(opened.backendProcessID)"
        logger.debug("postgres connection opened")
        return PostgresConnection(opened, queue: queue, logger: logger)
    }

    /// Runs one statement with its bind parameters (`PQexecParams`) and returns its rows.
    ///
    /// Only one statement: `"SELECT 1; SELECT 2"` is refused by the server (SQLSTATE 42601).
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        logger.trace("postgres query", metadata: ["sql": "\(query.sql)"])
        let prefix = takePending()
        return try await perform(cancellable: true) { handle, cancellation in
            try handle.execute(query.sql, binds: query.binds, after: prefix, cancellation: cancellation)
        }
    }

    /// Queues `query` to be sent together with the next statement, in the same round trip (libpq
    /// pipeline mode), saving a wait for PostgreSQL's answer; ``transaction(isolation:_:)`` sends its
    /// `BEGIN` this way.
    ///
    /// The queued statements run first, in order; when one fails, the next statement throws its
    /// error and does not run. Until then the connection counts as inside a transaction
    /// (``transactionStatus`` is ``PostgresTransactionStatus/inTransaction``), so a pool never
    /// hands it to anyone else with them; a rollback discards them.
    public func sendWithNext(_ query: PostgresQuery) {
        state.withLock { $0.pending.append(query) }
    }

    /// The statements queued by ``sendWithNext(_:)``, now owned by the caller.
    func takePending() -> [PostgresQuery] {
        state.withLock { state in
            defer { state.pending = [] }
            return state.pending
        }
    }

    /// Runs one statement (INSERT, UPDATE, DELETE...) and returns the number of affected rows.
    @discardableResult
    public func execute(_ query: PostgresQuery) async throws -> Int {
        try await self.query(query).affectedRows
    }

    /// PQexec: several statements, no parameters (migration files). Never for user input.
    ///
    /// The statements run in one implicit transaction unless they contain their own
    /// BEGIN/COMMIT; the first error stops the rest.
    public func simpleQuery(_ sql: String) async throws {
        logger.trace("postgres simple query", metadata: ["sql.length": "\(sql.utf8.count)"])
        let prefix = takePending()
        try await perform(cancellable: true) { handle, cancellation in
            for statement in prefix {
                _ = try handle.execute(statement.sql, binds: statement.binds, cancellation: cancellation)
            }
            try handle.executeSimple(sql, cancellation: cancellation)
        }
    }

    /// True while the connection is open and libpq reports it healthy (`PQstatus == CONNECTION_OK`).
    ///
    /// A connection whose server went away is noticed at its next use, which then fails with
    /// ``PostgresError/Code/connectionLost``; after that this is false.
    public var isUsable: Bool {
        state.withLock { !$0.isClosed && $0.isUsable }
    }

    /// Whether a transaction is open, as of the last statement (``PostgresTransactionStatus/active`` while one runs).
    ///
    /// Statements queued by ``sendWithNext(_:)`` make an idle connection count as ``PostgresTransactionStatus/inTransaction``.
    public var transactionStatus: PostgresTransactionStatus {
        state.withLock { state in
            if state.isClosed { return .unknown }
            if state.transactionStatus == .idle && !state.pending.isEmpty { return .inTransaction }
            return state.transactionStatus
        }
    }

    /// The status libpq last reported, ignoring statements queued by ``sendWithNext(_:)``.
    var sentTransactionStatus: PostgresTransactionStatus {
        state.withLock { $0.isClosed ? .unknown : $0.transactionStatus }
    }

    /// Closes the connection (`PQfinish`) once the statements already sent have finished.
    /// Idempotent; `deinit` also closes. Later statements throw ``PostgresError/Code/connectionClosed``.
    public func close() {
        let first = state.withLock { state in
            defer { state.isClosed = true }
            return !state.isClosed
        }
        if first {
            logger.debug("postgres connection closed")
            queue.async { [handle] in handle.finish() }
        }
    }

    // MARK: - Running on the connection's queue

    /// Runs `operation` on the connection's queue; when `cancellable`, cancelling the calling
    /// task cancels the statement (or keeps it from starting).
    func perform<Result: Sendable>(
        cancellable: Bool,
        _ operation: @escaping @Sendable (ConnectionHandle, QueryCancellation?) throws -> Result
    ) async throws -> Result {
        guard cancellable else {
            return try await onQueue { try operation($0, nil) }
        }
        let cancellation = QueryCancellation()
        return try await withTaskCancellationHandler {
            try await onQueue { try operation($0, cancellation) }
        } onCancel: {
            cancellation.requestCancel()
        }
    }

    private func onQueue<Value: Sendable>(
        _ operation: @escaping @Sendable (ConnectionHandle) throws -> Value
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                state.withLock { $0.transactionStatus = .active }
                let result = Result { try operation(handle) }
                let isUsable = handle.isUsable
                let transactionStatus = handle.transactionStatus
                state.withLock { state in
                    state.isUsable = isUsable
                    state.transactionStatus = transactionStatus
                }
                continuation.resume(with: result)
            }
        }
    }

    // MARK: - For the pool

    /// Runs one statement that must not be cancelled (ROLLBACK, COMMIT): it leaves the
    /// connection in a known state even when the task is cancelled.
    @discardableResult
    func executeUncancellable(_ sql: String) async throws -> PostgresRows {
        try await perform(cancellable: false) { handle, _ in
            try handle.execute(sql, binds: [], cancellation: nil)
        }
    }

    /// True when this idle connection may be handed out: open, healthy, no transaction, and
    /// nothing unexpected from the server (such as a termination notice) pending.
    func isReusable() async -> Bool {
        guard isUsable, transactionStatus == .idle else { return false }
        guard ConnectionHandle.hasPendingInput(socket: socket) else { return true }
        return (try? await onQueue { $0.refreshIdleConnection() }) ?? false
    }

    /// Closes the connection and waits until `PQfinish` has run.
    func closeAndWait() async {
        close()
        _ = try? await onQueue { $0.finish() }
    }
}
