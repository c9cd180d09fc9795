import Logging
import Postgres
import ServiceLifecycle

/// Chains committed audit entries every few seconds (`duban.seal_audit`), behind the writers, so
/// appending an entry never waits for a lock shared by all writers; then has the checkpointer sign
/// the new head (at most every `AuditCheckpointer.interval`).
struct AuditSealer: Service {
    let database: AppDatabase
    let checkpointer: AuditCheckpointer
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let sealed = try await database.pool.withConnection { connection in
                    try await connection.query("SELECT duban.seal_audit(10000)")[0].decode(Int.self, at: 0)
                }
                if sealed > 0 { logger.debug("audit entries sealed", metadata: ["count": "\(sealed)"]) }
                try await checkpointer.checkpoint(database: database, force: false, logger: logger)
            } catch {
                logger.warning("audit sealing failed; will retry", metadata: ["error": "\(error)"])
            }
            try? await gracefulShutdown(within: interval)
        }
    }
}

extension AuditSealer {
    /// Sleeps for `duration` or until a graceful shutdown begins, whichever comes first.
    fileprivate func gracefulShutdown(within duration: Duration) async throws {
        try await cancelWhenGracefulShutdown {
            try await Task.sleep(for: duration)
        }
    }
}
