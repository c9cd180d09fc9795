import DubanTestSupport
import Postgres
import Testing

@Suite struct PostgresConfigurationTests {
    @Test func environmentHasNoExplicitParametersAndWithCopies() {
        let environment = PostgresConfiguration.environment
        #expect(environment.parameters.isEmpty)
        #expect(!environment.expandDatabaseName)
        let named = environment.with("application_name", "a").with("dbname", "b")
        #expect(named.parameters == ["application_name": "a", "dbname": "b"])
        #expect(environment.parameters.isEmpty)
    }

    /// The expanded conninfo overrides this module's defaults; explicit keywords override it.
    @Test func expandedDatabaseNameSitsBetweenDefaultsAndExplicitKeywords() async throws {
        try await TestDatabase.withDatabase { configuration in
            let dbname = try #require(configuration.parameters["dbname"])
            let expanded = PostgresConfiguration(
                parameters: [
                    "dbname": "dbname=\(dbname) application_name=from_conninfo client_encoding=LATIN1",
                    "application_name": "explicit",
                ],
                expandDatabaseName: true)
            let connection = try await PostgresConnection.connect(expanded, logger: TestDatabase.defaultLogger)
            defer { connection.close() }
            let row = try await connection.query(
                "SELECT current_database(), current_setting('application_name'), current_setting('client_encoding')")[0]
            #expect(row[0] == dbname)
            #expect(row[1] == "explicit")
            #expect(row[2] == "LATIN1")
        }
    }

    @Test func withoutExpansionADatabaseNameIsJustAName() async throws {
        let configuration = PostgresConfiguration.environment.with("dbname", "dbname=duban application_name=x")
        let error = try await #require(throws: PostgresError.self) {
            try await PostgresConnection.connect(configuration, logger: TestDatabase.defaultLogger)
        }
        #expect(error.code == .connectionFailed)
        #expect(error.message.contains("dbname=duban application_name=x"))
    }
}
