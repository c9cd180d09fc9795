import ArgumentParser
import DubanServer
import Foundation
import Logging
import Postgres

/// Options shared by every command that talks to PostgreSQL.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: "A postgresql:// URI or libpq conninfo. Default: $DUBAN_DATABASE_URL, else libpq's PG* variables.")
    var databaseURL: String?

    @Option(help: "Folder of numbered migrations (its sibling objects/ holds the function and view files). Default: $DUBAN_MIGRATIONS_DIR, else SQL/migrations near the binary or working directory.")
    var migrations: String?

    func configuration(environment: [String: String]) -> PostgresConfiguration {
        let url = databaseURL ?? environment["DUBAN_DATABASE_URL"]
        var configuration: PostgresConfiguration = .environment
        if let url, !url.isEmpty {
            configuration = PostgresConfiguration(parameters: ["dbname": url], expandDatabaseName: true)
        }
        return configuration.with("application_name", "duban-server")
    }

    func migrator(environment: [String: String]) throws -> Migrator {
        let directory = try Migration.locateDirectory(explicit: migrations, environment: environment)
        return try Migrator.load(migrationsDirectory: directory)
    }

    /// True when a database is named explicitly (the option or `DUBAN_DATABASE_URL`).
    func namesADatabase(environment: [String: String]) -> Bool {
        databaseURL != nil || !(environment["DUBAN_DATABASE_URL"] ?? "").isEmpty
    }

    func connect(logger: Logger) async throws -> PostgresConnection {
        try await PostgresConnection.connect(configuration(environment: ProcessInfo.processInfo.environment), logger: logger)
    }
}
