import Hummingbird
import Logging
import Postgres

/// Builds the Duban HTTP application: routes, middleware and services, ready to run.
///
/// Tests call this in-process (`try await app.test(.router) { client in … }`); `duban-server serve`
/// runs it. The caller owns `pool` and closes it after the application has stopped.
public func buildApplication(
    configuration: ServerConfiguration,
    pool: PostgresConnectionPool,
    migrator: Migrator,
    logger: Logger
) -> some ApplicationProtocol {
    let router = Router()
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: ErrorMiddleware())
    HealthController(pool: pool, migrator: migrator).register(on: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "duban-server"),
        onServerRunning: { channel in
            logger.info("duban-server listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
        },
        logger: logger
    )
}
