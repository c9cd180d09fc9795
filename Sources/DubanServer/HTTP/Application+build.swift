import Hummingbird
import Logging
import Postgres

/// Builds the Duban HTTP application: routes, middleware and services, ready to run.
///
/// Tests call this in-process (`try await app.test(.router) { client in … }`); `duban-server serve`
/// runs it. The caller owns `pool` and closes it after the application has stopped.
/// `metrics` collects what `GET /metrics` reports; the pool is registered with it here.
public func buildApplication(
    configuration: ServerConfiguration,
    pool: PostgresConnectionPool,
    migrator: Migrator,
    logger: Logger,
    metrics: ServerMetrics = ServerMetrics()
) async -> some ApplicationProtocol {
    let database = AppDatabase(pool: pool)
    metrics.addPool(pool, label: ServerMetrics.primaryPool)
    let (router, _) = await buildRouter(configuration: configuration, database: database, migrator: migrator, metrics: metrics)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "duban-server"),
        services: [AuditSealer(database: database, interval: .seconds(2), logger: logger),
                   LightKeeper(database: database, clock: configuration.clock, interval: configuration.lightInterval, logger: logger)],
        onServerRunning: { channel in
            logger.info("duban-server listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
        },
        logger: logger
    )
}

/// The router with every route, and the catalogue of routes with their access rules.
public func buildRouter(
    configuration: ServerConfiguration,
    database: AppDatabase,
    migrator: Migrator,
    metrics: ServerMetrics = ServerMetrics()
) async -> (Router<DubanRequestContext>, [RouteDescription]) {
    let router = Router(context: DubanRequestContext.self)
    // Outermost: every answer, errors and 404s included, carries the request's id, and so do its log lines.
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: URITextMiddleware())
    router.add(middleware: AuthenticationMiddleware(database: database, settings: configuration.auth))
    let routes = APIRoutes(router: router)
    let hasher = PasswordHasher(cost: configuration.auth.bcryptCost)
    HealthRoutes(pool: database.pool, migrator: migrator).register(on: routes)
    MetricsRoutes(metrics: metrics).register(on: routes)
    SessionRoutes(database: database, settings: configuration.auth, hasher: hasher, decoy: await hasher.decoyHash())
        .register(on: routes)
    UnitRoutes(database: database).register(on: routes)
    AccountRoutes(database: database, hasher: hasher).register(on: routes)
    AuditRoutes(database: database).register(on: routes)
    AssignmentRoutes(database: database).register(on: routes)
    SyncRoutes(database: database, clock: configuration.clock,
               rangeScanFromLedTasks: configuration.pullRangeScanFromLedTasks, metrics: metrics).register(on: routes)
    SupervisionRoutes(database: database, clock: configuration.clock).register(on: routes)
    OversightRoutes(database: database, clock: configuration.clock).register(on: routes)
    SyncVerifyRoutes(database: database).register(on: routes)
    EvidenceRoutes(database: database, maxFileBytes: configuration.evidenceMaxBytes).register(on: routes)
    PublicRoutes(database: database).register(on: routes)
    return (router, routes.catalog)
}
