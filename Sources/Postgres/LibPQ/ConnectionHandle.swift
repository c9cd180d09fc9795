internal import CLibPQ
import Foundation
import Logging

/// Owns one `PGconn` and makes every libpq call on it.
///
/// Not thread-safe by design: its owner, ``PostgresConnection``, calls it only from the
/// connection's serial dispatch queue, so one `PGconn` is never used by two threads at once and
/// blocking libpq calls never run on Swift's cooperative thread pool.
final class ConnectionHandle: @unchecked Sendable {
    private(set) var connection: OpaquePointer?
    /// Set after a FATAL error: the server closes the connection, though libpq may not have noticed yet.
    var isBroken = false
    /// Must outlive `connection`: libpq holds an unretained pointer to it for notices.
    private let notices: NoticeReceiver
    /// Statements prepared on this connection: (parameter types, SQL) → statement name.
    private var prepared: [PreparedKey: String] = [:]
    /// How many statements one connection prepares at most; later new ones run unprepared.
    static let maxPreparedStatements = 256

    private struct PreparedKey: Hashable {
        var types: [Oid]
        var sql: String
    }

    /// No named statements on a connection whose backend may change between transactions.
    private let preparesStatements: Bool

    private init(connection: OpaquePointer, notices: NoticeReceiver, preparesStatements: Bool) {
        self.connection = connection
        self.notices = notices
        self.preparesStatements = preparesStatements
    }

    deinit {
        finish()
    }

    /// Session settings that make text results predictable: timestamptz in UTC, ISO dates, hex bytea.
    static let sessionSetup = """
        SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, YMD'; SET bytea_output TO 'hex'; SET extra_float_digits TO 3
        """

    /// Behind a transaction pooler the settings of ``sessionSetup`` cannot be set per session (the
    /// next transaction may run on another backend); they must be the role's defaults. This reads
    /// them and answers the ones that differ (`extra_float_digits` of 1 or more already prints every
    /// float exactly since PostgreSQL 12; the order after `ISO,` in DateStyle only reads ambiguous
    /// input, and every date sent is ISO).
    static let pooledSessionCheck = """
        SELECT concat_ws(', ',
                 CASE WHEN current_setting('TimeZone') NOT IN ('UTC', 'Etc/UTC') THEN 'TimeZone' END,
                 CASE WHEN current_setting('DateStyle') NOT LIKE 'ISO,%' THEN 'DateStyle' END,
                 CASE WHEN current_setting('bytea_output') <> 'hex' THEN 'bytea_output' END,
                 CASE WHEN current_setting('extra_float_digits')::int < 1 THEN 'extra_float_digits' END)
        """

    /// What an operator runs once so a role can be used through a transaction pooler.
    static func pooledRoleAdvice(user: String) -> String {
        "ALTER ROLE \(user) SET TimeZone = 'UTC'; ALTER ROLE \(user) SET DateStyle = 'ISO, YMD'; "
            + "ALTER ROLE \(user) SET bytea_output = 'hex'; ALTER ROLE \(user) SET extra_float_digits = 3"
    }

