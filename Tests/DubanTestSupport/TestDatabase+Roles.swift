import Foundation
import Postgres

extension TestDatabase {
    /// The same database, logged in as the server's runtime role `duban_server` (created by the
    /// migrations: a member of duban_app, owning nothing, so row-level security applies).
    public static func serverRole(_ configuration: PostgresConfiguration) -> PostgresConfiguration {
        configuration.with("user", "duban_server")
    }

    /// The same database, logged in as a superuser (`$DUBAN_TEST_SUPERUSER`, default `postgres`), for
    /// tests that tamper with rows or assume other roles.
    public static func superuser(_ configuration: PostgresConfiguration) -> PostgresConfiguration {
        configuration.with("user", ProcessInfo.processInfo.environment["DUBAN_TEST_SUPERUSER"] ?? "postgres")
    }
}
