import DubanServer
import Postgres
import Testing

/// The scale-out settings refuse bad values by name, and their defaults are what the docs say.
@Suite struct ScaleOutConfigurationTests {
    private func refusal(_ environment: [String: String]) -> ConfigurationError? {
        do {
            _ = try ServerConfiguration(environment: environment)
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    @Test func badValuesAreRefusedByName() {
        #expect(refusal(["DUBAN_DB_POOLER": "pgpool"])?.variable == "DUBAN_DB_POOLER")
        let noListen = refusal(["DUBAN_DB_POOLER": "pgbouncer", "DUBAN_DATABASE_URL": "postgresql://x@127.0.0.1:6432/duban"])
        #expect(noListen?.variable == "DUBAN_LISTEN_DATABASE_URL")
        #expect(noListen?.description.contains("direct connection") == true)
        #expect(refusal(["DUBAN_READ_MAX_LAG": "-1"])?.variable == "DUBAN_READ_MAX_LAG")
        #expect(refusal(["DUBAN_READ_LAG_INTERVAL": "0"])?.variable == "DUBAN_READ_LAG_INTERVAL")
        #expect(refusal(["DUBAN_READ_POOL_SIZE": "many"])?.variable == "DUBAN_READ_POOL_SIZE")
        #expect(refusal(["DUBAN_WATCH_MAX_WAIT": "301"])?.variable == "DUBAN_WATCH_MAX_WAIT")
        #expect(refusal(["DUBAN_TRUSTED_PROXIES": "nginx.local"])?.variable == "DUBAN_TRUSTED_PROXIES")
    }

    @Test func defaultsAndAPooledSetup() throws {
        let plain = try ServerConfiguration(environment: [:])
        #expect(plain.pooler == .none && !plain.database.transactionPooling)
        #expect(plain.readDatabase == nil && plain.readMaxLag == .seconds(30) && plain.readLagInterval == .seconds(2))
        #expect(plain.watchMaxWait == .seconds(25) && plain.trustedProxies == .none)
        #expect(plain.database.parameters["options"]?.contains("jit=off") == true)

        let pooled = try ServerConfiguration(environment: [
            "DUBAN_DB_POOLER": "pgbouncer", "DUBAN_DATABASE_URL": "postgresql://duban_server@127.0.0.1:6432/duban",
            "DUBAN_LISTEN_DATABASE_URL": "postgresql://duban_server@/duban?host=/run/postgresql",
            "DUBAN_READ_DATABASE_URL": "postgresql://duban_server@10.0.0.2/duban", "DUBAN_READ_MAX_LAG": "5",
        ])
        #expect(pooled.database.transactionPooling, "no named statements through pgbouncer")
        #expect(pooled.database.parameters["options"] == nil, "pgbouncer refuses the options startup parameter")
        #expect(!pooled.listenDatabase.transactionPooling && pooled.listenDatabase.parameters["dbname"]?.contains("/run/postgresql") == true)
        #expect(pooled.listenDatabase.parameters["options"]?.contains("jit=off") == true, "the direct connection keeps its settings")
        #expect(pooled.readDatabase?.parameters["dbname"]?.contains("10.0.0.2") == true && pooled.readMaxLag == .seconds(5))
    }
}