    /// Connects with `PQconnectdbParams` (never a hand-built conninfo string) and sets up the session.
    static func open(_ configuration: PostgresConfiguration, logger: Logger) throws -> ConnectionHandle {
        let parameters = configuration.libpqParameters()
        for parameter in parameters where parameter.keyword.utf8.contains(0) || parameter.value.utf8.contains(0) {
            throw PostgresError(
                code: .invalidArgument, message: "connection parameter \(parameter.keyword) contains a NUL byte")
        }
        let expand: Int32 = configuration.expandDatabaseName ? 1 : 0
        let connection = withCStringArray(parameters.map(\.keyword)) { keywords in
            withCStringArray(parameters.map(\.value)) { values in
                PQconnectdbParams(keywords, values, expand)
            }
        }
        guard let connection else {
            throw PostgresError(code: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = errorMessage(of: connection)
            PQfinish(connection)
            throw PostgresError(code: .connectionFailed, message: message)
        }
        var logger = logger
        logger[metadataKey: "postgres.backend_pid"] = "\(PQbackendPID(connection))"
        let handle = ConnectionHandle(connection: connection, notices: NoticeReceiver(logger: logger),
                                      preparesStatements: !configuration.transactionPooling)
        PQsetNoticeReceiver(
            connection, NoticeReceiver.callback, Unmanaged.passUnretained(handle.notices).toOpaque())
        do {
            if configuration.transactionPooling {
                let differing = try handle.execute(pooledSessionCheck, binds: [], cancellation: nil)
                if let names = try differing.first?.decode(String.self, at: 0), !names.isEmpty {
                    let user = PQuser(connection).map { String(cString: $0) } ?? "duban_server"
                    throw PostgresError(
                        code: .connectionFailed,
                        message: "behind a transaction pooler the login role's defaults must set \(names); run once as a superuser: "
                            + pooledRoleAdvice(user: user))
                }
            } else {
                try handle.executeSimple(sessionSetup, cancellation: nil)
            }
        } catch {
            handle.finish()
            guard var failure = error as? PostgresError else { throw error }
            failure.code = .connectionFailed
            throw failure
        }
        return handle
    }

    /// Closes the connection (`PQfinish`); idempotent.
    func finish() {
        if let connection {
            PQfinish(connection)
            self.connection = nil
        }
    }

    var isUsable: Bool {
        guard let connection, !isBroken, !notices.sawFatalError else { return false }
        return PQstatus(connection) == CONNECTION_OK
    }

    var transactionStatus: PostgresTransactionStatus {
        guard let connection else { return .unknown }
        switch PQtransactionStatus(connection) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_ACTIVE: return .active
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .inError
        default: return .unknown
        }
    }

    var serverVersion: Int {
        connection.map { Int(PQserverVersion($0)) } ?? 0
    }

    var backendProcessID: Int {
        connection.map { Int(PQbackendPID($0)) } ?? 0
    }

    var socket: Int32 {
        connection.map { PQsocket($0) } ?? -1
    }

    // MARK: - Statements

    /// One statement through `PQexecParams`, with TEXT results.
    func execute(_ sql: String, binds: [PostgresBind], cancellation: QueryCancellation?) throws -> PostgresRows {
        let connection = try openConnection(sql: sql, reportedAs: sql)
        guard binds.count <= Int(UInt16.max) else {
            throw PostgresError(
                code: .invalidArgument, message: "\(binds.count) bind parameters; PostgreSQL takes at most 65535",
                query: sql)
        }
        let parameters = try ParameterBuffer(binds, query: sql)
        // A parameterised statement is prepared once per connection and then only bound and run: the
        // server parses and plans it once. Statements without parameters (BEGIN, COMMIT, …) run as they are.
        var statement: String?
        var prepareFailure: PostgresError?
        let result: OpaquePointer?? = parameters.withCArrays { values, lengths, formats, types in
            guard cancellation?.begin(on: connection) ?? true else { return .none }
            if !binds.isEmpty {
                switch preparedStatement(sql, types: types, on: connection) {
                case .success(let name): statement = name
                case .failure(let failure):
                    prepareFailure = failure
                    return .some(nil)
                }
            }
            if let statement {
                return .some(PQexecPrepared(connection, statement, Int32(binds.count), values, lengths, formats, 0))
            }
            return .some(PQexecParams(connection, sql, Int32(binds.count), types, values, lengths, formats, 0))
        }
        guard let result else { throw PostgresError.cancelledBeforeStart(query: sql) }
        let cancelRequested = cancellation?.end() ?? false
        if var prepareFailure {
            if cancelRequested && prepareFailure.sqlState == "57014" { prepareFailure.code = .cancelled }
            if prepareFailure.code == .connectionLost { isBroken = true }
            throw prepareFailure
        }
        return try rows(from: result, connection: connection, cancelRequested: cancelRequested, query: sql)
    }

