import DubanCore
import Foundation
import Logging
import Postgres

/// How `duban-server serve` runs. Every field has a documented default and an environment variable;
/// command-line flags override the environment.
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `DUBAN_HOST` | `127.0.0.1` | address to listen on |
/// | `DUBAN_PORT` | `8080` | TCP port (0 picks a free one) |
/// | `DUBAN_DB_POOL_SIZE` | 2 × cores, at least 4 | PostgreSQL connections |
/// | `DUBAN_DB_ACQUIRE_TIMEOUT` | `5` | seconds a request waits for a connection |
/// | `DUBAN_DB_CONNECTION_MAX_AGE` | `60` | seconds after which a connection is replaced (its plans made again) |
/// | `DUBAN_PLAN_CACHE_MODE` | `force_generic_plan` | PostgreSQL's `plan_cache_mode` for the server's connections |
/// | `DUBAN_DATABASE_URL` | none | a `postgresql://` URI or conninfo; otherwise libpq's `PG*` variables |
/// | `DUBAN_DB_POOLER` | `none` | `pgbouncer` when `DUBAN_DATABASE_URL` goes through a transaction pooler |
/// | `DUBAN_LISTEN_DATABASE_URL` | the main database | a direct connection to the primary for LISTEN (required behind a pooler) |
/// | `DUBAN_READ_DATABASE_URL` | none | a second database (a streaming replica) for read-only routes |
/// | `DUBAN_READ_POOL_SIZE` | `DUBAN_DB_POOL_SIZE` | connections to the read database |
/// | `DUBAN_READ_MAX_LAG` | `30` | seconds of replica lag past which reads go to the primary |
/// | `DUBAN_READ_LAG_INTERVAL` | `2` | seconds between replica lag checks |
/// | `DUBAN_TRUSTED_PROXIES` | none | reverse proxies (addresses, CIDR ranges) whose `X-Forwarded-For` names the client |
/// | `DUBAN_WATCH_MAX_WAIT` | `25` | the longest a long poll (`GET /v1/sync/wait`) waits, in seconds |
/// | `DUBAN_READY_TIMEOUT` | `3` | how long `/readyz` waits for the database before answering 503, in seconds |
/// | `DUBAN_LOG_LEVEL` | `info` | trace, debug, info, notice, warning, error, critical |
/// | `DUBAN_LOG_FORMAT` | `json` | `json` (one object a line) or `text` |
/// | `DUBAN_EVIDENCE_MAX_BYTES` | 52428800 (50 MiB) | the largest evidence file |
/// | `DUBAN_AUDIT_KEY_FILE` | none | the Ed25519 key that signs audit checkpoints (`duban-server audit-key generate`); without it checkpoints are unsigned |
/// | `DUBAN_MIGRATIONS_DIR` | `SQL/migrations` found near the binary or working directory | |
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var poolSize: Int
    public var acquireTimeout: Duration
    /// A connection older than this is replaced when it comes back to the pool (`DUBAN_DB_CONNECTION_MAX_AGE`, 60 s).
    public var connectionMaxAge: Duration
    public var database: PostgresConfiguration
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var migrationsDirectory: String?
    /// Sign-in, session and throttling rules (see `AuthSettings` for their variables).
    public var auth: AuthSettings
    /// The largest evidence file accepted (`DUBAN_EVIDENCE_MAX_BYTES`, default 50 MiB).
    public var evidenceMaxBytes: Int64
    /// The clock deadlines are judged by: the machine's, or `DUBAN_CLOCK_FILE` for drills and tests.
    public var clock: ServerClock
    /// How often the light keeper recomputes `duban.status_lights` (`DUBAN_LIGHT_INTERVAL` seconds, default 60).
    public var lightInterval: Duration
    /// From how many led tasks a staff pull reads the feed in one filtered walk instead of one index
    /// range per task (`DUBAN_PULL_RANGE_FROM_LED_TASKS`, default 16).
    public var pullRangeScanFromLedTasks: Int
    /// PostgreSQL's `plan_cache_mode` for the server's connections (`DUBAN_PLAN_CACHE_MODE`, default `force_generic_plan`).
    public var planCacheMode: String
    /// `PGOPTIONS` as the server found it: libpq's `options` keyword replaces it, so it is carried over.
    var inheritedOptions: String
    /// What stands between the server and PostgreSQL (`DUBAN_DB_POOLER`, default none).
    public var pooler: Pooler
    /// A direct connection to the primary for `LISTEN` (`DUBAN_LISTEN_DATABASE_URL`, default the main database).
    public var listenDatabase: PostgresConfiguration
    /// The read-only routes' database, a streaming replica (`DUBAN_READ_DATABASE_URL`), or nil for the primary.
    public var readDatabase: PostgresConfiguration?
    /// Connections to the read database (`DUBAN_READ_POOL_SIZE`, default the pool size).
    public var readPoolSize: Int
    /// Replica lag past which reads go to the primary (`DUBAN_READ_MAX_LAG` seconds, default 30).
    public var readMaxLag: Duration
    /// How often the replica's lag is measured (`DUBAN_READ_LAG_INTERVAL` seconds, default 2).
    public var readLagInterval: Duration
    /// The longest a long poll waits for a change (`DUBAN_WATCH_MAX_WAIT` seconds, default 25).
    public var watchMaxWait: Duration
    /// How long `/readyz` waits for the database before it answers 503 (`DUBAN_READY_TIMEOUT` seconds, default 3).
    public var readinessTimeout: Duration
    /// Reverse proxies whose `X-Forwarded-For` is believed (`DUBAN_TRUSTED_PROXIES`, default none).
    public var trustedProxies: TrustedProxies
    /// The key that signs audit checkpoints (`DUBAN_AUDIT_KEY_FILE`), read at start; nil: unsigned.
    public var auditKey: AuditSigningKey?

    /// A connection pooler in front of PostgreSQL.
    public enum Pooler: String, Sendable, CaseIterable {
        /// Direct connections: statements prepared once per connection, session settings at connect.
        case none
        /// pgbouncer in transaction pooling mode: nothing relies on session state (see
        /// ``PostgresConfiguration/transactionPooling``); LISTEN goes to `DUBAN_LISTEN_DATABASE_URL`.
        case pgbouncer
    }

    /// How log lines are written.
    public enum LogFormat: String, Sendable, CaseIterable {
        case json, text
    }

    /// Reads the configuration from environment variables; invalid values are errors, not silently replaced.
    public init(environment: [String: String]) throws {
        host = environment["DUBAN_HOST"] ?? "127.0.0.1"
        port = try Self.int(environment, "DUBAN_PORT", default: 8080, range: 0...65535)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        poolSize = try Self.int(environment, "DUBAN_DB_POOL_SIZE", default: max(4, 2 * cores), range: 1...500)
        acquireTimeout = .seconds(try Self.int(environment, "DUBAN_DB_ACQUIRE_TIMEOUT", default: 5, range: 1...300))
        connectionMaxAge = .seconds(try Self.int(environment, "DUBAN_DB_CONNECTION_MAX_AGE", default: 60, range: 1...604_800))
        if let url = environment["DUBAN_DATABASE_URL"], !url.isEmpty {
            database = PostgresConfiguration(parameters: ["dbname": url], expandDatabaseName: true)
        } else {
            database = .environment
        }
        database = database.with("application_name", "duban-server")
        let poolerName = environment["DUBAN_DB_POOLER"].flatMap { $0.isEmpty ? nil : $0 } ?? "none"
        guard let parsedPooler = Pooler(rawValue: poolerName) else {
            throw ConfigurationError(variable: "DUBAN_DB_POOLER", value: poolerName)
        }
        pooler = parsedPooler
        database.transactionPooling = pooler == .pgbouncer
        if let url = environment["DUBAN_LISTEN_DATABASE_URL"], !url.isEmpty {
            listenDatabase = PostgresConfiguration(parameters: ["dbname": url], expandDatabaseName: true)
                .with("application_name", "duban-server-listen")
        } else if pooler == .pgbouncer {
            // LISTEN holds its backend for the session: a transaction pooler cannot give it one.
            throw ConfigurationError(variable: "DUBAN_LISTEN_DATABASE_URL", value: "",
                                     reason: "required with DUBAN_DB_POOLER=pgbouncer: a direct connection to the primary for LISTEN")
        } else {
            listenDatabase = database.with("application_name", "duban-server-listen")
        }
        if let url = environment["DUBAN_READ_DATABASE_URL"], !url.isEmpty {
            readDatabase = PostgresConfiguration(parameters: ["dbname": url], expandDatabaseName: true)
                .with("application_name", "duban-server-read")
        }
        readPoolSize = try Self.int(environment, "DUBAN_READ_POOL_SIZE", default: poolSize, range: 1...500)
        readMaxLag = .seconds(try Self.int(environment, "DUBAN_READ_MAX_LAG", default: 30, range: 0...86_400))
        readLagInterval = .seconds(try Self.int(environment, "DUBAN_READ_LAG_INTERVAL", default: 2, range: 1...3600))
        watchMaxWait = .seconds(try Self.int(environment, "DUBAN_WATCH_MAX_WAIT", default: 25, range: 1...300))
        readinessTimeout = .seconds(try Self.int(environment, "DUBAN_READY_TIMEOUT", default: 3, range: 1...300))
        let proxies = environment["DUBAN_TRUSTED_PROXIES"] ?? ""
        guard let parsedProxies = TrustedProxies(proxies) else {
            throw ConfigurationError(variable: "DUBAN_TRUSTED_PROXIES", value: proxies,
                                     reason: "expected IP addresses or CIDR ranges separated by commas, got \(proxies)")
        }
        trustedProxies = parsedProxies
        // The server's statements are prepared once per connection; planned once too (generic plans),
        // PostgreSQL stops re-planning them, and re-inlining the row-level security functions, at
        // every call (a third more empty syncs per second, BENCHMARKS.md). `auto` restores PostgreSQL's choice.
        planCacheMode = environment["DUBAN_PLAN_CACHE_MODE"].flatMap { $0.isEmpty ? nil : $0 } ?? "force_generic_plan"
        guard ["auto", "force_generic_plan", "force_custom_plan"].contains(planCacheMode) else {
            throw ConfigurationError(variable: "DUBAN_PLAN_CACHE_MODE", value: planCacheMode)
        }
        inheritedOptions = environment["PGOPTIONS"] ?? ""
        let level = environment["DUBAN_LOG_LEVEL"] ?? "info"
        guard let parsedLevel = Logger.Level(rawValue: level) else {
            throw ConfigurationError(variable: "DUBAN_LOG_LEVEL", value: level)
        }
        logLevel = parsedLevel
        let format = environment["DUBAN_LOG_FORMAT"] ?? "json"
        guard let parsedFormat = LogFormat(rawValue: format) else {
            throw ConfigurationError(variable: "DUBAN_LOG_FORMAT", value: format)
        }
        logFormat = parsedFormat
        migrationsDirectory = environment["DUBAN_MIGRATIONS_DIR"]
        if let path = environment["DUBAN_AUDIT_KEY_FILE"], !path.isEmpty {
            auditKey = try AuditSigningKey(contentsOf: path)
        } else {
            auditKey = nil
        }
        auth = try AuthSettings(environment: environment)
        evidenceMaxBytes = Int64(try Self.int(environment, "DUBAN_EVIDENCE_MAX_BYTES", default: EvidencePolicy.defaultMaxFileBytes,
                                              range: 1...(1 << 30)))
        pullRangeScanFromLedTasks = try Self.int(environment, "DUBAN_PULL_RANGE_FROM_LED_TASKS", default: 16, range: 1...100_000)
        lightInterval = .seconds(try Self.int(environment, "DUBAN_LIGHT_INTERVAL", default: 60, range: 1...86400))
        if let path = environment["DUBAN_CLOCK_FILE"], !path.isEmpty {
            clock = .file(path)
        } else {
            clock = .system
        }
        database = withSessionSettings(database)
        listenDatabase = withSessionSettings(listenDatabase, pooled: false)
        readDatabase = readDatabase.map { withSessionSettings($0, pooled: false) }
    }

    /// `base` with the server's session settings in libpq's `options`, after whatever `PGOPTIONS`
    /// said: `plan_cache_mode`, and `jit=off` — a generic plan's cost estimate (a cursor of unknown
    /// value may select a third of the feed) passes `jit_above_cost`, and compiling the pull query
    /// took 22 ms at every sync on a feed of a million changes, for a query that runs in 0.1 ms.
    ///
    /// Behind a transaction pooler (`DUBAN_DB_POOLER=pgbouncer`) nothing is sent at connect (pgbouncer
    /// refuses the `options` startup parameter, and a session setting would stay on one backend):
    /// `jit=off` is set in each transaction's scope instead (`AppDatabase`), and statements are
    /// unnamed, so `plan_cache_mode` has nothing to act on.
    public func withSessionSettings(_ base: PostgresConfiguration, pooled: Bool? = nil) -> PostgresConfiguration {
        var base = base
        base.transactionPooling = pooled ?? (pooler == .pgbouncer)
        if base.transactionPooling {
            base.parameters["options"] = nil
            return base
        }
        let options = [inheritedOptions, "-c plan_cache_mode=\(planCacheMode) -c jit=off"].filter { !$0.isEmpty }.joined(separator: " ")
        return base.with("options", options)
    }

    private static func int(_ environment: [String: String], _ name: String, default value: Int,
                            range: ClosedRange<Int>) throws -> Int {
        guard let text = environment[name], !text.isEmpty else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw ConfigurationError(variable: name, value: text)
        }
        return number
    }
}

/// An environment variable or flag with a value the server cannot use.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var variable: String
    public var value: String
    /// Why the value cannot be used, when "invalid value" alone would not say.
    public var reason: String?

    public init(variable: String, value: String, reason: String? = nil) {
        self.variable = variable
        self.value = value
        self.reason = reason
    }

    public var description: String {
        if let reason { return "\(variable): \(reason)" }
        return "invalid value for \(variable): \(value)"
    }
}
