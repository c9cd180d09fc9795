import Hummingbird
import Logging
import Postgres
import ServiceLifecycle

/// Builds the Duban HTTP application: routes, middleware and services, ready to run.
///
/// Tests call this in-process (`try await app.test(.router) { client in … }`); `duban-server serve`
/// runs it. The caller owns `pool` (and `replica`'s pool) and closes them after the application has stopped.
///
/// Besides the HTTP server it runs the audit sealer (which has checkpoints signed with `configuration.auditKey`), the light keeper, the change listener that
/// wakes long polls (LISTEN on `configuration.listenDatabase`) and, with a replica, its lag monitor.
/// `metrics` collects what `GET /metrics` reports; the pools are registered with it here.
public func buildApplication(
    configuration: ServerConfiguration,
    pool: PostgresConnectionPool,
    replica: ReadReplica? = nil,
    migrator: Migrator,
    logger: Logger,
    metrics: ServerMetrics = ServerMetrics()
) async -> some ApplicationProtocol {
    let database = AppDatabase(pool: pool, replica: replica)
    metrics.addPool(pool, label: ServerMetrics.primaryPool)
    if let replica { metrics.addPool(replica.pool, label: ServerMetrics.readPool) }
    let notifier = ChangeNotifier(configuration: configuration.listenDatabase, logger: logger)
    let checkpointer = AuditCheckpointer(key: configuration.auditKey, clock: configuration.clock)
    let (router, _) = await buildRouter(configuration: configuration, database: database, migrator: migrator, notifier: notifier,
                                        checkpointer: checkpointer, metrics: metrics)
    var services: [any Service] = [
        AuditSealer(database: database, checkpointer: checkpointer, interval: .seconds(2), logger: logger),
        LightKeeper(database: database, clock: configuration.clock, interval: configuration.lightInterval, logger: logger),
        notifier,
    ]
    if let replica {
        replica.observeFallbacks { metrics.countReadFallback() }
        services.append(ReplicaLagMonitor(replica: replica, primary: pool, interval: configuration.readLagInterval, logger: logger,
                                          report: { metrics.setReplicaLag($0) }))
    }
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "duban-server"),
        services: services,
        onServerRunning: { channel in
            logger.info("duban-server listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
        },
        logger: logger
    )
}

/// The router with every route, and the catalogue of routes with their access rules.
///
/// Without a running `notifier` (in-process tests), long polls check the database once a second.
func buildRouter(
    configuration: ServerConfiguration,
    database: AppDatabase,
    migrator: Migrator,
    notifier: ChangeNotifier,
    checkpointer: AuditCheckpointer,
    metrics: ServerMetrics
) async -> (Router<DubanRequestContext>, [RouteDescription]) {
    let router = Router(context: DubanRequestContext.self)
    // Outermost: every answer, errors and 404s included, carries the request's id, and so do its log lines.
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: URITextMiddleware())
    router.add(middleware: ClientAddressMiddleware(proxies: configuration.trustedProxies))
    router.add(middleware: AuthenticationMiddleware(database: database, settings: configuration.auth))
    let routes = APIRoutes(router: router)
    let hasher = PasswordHasher(cost: configuration.auth.bcryptCost)
    HealthRoutes(pool: database.pool, migrator: migrator, timeout: configuration.readinessTimeout,
                 replica: database.replica, checkpointer: checkpointer).register(on: routes)
    MetricsRoutes(metrics: metrics).register(on: routes)
    SessionRoutes(database: database, settings: configuration.auth, hasher: hasher, decoy: await hasher.decoyHash(), metrics: metrics)
        .register(on: routes)
    UnitRoutes(database: database).register(on: routes)
    AdminImportRoutes(database: database, clock: configuration.clock).register(on: routes)
    AccountRoutes(database: database, hasher: hasher).register(on: routes)
    AuditRoutes(database: database, checkpointer: checkpointer).register(on: routes)
    AssignmentRoutes(database: database).register(on: routes)
    TargetRoutes(database: database).register(on: routes)
    SyncRoutes(database: database, clock: configuration.clock,
               rangeScanFromLedTasks: configuration.pullRangeScanFromLedTasks, metrics: metrics).register(on: routes)
    SupervisionRoutes(database: database, clock: configuration.clock).register(on: routes)
    OversightRoutes(database: database, clock: configuration.clock).register(on: routes)
    SyncVerifyRoutes(database: database).register(on: routes)
    SyncWaitRoutes(database: database, notifier: notifier, maxWait: configuration.watchMaxWait, metrics: metrics).register(on: routes)
    EvidenceRoutes(database: database, maxFileBytes: configuration.evidenceMaxBytes).register(on: routes)
    PublicRoutes(database: database).register(on: routes)
    return (router, routes.catalog)
}

/// The router with every route, and the catalogue of routes with their access rules; long polls
/// are served by a notifier that is not listening, so they check the database once a second.
public func buildRouter(
    configuration: ServerConfiguration,
    database: AppDatabase,
    migrator: Migrator,
    metrics: ServerMetrics = ServerMetrics()
) async -> (Router<DubanRequestContext>, [RouteDescription]) {
    let idle = ChangeNotifier(configuration: configuration.listenDatabase, logger: Logger(label: "duban.notifier"))
    return await buildRouter(configuration: configuration, database: database, migrator: migrator, notifier: idle,
                             checkpointer: AuditCheckpointer(key: configuration.auditKey, clock: configuration.clock), metrics: metrics)
}