    /// The name of `sql` prepared on this connection (preparing it on first use), or nil when the
    /// connection already holds as many prepared statements as it keeps; the server's error for a
    /// statement it cannot prepare (a syntax error, an aborted transaction).
    func preparedStatement(_ sql: String, types: [Oid], on connection: OpaquePointer) -> Result<String?, PostgresError> {
        let key = PreparedKey(types: types, sql: sql)
        if let name = prepared[key] { return .success(name) }
        guard preparesStatements, prepared.count < Self.maxPreparedStatements else { return .success(nil) }
        let name = "duban_\(prepared.count + 1)"
        guard let preparation = PQprepare(connection, name, sql, Int32(types.count), types) else {
            // No result at all: nothing reached the server; run the statement unprepared.
            return .success(nil)
        }
        defer { PQclear(preparation) }
        guard PQresultStatus(preparation) == PGRES_COMMAND_OK else {
            return .failure(Self.error(from: preparation, connection: connection, cancelRequested: false, query: sql))
        }
        prepared[key] = name
        return .success(name)
    }

    /// Several statements, no parameters, through `PQexec` (simple query protocol).
    func executeSimple(_ sql: String, cancellation: QueryCancellation?) throws {
        let connection = try openConnection(sql: sql, reportedAs: nil)
        guard cancellation?.begin(on: connection) ?? true else { throw PostgresError.cancelledBeforeStart(query: nil) }
        let result = PQexec(connection, sql)
        let cancelRequested = cancellation?.end() ?? false
        _ = try rows(from: result, connection: connection, cancelRequested: cancelRequested, query: nil)
    }

    /// Reads what the server sent an idle connection (a termination notice, NOTIFYs) without
    /// blocking, and tells whether the connection is still fit to hand out: open, usable, idle.
    func refreshIdleConnection() -> Bool {
        guard let connection, !isBroken, PQstatus(connection) == CONNECTION_OK else { return false }
        // A terminated backend sends an ErrorResponse, then EOF: noticing both can take several reads.
        var reads = 0
        while reads < 4 && Self.hasPendingInput(socket: PQsocket(connection)) {
            reads += 1
            guard PQconsumeInput(connection) == 1 else { break }
            _ = PQisBusy(connection)  // parses what was read; a stray error goes to the notice receiver
        }
        if notices.sawFatalError { isBroken = true }
        while let notification = PQnotifies(connection) {
            PQfreemem(notification)
        }
        return !isBroken && PQstatus(connection) == CONNECTION_OK && PQtransactionStatus(connection) == PQTRANS_IDLE
    }

