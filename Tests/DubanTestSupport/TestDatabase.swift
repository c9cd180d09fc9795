import Foundation
import Logging
import Postgres

/// Fresh, uniquely named PostgreSQL databases for tests, on the server the `PG*` environment
/// points at (`eval "$(Tools/dev-db env)"`, or `Tools/test`, which sets it up).
///
/// Tests run in parallel, so each gets its own database:
///
/// ```swift
/// @Test func insertsUser() async throws {
///     try await TestDatabase.withDatabase { configuration in
///         let connection = try await PostgresConnection.connect(configuration, logger: logger)
///         ...
///     }
/// }
/// ```
///
/// Without a reachable server these functions throw ``TestDatabaseUnavailable``: tests fail, never skip.
public enum TestDatabase {
    /// A database created for one test; ``drop()`` removes it.
    public struct Handle: Sendable {
        /// The database's name, `t_<random hex>_<test name>`.
        public let name: String
        /// The environment's configuration with `dbname` set to this database.
        public let configuration: PostgresConfiguration
        let logger: Logger

        /// Drops the database, ending any session still connected to it. Idempotent.
        public func drop() async throws {
            // The superuser (when Tools/test names one) may end sessions of other roles, such as duban_server.
            let connection = try await TestDatabase.connectToServer(logger: logger, asSuperuser: true)
            defer { connection.close() }
            try await connection.execute(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)"))
        }
    }

    /// Quiet by default: warnings and errors only.
    public static var defaultLogger: Logger {
        var logger = Logger(label: "duban.tests.postgres")
        logger.logLevel = .warning
        return logger
    }

    /// The server's configuration: wholly from the `PG*` environment.
    public static var serverConfiguration: PostgresConfiguration { .environment }

    /// Creates a fresh, empty database; its name includes `function` to tell leftovers apart.
    public static func create(function: String = #function, logger: Logger = defaultLogger) async throws -> Handle {
        let name = uniqueName(for: function)
        let connection = try await connectToServer(logger: logger)
        defer { connection.close() }
        try await connection.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(name)\""))
        return Handle(name: name, configuration: serverConfiguration.with("dbname", name), logger: logger)
    }

    /// Creates a fresh database, runs `body` with its configuration, and always drops it.
    nonisolated(nonsending)
    public static func withDatabase<T>(
        function: String = #function, logger: Logger = defaultLogger,
        _ body: (PostgresConfiguration) async throws -> T
    ) async throws -> T {
        let database = try await create(function: function, logger: logger)
        let value: T
        do {
            value = try await body(database.configuration)
        } catch {
            try? await database.drop()
            throw error
        }
        try await database.drop()
        return value
    }

    /// Creates a fresh database, runs `body` with a connection to it, then closes the connection
    /// and drops the database.
    nonisolated(nonsending)
    public static func withConnection<T>(
        function: String = #function, logger: Logger = defaultLogger,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withDatabase(function: function, logger: logger) { configuration in
            let connection = try await PostgresConnection.connect(configuration, logger: logger)
            defer { connection.close() }
            return try await body(connection)
        }
    }

    /// `t_` + 16 random hex digits + the test's name in lowercase letters and digits: unique, and
    /// safe inside double quotes.
    static func uniqueName(for function: String) -> String {
        let random = String(UInt64.random(in: .min ... .max), radix: 16)
        let hex = String(repeating: "0", count: 16 - random.count) + random
        let label = String(function.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(Character.init).prefix(40))
        return label.isEmpty ? "t_\(hex)" : "t_\(hex)_\(label)"
    }

    static func connectToServer(logger: Logger, asSuperuser: Bool = false) async throws -> PostgresConnection {
        var configuration = serverConfiguration
        if asSuperuser, let superuser = ProcessInfo.processInfo.environment["DUBAN_TEST_SUPERUSER"], !superuser.isEmpty {
            configuration = configuration.with("user", superuser)
        }
        do {
            return try await PostgresConnection.connect(configuration, logger: logger)
        } catch {
            throw TestDatabaseUnavailable(underlying: "\(error)")
        }
    }
}

/// No PostgreSQL server for tests could be reached.
public struct TestDatabaseUnavailable: Error, CustomStringConvertible {
    /// Why connecting failed (libpq's message).
    public let underlying: String

    public var description: String {
        "no PostgreSQL for tests: run Tools/test, or eval \"$(Tools/dev-db env)\" (\(underlying))"
    }
}
