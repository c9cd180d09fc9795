import Foundation

/// Where and how to connect: libpq keyword/value parameters.
///
/// Keywords are libpq's (`host`, `port`, `dbname`, `user`, `password`, `sslmode`,
/// `application_name`, `connect_timeout`...). Those not given fall back to libpq's defaults and
/// the `PG*` environment variables, so ``environment`` alone connects wherever `psql` would.
///
/// ```swift
/// let configuration = PostgresConfiguration.environment.with("application_name", "duban-server")
/// ```
public struct PostgresConfiguration: Sendable, Hashable {
    /// libpq keyword/value parameters (host, port, dbname, user, password, sslmode, application_name, ...).
    /// Keywords not given fall back to libpq's defaults and the PG* environment variables.
    public var parameters: [String: String]
    /// Passed as libpq's expand_dbname: when true, a `dbname` value may itself be a URI or conninfo string.
    ///
    /// Its settings override this module's defaults (`client_encoding`, `connect_timeout`) and are
    /// overridden by the other keywords in ``parameters``.
    public var expandDatabaseName: Bool
    /// True when the connection goes through a pooler in transaction pooling mode (pgbouncer's
    /// `pool_mode = transaction`): consecutive transactions may run on different backends, so
    /// nothing may rely on session state. Statements are then never prepared by name (each is
    /// parsed with its parameters, unnamed), and the session settings this module needs (UTC,
    /// ISO dates, hex bytea) are checked on connect instead of set: they must be the login role's
    /// defaults (`ALTER ROLE … SET`).
    public var transactionPooling: Bool

    /// A configuration from explicit parameters; the rest comes from the PG* environment.
    public init(parameters: [String: String] = [:], expandDatabaseName: Bool = false, transactionPooling: Bool = false) {
        self.parameters = parameters
        self.expandDatabaseName = expandDatabaseName
        self.transactionPooling = transactionPooling
    }

    /// A configuration taken wholly from the PG* environment (no explicit parameters).
    public static var environment: PostgresConfiguration { PostgresConfiguration() }

    /// A copy with one parameter set.
    public func with(_ keyword: String, _ value: String) -> PostgresConfiguration {
        var copy = self
        copy.parameters[keyword] = value
        return copy
    }

    /// The keyword/value pairs for `PQconnectdbParams`, in the order that gives the precedence
    /// documented on ``expandDatabaseName``: libpq lets a later keyword override an earlier one.
    ///
    /// `client_encoding=UTF8` is added unless given, since results are decoded as UTF-8; and
    /// `connect_timeout=10` unless given here or in `PGCONNECT_TIMEOUT`, so an unreachable host
    /// fails instead of hanging.
    func libpqParameters(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [(keyword: String, value: String)] {
        var result: [(keyword: String, value: String)] = []
        if parameters["client_encoding"] == nil {
            result.append(("client_encoding", "UTF8"))
        }
        if parameters["connect_timeout"] == nil && environment["PGCONNECT_TIMEOUT"] == nil {
            result.append(("connect_timeout", "10"))
        }
        if let dbname = parameters["dbname"] {
            result.append(("dbname", dbname))
        }
        for (keyword, value) in parameters.sorted(by: { $0.key < $1.key }) where keyword != "dbname" {
            result.append((keyword, value))
        }
        return result
    }
}
