import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import Testing

@Suite struct HealthTests {
    @Test func readyOnlyWhenMigrated() async throws {
        try await TestDatabase.withDatabase { configuration in
            var serverConfiguration = try ServerConfiguration(environment: [:])
            serverConfiguration.database = configuration
            let pool = PostgresConnectionPool(configuration: configuration, maxConnections: 2, logger: Fixtures.logger)
            let migrator = try Fixtures.migrator()
            let app = await buildApplication(configuration: serverConfiguration, pool: pool, migrator: migrator, logger: Fixtures.logger)
            try await app.test(.router) { client in
                try await client.execute(uri: "/healthz", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("\"ok\""))
                }
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(String(buffer: response.body).contains("pending"))
                }
                try await pool.withConnection { connection in
                    _ = try await migrator.migrate(on: connection, logger: Fixtures.logger)
                }
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("current"))
                }
                try await client.execute(uri: "/no-such-route", method: .get) { response in
                    #expect(response.status == .notFound)
                }
            }
            await pool.close()
        }
    }

    @Test func unreachableDatabaseIsNotReady() async throws {
        let unreachable = PostgresConfiguration(parameters: ["host": "127.0.0.1", "port": "1", "connect_timeout": "2"])
        var serverConfiguration = try ServerConfiguration(environment: [:])
        serverConfiguration.database = unreachable
        let pool = PostgresConnectionPool(configuration: unreachable, maxConnections: 1, acquireTimeout: .seconds(2),
                                          logger: Fixtures.logger)
        let app = await buildApplication(configuration: serverConfiguration, pool: pool, migrator: try Fixtures.migrator(),
                                   logger: Fixtures.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] != nil)
            }
        }
        await pool.close()
    }

    @Test func badEnvironmentIsRefused() throws {
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(environment: ["DUBAN_PORT": "eighty"]) }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(environment: ["DUBAN_LOG_LEVEL": "loud"]) }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(environment: ["DUBAN_DB_POOL_SIZE": "0"]) }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(environment: ["DUBAN_PLAN_CACHE_MODE": "fast"]) }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(environment: ["DUBAN_DB_CONNECTION_MAX_AGE": "0"]) }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(environment: ["DUBAN_DB_CONNECTION_MAX_AGE": "an hour"]) }
        #expect(try ServerConfiguration(environment: ["DUBAN_DB_CONNECTION_MAX_AGE": "300"]).connectionMaxAge == .seconds(300))
        #expect(try ServerConfiguration(environment: [:]).connectionMaxAge == .seconds(60))
    }

    @Test func theServersConnectionsPlanPreparedStatementsOnceAndKeepPGOPTIONS() async throws {
        let configuration = try ServerConfiguration(environment: ["PGOPTIONS": "-c work_mem=8MB"])
        #expect(configuration.database.parameters["options"] == "-c work_mem=8MB -c plan_cache_mode=force_generic_plan -c jit=off")
        try await AuthFixture.with { fixture in
            let settings = try await fixture.pool.withConnection { connection in
                try await connection.query("SELECT current_setting('plan_cache_mode'), current_user::text, current_setting('jit')")[0]
            }
            #expect(try settings.decode(String.self, at: 0) == "force_generic_plan")
            #expect(try settings.decode(String.self, at: 1) == "duban_server", "the server's own role, as deployed")
            #expect(try settings.decode(String.self, at: 2) == "off")
        }
        let auto = try ServerConfiguration(environment: ["DUBAN_PLAN_CACHE_MODE": "auto"])
        #expect(auto.database.parameters["options"] == "-c plan_cache_mode=auto -c jit=off")
    }
}
