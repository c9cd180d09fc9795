/// A SQL statement and its bind parameters, written as a string literal.
///
/// Every interpolated value becomes a bind parameter (`$1`, `$2`...), so a query written the
/// natural way cannot be injected:
///
/// ```swift
/// let query: PostgresQuery = "SELECT * FROM users WHERE email = \(email) AND active = \(true)"
/// // sql: "SELECT * FROM users WHERE email = $1 AND active = $2", binds: [email, true]
/// ```
///
/// An optional value that is nil becomes SQL NULL. For a trusted SQL fragment (a constant in
/// our code, never user input) write `\(unescaped: "ORDER BY created_at")`.
///
/// `description` shows the SQL and the number of binds, never their values.
public struct PostgresQuery: ExpressibleByStringInterpolation, Sendable, Hashable, CustomStringConvertible {
    /// The SQL text, with `$n` placeholders.
    public private(set) var sql: String
    /// The values for the placeholders, `$1` first.
    public private(set) var binds: [PostgresBind]

    /// A query from SQL text you vouch for and its binds. Never build `sql` from user input.
    public init(unsafeSQL sql: String, binds: [PostgresBind] = []) {
        self.sql = sql
        self.binds = binds
    }

    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    public var description: String {
        binds.isEmpty ? sql : "\(sql) [\(binds.count) bind\(binds.count == 1 ? "" : "s")]"
    }

    /// Builds the SQL text and binds of an interpolated query literal.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var sql: String
        var binds: [PostgresBind]

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + 3 * interpolationCount)
            binds = []
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// A bind parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            appendBind(value.postgresBind)
        }

        /// A bind parameter; nil is SQL NULL.
        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            appendBind(value?.postgresBind ?? .null)
        }

        /// A trusted SQL fragment pasted as is: constants in our code only, never user input.
        public mutating func appendInterpolation(unescaped fragment: String) {
            sql += fragment
        }

        private mutating func appendBind(_ bind: PostgresBind) {
            binds.append(bind)
            sql += "$\(binds.count)"
        }
    }
}
