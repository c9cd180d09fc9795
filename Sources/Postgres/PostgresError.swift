/// An error from PostgreSQL, from libpq, or from this module (pool, decoding).
///
/// Match on ``code`` for the kind of failure and on ``sqlState`` for the server's exact reason:
///
/// ```swift
/// do { try await connection.execute("INSERT INTO users (email) VALUES (\(email))") }
/// catch let error as PostgresError where error.isUniqueViolation { ... }
/// ```
///
/// `description` is safe to log: it holds the SQLSTATE and the server's primary message, never
/// bind parameter values and never the DETAIL (which can echo key values). Data exceptions
/// (SQLSTATE class 22), whose primary message quotes the offending input, have the quoted part
/// replaced by `"…"`. `debugDescription` adds detail, hint and the SQL text (with `$n`
/// placeholders, never values): use it while debugging, not in logs of production traffic.
public struct PostgresError: Error, CustomStringConvertible, CustomDebugStringConvertible, Sendable {
    /// The kind of failure. Closed to misuse, open to growth: compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case connectionFailed, server, connectionLost, connectionClosed, cancelled, timeout
            case poolClosed, decoding, invalidArgument, transactionMisuse, protocolViolation
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Could not open a connection (bad host, port, credentials, database...).
        public static let connectionFailed = Code(.connectionFailed)
        /// The server reported an error for the statement; see ``PostgresError/sqlState``.
        public static let server = Code(.server)
        /// The connection broke while in use (server restarted, backend terminated, network).
        public static let connectionLost = Code(.connectionLost)
        /// The connection was already closed with ``PostgresConnection/close()``.
        public static let connectionClosed = Code(.connectionClosed)
        /// The Swift task was cancelled; a running statement was cancelled on the server (57014).
        public static let cancelled = Code(.cancelled)
        /// No pooled connection became free within the pool's acquire timeout.
        public static let timeout = Code(.timeout)
        /// The pool was closed before or while waiting for a connection.
        public static let poolClosed = Code(.poolClosed)
        /// A column was NULL, missing, or its text does not fit the requested Swift type.
        public static let decoding = Code(.decoding)
        /// The query or a bind value cannot be sent (a NUL byte in text, too many parameters...).
        public static let invalidArgument = Code(.invalidArgument)
        /// `transaction` was called on a connection that already has a transaction open.
        public static let transactionMisuse = Code(.transactionMisuse)
        /// libpq or the server answered something this layer does not handle (COPY, bad response).
        public static let protocolViolation = Code(.protocolViolation)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The five-character SQLSTATE, e.g. `"23505"`; nil when the error did not come from the server.
    public var sqlState: String?
    /// The server's primary message, or libpq's or this module's message.
    public var message: String
    /// The server's DETAIL. It may contain data values: keep it out of logs.
    public var detail: String?
    /// The server's HINT.
    public var hint: String?
    /// The name of the constraint that failed, if any.
    public var constraint: String?
    /// The table the error is about, if any.
    public var table: String?
    /// The column the error is about, if any.
    public var column: String?
    /// The schema of ``table``, if any.
    public var schema: String?
    /// The SQL text that failed, with `$n` placeholders (never bind values); shown only in `debugDescription`.
    public var query: String?

    /// Creates an error. This module creates them; tests and fakes may too.
    public init(
        code: Code, sqlState: String? = nil, message: String, detail: String? = nil, hint: String? = nil,
        constraint: String? = nil, table: String? = nil, column: String? = nil, schema: String? = nil,
        query: String? = nil
    ) {
        self.code = code
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
        self.schema = schema
        self.query = query
    }

    /// 23505: a UNIQUE or PRIMARY KEY constraint refused the row.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// 23503: a FOREIGN KEY constraint refused the row.
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// 23502: NULL given for a NOT NULL column.
    public var isNotNullViolation: Bool { sqlState == "23502" }
    /// 23514: a CHECK constraint refused the row.
    public var isCheckViolation: Bool { sqlState == "23514" }
    /// 40001 or 40P01: a serialization failure or deadlock; the whole transaction may be retried.
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }

    public var description: String {
        var text = sqlState.map { "PostgreSQL error \($0)" } ?? "PostgreSQL error (\(code))"
        let safeMessage = sqlState?.hasPrefix("22") == true ? Self.redactingQuotedValues(message) : message
        if !safeMessage.isEmpty { text += ": \(safeMessage)" }
        return text
    }

    /// Everything known about the error, DETAIL included: for debugging, not for routine logs.
    public var debugDescription: String {
        var parts = ["PostgresError(code: \(code)"]
        if let sqlState { parts.append("sqlState: \(sqlState)") }
        parts.append("message: \(String(reflecting: message))")
        for (name, value) in [
            ("detail", detail), ("hint", hint), ("schema", schema), ("table", table), ("column", column),
            ("constraint", constraint), ("query", query),
        ] {
            if let value { parts.append("\(name): \(String(reflecting: value))") }
        }
        return parts.joined(separator: ", ") + ")"
    }

    /// Replaces every `"..."` in a data-exception message (which quotes the bad input) by `"…"`.
    static func redactingQuotedValues(_ message: String) -> String {
        var result = ""
        var inQuotes = false
        for character in message {
            if character == "\"" {
                if inQuotes { result += "…\"" } else { result.append(character) }
                inQuotes.toggle()
            } else if !inQuotes {
                result.append(character)
            }
        }
        if inQuotes { result += "…" }
        return result
    }
}

extension PostgresError {
    static func cancelledBeforeStart(query: String?) -> PostgresError {
        PostgresError(
            code: .cancelled, sqlState: "57014", message: "canceling statement: the task was cancelled before it ran",
            query: query)
    }

    static func decoding(_ message: String) -> PostgresError {
        PostgresError(code: .decoding, message: message)
    }
}
