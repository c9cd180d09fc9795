import DubanCore
import Hummingbird
import Logging
import Postgres

/// `/healthz` (the process answers) and `/readyz` (the database answers and its schema is current).
struct HealthRoutes: Sendable {
    let pool: PostgresConnectionPool
    let migrator: Migrator
    /// How long the database may take before `/readyz` answers 503.
    let timeout: Duration
    /// Shown in /readyz when the server has one; its lag never makes the server unready (reads fall back).
    var replica: ReadReplica?
    /// Its state (`signed`, `unsigned`, `broken`) is shown in /readyz; it never makes the server unready.
    var checkpointer: AuditCheckpointer?

    struct Health: ResponseEncodable {
        var status: String
        var version: String
    }

    struct Readiness: ResponseEncodable {
        var status: String
        var database: String
        var migrations: String
        var pending: [Int]?
        var replica: ReplicaReadiness?
        /// The audit checkpoints: `signed`, `unsigned` (no DUBAN_AUDIT_KEY_FILE) or `broken`.
        var checkpoints: String?
    }

    struct ReplicaReadiness: Codable, Sendable {
        var serving: Bool
        var maxLagSeconds: Double
        var fallbacks: Int
        var lagSeconds: Double?
        var lastError: String?
    }

    private var replicaReadiness: ReplicaReadiness? {
        replica.map { replica in
            let status = replica.status
            return ReplicaReadiness(serving: status.serving, maxLagSeconds: Double(replica.maxLag.components.seconds),
                                    fallbacks: status.fallbacks, lagSeconds: status.lagSeconds, lastError: status.lastError)
        }
    }

    func register(on routes: APIRoutes) {
        routes.add(.get, "/healthz", access: .anyone) { _, _ in
            Health(status: "ok", version: DubanVersion.current)
        }
        routes.add(.get, "/readyz", access: .anyone) { _, context in
            try await ready(logger: context.logger)
        }
    }

    private func ready(logger: Logger) async throws -> EditedResponse<Readiness> {
        let status: Migrator.Status
        do {
            status = try await withThrowingTaskGroup(of: Migrator.Status?.self) { group in
                group.addTask { try await pool.withConnection { try await migrator.status(on: $0) } }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let status = first else {
                    throw PostgresError(code: .timeout, message: "readiness check timed out")
                }
                return status
            }
        } catch {
            logger.warning("readiness check failed", metadata: ["error": "\(error)"])
            return EditedResponse(
                status: .serviceUnavailable,
                headers: [.retryAfter: "5"],
                response: Readiness(status: "unavailable", database: "unreachable", migrations: "unknown")
            )
        }
        guard status.isCurrent else {
            return EditedResponse(
                status: .serviceUnavailable,
                headers: [.retryAfter: "30"],
                response: Readiness(status: "unavailable", database: "ok",
                                    migrations: status.changed.isEmpty && status.unknownVersions.isEmpty ? "pending" : "mismatch",
                                    pending: status.pending.map(\.version))
            )
        }
        return EditedResponse(status: .ok, response: Readiness(status: "ready", database: "ok", migrations: "current",
                                                               replica: replicaReadiness, checkpoints: checkpointer?.status))
    }
}