    /// True when the socket has something to read (data, EOF or an error); never blocks.
    static func hasPendingInput(socket: Int32) -> Bool {
        guard socket >= 0 else { return true }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) != 0
    }

    // MARK: - Results

    /// The open `PGconn` for a statement; `query` is the SQL to show in errors (nil for migration files).
    func openConnection(sql: String, reportedAs query: String?) throws -> OpaquePointer {
        guard let connection else {
            throw PostgresError(code: .connectionClosed, message: "the connection is closed", query: query)
        }
        if sql.utf8.contains(0) {
            throw PostgresError(code: .invalidArgument, message: "the SQL text contains a NUL byte", query: query)
        }
        return connection
    }

    /// Turns a result into rows or an error; clears it exactly once, after copying every value out.
    func rows(
        from result: OpaquePointer?, connection: OpaquePointer, cancelRequested: Bool, query: String?
    ) throws -> PostgresRows {
        guard let result else {
            // No result at all: the statement could not be sent or its answer not read. Whatever
            // libpq's status says yet, the connection is not to be trusted again.
            isBroken = true
            throw PostgresError(code: .connectionLost, message: Self.errorMessage(of: connection), query: query)
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return Self.copyRows(from: result)
        case let status where status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH:
            abandonCopy(connection, status: status)
            throw PostgresError(
                code: .protocolViolation, message: "COPY is not supported through this API", query: query)
        default:
            let error = Self.error(from: result, connection: connection, cancelRequested: cancelRequested, query: query)
            if error.code == .connectionLost { isBroken = true }
            throw error
        }
    }

    /// Leaves COPY mode (entered by a COPY statement, which this API does not support) and drains
    /// the remaining results, so the connection stays usable.
    private func abandonCopy(_ connection: OpaquePointer, status initialStatus: ExecStatusType) {
        var status = initialStatus
        while PQstatus(connection) == CONNECTION_OK {
            switch status {
            case PGRES_COPY_IN:
                _ = PQputCopyEnd(connection, "COPY is not supported through this API")
            case PGRES_COPY_OUT:
                var buffer: UnsafeMutablePointer<CChar>?
                while PQgetCopyData(connection, &buffer, 0) > 0 {
                    PQfreemem(buffer)
                    buffer = nil
                }
            case PGRES_COPY_BOTH:
                return  // replication only; the connection stays busy, so a pool drops it
            default:
                break
            }
            guard let next = PQgetResult(connection) else { return }
            status = PQresultStatus(next)
            PQclear(next)
        }
    }

    static func copyRows(from result: OpaquePointer) -> PostgresRows {
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var values: [String?] = []
        values.reserveCapacity(rowCount * columnCount)
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    let bytes = UnsafeRawBufferPointer(
                        start: PQgetvalue(result, row, column), count: Int(PQgetlength(result, row, column)))
                    values.append(String(decoding: bytes, as: UTF8.self))
                }
            }
        }
        return PostgresRows(
            columns: columns, values: values, rowCount: rowCount,
            affectedRows: Int(String(cString: PQcmdTuples(result))) ?? 0,
            commandTag: String(cString: PQcmdStatus(result)))
    }

    static func error(
        from result: OpaquePointer, connection: OpaquePointer, cancelRequested: Bool, query: String?
    ) -> PostgresError {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        let sqlState = field(DUBAN_PG_DIAG_SQLSTATE)
        let severity = field(DUBAN_PG_DIAG_SEVERITY_NONLOCALIZED)
        let message =
            field(DUBAN_PG_DIAG_MESSAGE_PRIMARY)
            ?? PQresultErrorMessage(result).map { tidy(String(cString: $0)) }.flatMap { $0.isEmpty ? nil : $0 }
            ?? errorMessage(of: connection)
        let code: PostgresError.Code =
            if PQstatus(connection) != CONNECTION_OK || severity == "FATAL" || severity == "PANIC" {
                .connectionLost
            } else if cancelRequested && sqlState == "57014" {
                .cancelled
            } else if sqlState != nil {
                .server
            } else {
                // An error libpq made itself, with no SQLSTATE from the server: the link failed
                // ("server closed the connection unexpectedly" while PostgreSQL shut down), even if
                // libpq has not marked the connection bad yet.
                .connectionLost
            }
        return PostgresError(
            code: code, sqlState: sqlState, message: message,
            detail: field(DUBAN_PG_DIAG_MESSAGE_DETAIL), hint: field(DUBAN_PG_DIAG_MESSAGE_HINT),
            constraint: field(DUBAN_PG_DIAG_CONSTRAINT_NAME), table: field(DUBAN_PG_DIAG_TABLE_NAME),
            column: field(DUBAN_PG_DIAG_COLUMN_NAME), schema: field(DUBAN_PG_DIAG_SCHEMA_NAME), query: query)
    }

    static func errorMessage(of connection: OpaquePointer) -> String {
        let message = PQerrorMessage(connection).map { tidy(String(cString: $0)) } ?? ""
        return message.isEmpty ? "unknown libpq error" : message
    }

    /// libpq messages end in a newline and may span lines ("\n\tIs the server running...").
    static func tidy(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}

/// Calls `body` with a NULL-terminated C array of C strings that lives for the call.
private func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
