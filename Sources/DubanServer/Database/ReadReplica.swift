import Foundation
import Logging
import Postgres
import ServiceLifecycle
import Synchronization

/// The read-only routes' second database (`DUBAN_READ_DATABASE_URL`), usually a streaming replica,
/// and how far behind the primary it is.
///
/// Lag is measured, not guessed: every check first reads the primary's WAL position and the time,
/// then the replica's replay position. A replica that has replayed up to a sampled position holds
/// every transaction committed before that sample was taken, so its staleness is at most "now minus
/// the newest such sample". PostgreSQL's own `now() - pg_last_xact_replay_timestamp()` is a second
/// upper bound (the oldest transaction the replica lacks committed after its last replayed one); the
/// lag shown is the smaller of the two, and 0 when the replica has replayed everything sampled.
///
/// Reads go to the replica only while its lag is known and at most `maxLag`; otherwise (lagging,
/// unreachable, not yet measured) they go to the primary, and each such read is counted.
public final class ReadReplica: Sendable {
    /// Connections to the replica.
    public let pool: PostgresConnectionPool
    /// Past this lag, reads go to the primary.
    public let maxLag: Duration
    private let state = Mutex(State())
    private let fallbackObservers = Mutex<[@Sendable () -> Void]>([])

    private struct State {
        /// The last measured lag in seconds, or nil when unknown (not measured yet, or the check failed).
        var lagSeconds: Double?
        /// Primary WAL positions and when they were read, oldest first (at most `sampleLimit`).
        var samples: [(lsn: UInt64, at: Date)] = []
        var fallbacks = 0
        var lastError: String?
    }

    static let sampleLimit = 256

    /// A replica reached through `pool`; reads fall back to the primary past `maxLag`.
    public init(pool: PostgresConnectionPool, maxLag: Duration) {
        self.pool = pool
        self.maxLag = maxLag
    }

    /// What the replica looks like now.
    public struct Status: Sendable, Equatable {
        /// Seconds behind the primary, or nil when unknown (unreachable or not measured yet).
        public var lagSeconds: Double?
        /// Whether reads go to the replica now.
        public var serving: Bool
        /// Reads sent to the primary because the replica was lagging or unreachable.
        public var fallbacks: Int
        /// Why the last check failed, if it did.
        public var lastError: String?
    }

    public var status: Status {
        state.withLock { state in
            Status(lagSeconds: state.lagSeconds, serving: Self.serves(lag: state.lagSeconds, maxLag: maxLag),
                   fallbacks: state.fallbacks, lastError: state.lastError)
        }
    }

    private static func serves(lag: Double?, maxLag: Duration) -> Bool {
        guard let lag else { return false }
        return lag <= Double(maxLag.components.seconds) + Double(maxLag.components.attoseconds) / 1e18
    }

    /// Calls `observer` each time a read goes to the primary instead (for `duban_read_fallbacks_total`).
    public func observeFallbacks(_ observer: @escaping @Sendable () -> Void) {
        fallbackObservers.withLock { $0.append(observer) }
    }

    private func reportFallback() {
        for observer in fallbackObservers.withLock({ $0 }) { observer() }
    }

    /// The replica's pool when reads may go there now; otherwise nil, counting a fallback.
    func poolForRead() -> PostgresConnectionPool? {
        let serving = state.withLock { state in
            if Self.serves(lag: state.lagSeconds, maxLag: maxLag) { return true }
            state.fallbacks += 1
            return false
        }
        if !serving { reportFallback() }
        return serving ? pool : nil
    }

    /// Records that a read on the replica failed to reach it: reads go to the primary until the
    /// next check succeeds.
    func markUnreachable(_ error: any Error) {
        state.withLock { state in
            state.lagSeconds = nil
            state.lastError = "\(error)"
            state.fallbacks += 1
        }
        reportFallback()
    }

    /// Measures the lag once: the primary's position through `primary`, then the replica's.
    /// Returns the lag in seconds (also kept for ``status``); throws when either cannot be read,
    /// leaving the lag unknown.
    @discardableResult
    public func check(primary: PostgresConnectionPool, now: @Sendable () -> Date = Date.init) async throws -> Double {
        do {
            let primaryLSN = try await primary.withConnection { connection in
                try await connection.query("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::text")[0].decode(String.self, at: 0)
            }
            let sampledAt = now()
            guard let primaryPosition = UInt64(primaryLSN.split(separator: ".")[0]) else {
                throw PostgresError(code: .protocolViolation, message: "unreadable WAL position \(primaryLSN)")
            }
            let row = try await pool.withConnection { connection in
                try await connection.query("""
                    SELECT pg_is_in_recovery(),
                           (coalesce(pg_last_wal_replay_lsn(), '0/0'::pg_lsn) - '0/0'::pg_lsn)::text,
                           extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8
                    """)[0]
            }
            let inRecovery = try row.decode(Bool.self, at: 0)
            let replayText = try row.decode(String.self, at: 1)
            let replayAge = try row.decodeIfPresent(Double.self, at: 2)
            let replayed = UInt64(replayText.split(separator: ".")[0]) ?? 0
            let lag = state.withLock { state -> Double in
                state.samples.append((primaryPosition, sampledAt))
                if state.samples.count > Self.sampleLimit { state.samples.removeFirst(state.samples.count - Self.sampleLimit) }
                let lag: Double
                if !inRecovery || replayed >= primaryPosition {
                    // Not a standby (the same data as the primary), or it holds everything sampled.
                    lag = 0
                } else {
                    let current = now()
                    let bySample = state.samples.last { $0.lsn <= replayed }.map { current.timeIntervalSince($0.at) }
                    let bounds = [bySample, replayAge].compactMap { $0 }.map { max(0, $0) }
                    lag = bounds.min() ?? .infinity
                }
                state.lagSeconds = lag.isFinite ? lag : nil
                state.lastError = lag.isFinite ? nil : "the replica has replayed nothing yet"
                return lag
            }
            return lag
        } catch {
            state.withLock { state in
                state.lagSeconds = nil
                state.lastError = "\(error)"
            }
            throw error
        }
    }
}

/// Measures the replica's lag every `interval` while the server runs.
struct ReplicaLagMonitor: Service {
    let replica: ReadReplica
    let primary: PostgresConnectionPool
    let interval: Duration
    let logger: Logger
    /// Told every measured lag (nil when unknown), for `duban_replica_lag_seconds`.
    var report: @Sendable (Double?) -> Void = { _ in }

    func run() async throws {
        var wasServing: Bool?
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await replica.check(primary: primary)
            } catch {
                logger.debug("replica lag check failed", metadata: ["error": "\(error)"])
            }
            let status = replica.status
            report(status.lagSeconds)
            if wasServing != status.serving {
                if status.serving {
                    logger.info("read routes use the replica", metadata: ["lag_seconds": "\(status.lagSeconds ?? -1)"])
                } else {
                    logger.warning("read routes use the primary: the replica is lagging or unreachable",
                                   metadata: ["lag_seconds": "\(status.lagSeconds ?? -1)", "max_lag_seconds": "\(replica.maxLag.components.seconds)",
                                              "error": "\(status.lastError ?? "")"])
                }
                wasServing = status.serving
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
