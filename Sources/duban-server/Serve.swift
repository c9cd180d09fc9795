import ArgumentParser
import DubanServer
import Foundation
import Hummingbird
import Logging
import Postgres

extension DubanServerCommand {
    /// `duban-server serve`: runs the HTTP API until SIGTERM or SIGINT, then drains and stops.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the HTTP API.",
            discussion: """
                Environment (flags override): DUBAN_HOST (127.0.0.1), DUBAN_PORT (8080), DUBAN_DB_POOL_SIZE
                (2 × cores, at least 4), DUBAN_DB_ACQUIRE_TIMEOUT (5 s), DUBAN_LOG_LEVEL (info), DUBAN_LOG_FORMAT
                (json|text), DUBAN_DATABASE_URL or PG*. Several servers may share one database. Behind pgbouncer
                (transaction pooling): DUBAN_DB_POOLER=pgbouncer and DUBAN_LISTEN_DATABASE_URL (a direct connection for
                LISTEN). Read-only routes (oversight, public page) may read a streaming replica: DUBAN_READ_DATABASE_URL,
                DUBAN_READ_MAX_LAG (30 s; past it they read the primary), DUBAN_READ_POOL_SIZE, DUBAN_READ_LAG_INTERVAL (2 s).
                Long polls (GET /v1/sync/wait) wait at most DUBAN_WATCH_MAX_WAIT (25 s). GET /healthz answers while the process is up; GET /readyz
                answers 200 only when the database is reachable and its migrations are current.
                SIGTERM or SIGINT stops accepting connections, finishes requests in flight, then exits.
                Connect as the database role duban_server (created by the migrations; a member of duban_app,
                owning nothing, so row-level security applies), not as the owner that runs `migrate`.
                Sign-in settings: DUBAN_BCRYPT_COST (12), DUBAN_SESSION_TTL_DAYS (60, sliding),
                DUBAN_SIGNIN_SLOW_AFTER (3), DUBAN_SIGNIN_LOCK_AFTER (10 per login),
                DUBAN_SIGNIN_ADDRESS_LOCK_AFTER (50 per address), DUBAN_SIGNIN_LOCK_SECONDS (900),
                DUBAN_SIGNIN_WINDOW_SECONDS (900).
                Audit checkpoints are signed with the Ed25519 key in DUBAN_AUDIT_KEY_FILE (duban-server audit-key
                generate); without it the server runs, warns at start, and /readyz reports "checkpoints": "unsigned".
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Address to listen on (default $DUBAN_HOST or 127.0.0.1).") var host: String?
        @Option(help: "TCP port (default $DUBAN_PORT or 8080).") var port: Int?
        @Option(name: .customLong("pool-size"), help: "PostgreSQL connections (default $DUBAN_DB_POOL_SIZE or 2 × cores).")
        var poolSize: Int?
        @Option(name: .customLong("log-level"), help: "trace|debug|info|notice|warning|error|critical.") var logLevel: String?
        @Option(name: .customLong("log-format"), help: "json or text.") var logFormat: String?

        /// Refuses a role row-level security does not apply to. A database not reachable yet is not
        /// checked here (the server waits for it, and `/readyz` says so).
        static func checkRole(_ configuration: PostgresConfiguration, logger: Logger) async throws {
            let connection: PostgresConnection
            do {
                connection = try await PostgresConnection.connect(configuration, logger: logger)
            } catch {
                logger.warning("the database role could not be checked: the database is not reachable yet", metadata: ["error": "\(error)"])
                return
            }
            defer { connection.close() }
            if let refusal = try await ServerRoleCheck.refusal(on: connection) { throw refusal }
        }

        func run() async throws {
            try await CommandSupport.run {
                var environment = CommandSupport.environment
                if let host { environment["DUBAN_HOST"] = host }
                if let port { environment["DUBAN_PORT"] = String(port) }
                if let poolSize { environment["DUBAN_DB_POOL_SIZE"] = String(poolSize) }
                if let logLevel { environment["DUBAN_LOG_LEVEL"] = logLevel }
                if let logFormat { environment["DUBAN_LOG_FORMAT"] = logFormat }
                var configuration = try ServerConfiguration(environment: environment)
                configuration.database = configuration.withSessionSettings(database.configuration(environment: environment))
                if (environment["DUBAN_LISTEN_DATABASE_URL"] ?? "").isEmpty {
                    // LISTEN where the server connects (no pooler: ServerConfiguration refuses one without the variable).
                    configuration.listenDatabase = configuration.withSessionSettings(configuration.database, pooled: false)
                        .with("application_name", "duban-server-listen")
                }
                CommandSupport.bootstrapLogging(format: configuration.logFormat, level: configuration.logLevel)
                let logger = Logger(label: "duban")
                if let clockFile = environment["DUBAN_CLOCK_FILE"], !clockFile.isEmpty {
                    logger.warning("deadlines are judged by the drill clock in DUBAN_CLOCK_FILE, not the machine's clock",
                                   metadata: ["file": "\(clockFile)", "now": "\(configuration.clock.now())"])
                }
                if configuration.auditKey == nil {
                    logger.warning("""
                        audit checkpoints are unsigned: DUBAN_AUDIT_KEY_FILE is not set, so nothing outside the database \
                        witnesses the audit chain (duban-server audit-key generate --out FILE) / \
                        审计检查点未签名：未设置 DUBAN_AUDIT_KEY_FILE，数据库之外无任何凭据可证明审计链未被改写\
                        （可用 duban-server audit-key generate --out 文件 生成密钥）
                        """)
                } else if let key = configuration.auditKey {
                    logger.info("audit checkpoints are signed", metadata: ["key_id": "\(key.keyID)", "public_key": "\(key.publicKey)"])
                }
                let migrator = try database.migrator(environment: environment)
                try await Self.checkRole(configuration.database, logger: logger)
                let pool = PostgresConnectionPool(configuration: configuration.database, maxConnections: configuration.poolSize,
                                                  acquireTimeout: configuration.acquireTimeout,
                                                  maxConnectionAge: configuration.connectionMaxAge, logger: logger)
                let replica = configuration.readDatabase.map { readDatabase in
                    ReadReplica(pool: PostgresConnectionPool(configuration: readDatabase, maxConnections: configuration.readPoolSize,
                                                             acquireTimeout: configuration.acquireTimeout,
                                                             maxConnectionAge: configuration.connectionMaxAge, logger: logger),
                                maxLag: configuration.readMaxLag)
                }
                if configuration.pooler == .pgbouncer {
                    logger.info("behind a transaction pooler: no named statements, no session settings; LISTEN connects directly")
                }
                let app = await buildApplication(configuration: configuration, pool: pool, replica: replica, migrator: migrator, logger: logger)
                do {
                    try await app.runService()
                } catch {
                    await replica?.pool.close()
                    await pool.close()
                    throw error
                }
                await replica?.pool.close()
                await pool.close()
                logger.info("duban-server stopped")
            }
        }
    }
}
