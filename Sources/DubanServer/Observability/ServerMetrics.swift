import DubanCore
import Postgres
import Synchronization

/// What `GET /metrics` reports: request counts and latencies per route, sync mutations by kind and
/// result, waits for database connections, connections by state, replica lag, read fallbacks,
/// long-poll waiters and the build.
///
/// One instance per application, made by `buildApplication` (or given to it as `metrics:`) and
/// handed to whoever counts something; nothing is global. Every method is
/// cheap and safe to call from any task.
///
/// Label values are bounded so that the number of series is: `route` is the registered pattern
/// (`/v1/tasks/{number}`, never the raw path; `unmatched` when no route matched), `method` one of
/// the standard methods (`other` otherwise), `kind` one of the mutation kinds (`other` otherwise).
public final class ServerMetrics: Sendable {
    /// The `route` label of a request no route matched.
    public static let unmatchedRoute = "unmatched"
    /// The `pool` label of the primary's pool.
    public static let primaryPool = "primary"
    /// The `pool` label of the read (replica) pool.
    public static let readPool = "read"

    /// The mutation kinds counted by name; any other kind is counted as `other`.
    static let mutationKinds = [ReportWritePayload.kind, ReviewWritePayload.kind, AssessmentWritePayload.kind,
                                ExtensionRequestPayload.kind]
    /// The request methods counted by name; any other method is counted as `other`.
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

    private struct RequestKey: Hashable, Comparable {
        var method: String
        var route: String
        var status: Int
        static func < (a: Self, b: Self) -> Bool { (a.route, a.method, a.status) < (b.route, b.method, b.status) }
    }

    private struct RouteKey: Hashable, Comparable {
        var method: String
        var route: String
        static func < (a: Self, b: Self) -> Bool { (a.route, a.method) < (b.route, b.method) }
    }

    private struct MutationKey: Hashable, Comparable {
        var kind: String
        var result: String
        static func < (a: Self, b: Self) -> Bool { (a.kind, a.result) < (b.kind, b.result) }
    }

    private struct State {
        var requests: [RequestKey: Int] = [:]
        var durations: [RouteKey: MetricHistogram] = [:]
        var mutations: [MutationKey: Int] = [:]
        var poolWaits: [String: MetricHistogram] = [:]
        var replicaLag: Double?
        var readFallbacks = 0
        var watchWaiters = 0
    }

    private struct ObservedPool: Sendable {
        let label: String
        let pool: PostgresConnectionPool
    }

    private let version: String
    private let state: Mutex<State>
    private let pools = Mutex<[ObservedPool]>([])

    /// Empty metrics for a server of `version`. Every mutation kind and result starts at zero.
    public init(version: String = DubanVersion.current) {
        self.version = version
        var initial = State()
        for kind in Self.mutationKinds + ["other"] {
            for result in MutationStatus.allResults {
                initial.mutations[MutationKey(kind: kind, result: result.rawValue)] = 0
            }
        }
        state = Mutex(initial)
    }

    // MARK: Counting

    /// Counts a finished request: `route` is the registered pattern or nil when none matched.
    public func recordRequest(method: String, route: String?, status: Int, duration: Duration) {
        let method = Self.methods.contains(method) ? method : "other"
        let route = route ?? Self.unmatchedRoute
        let seconds = duration.fractionalSeconds
        state.withLock { state in
            state.requests[RequestKey(method: method, route: route, status: status), default: 0] += 1
            state.durations[RouteKey(method: method, route: route), default: MetricHistogram(bounds: MetricHistogram.requestBounds)]
                .observe(seconds)
        }
    }

    /// Counts one mutation's answer in a sync that committed.
    public func countMutation(kind: String, result: MutationStatus) {
        let kind = Self.mutationKinds.contains(kind) ? kind : "other"
        state.withLock { $0.mutations[MutationKey(kind: kind, result: result.rawValue), default: 0] += 1 }
    }

    /// Reports `pool`'s waits (`duban_db_pool_waits_total`, `duban_db_pool_wait_seconds`) and its
    /// connections by state (`duban_db_pool_connections`) under `pool="label"` (``primaryPool``,
    /// ``readPool``). Call once per pool.
    public func addPool(_ pool: PostgresConnectionPool, label: String) {
        state.withLock { $0.poolWaits[label] = $0.poolWaits[label] ?? MetricHistogram(bounds: MetricHistogram.poolWaitBounds) }
        pools.withLock { $0.append(ObservedPool(label: label, pool: pool)) }
        pool.observeWaits { [weak self] waited in self?.recordPoolWait(label: label, duration: waited) }
    }

    /// Counts one wait for a connection of the pool labelled `label`.
    public func recordPoolWait(label: String, duration: Duration) {
        let seconds = duration.fractionalSeconds
        state.withLock { state in
            state.poolWaits[label, default: MetricHistogram(bounds: MetricHistogram.poolWaitBounds)].observe(seconds)
        }
    }

    /// Sets `duban_replica_lag_seconds`; nil (no replica configured, or unreachable) is written as -1.
    public func setReplicaLag(_ seconds: Double?) {
        state.withLock { $0.replicaLag = seconds }
    }

    /// Counts one read that went to the primary because the replica lagged or was unreachable.
    public func countReadFallback() {
        state.withLock { $0.readFallbacks += 1 }
    }

    /// Moves `duban_watch_waiters` by `delta`: +1 when a long poll starts waiting, -1 when it ends.
    public func watchWaiters(delta: Int) {
        state.withLock { $0.watchWaiters += delta }
    }

    // MARK: Exposition

    /// Everything in the Prometheus text format.
    public func exposition() async -> String {
        var connections: [(label: String, idle: Int, leased: Int)] = []
        for observed in pools.withLock({ $0 }) {
            let statistics = await observed.pool.statistics
            connections.append((observed.label, statistics.idle, statistics.inUse))
        }
        let state = state.withLock { $0 }
        var text = PrometheusExposition()

        text.family("duban_http_requests_total", type: .counter, help: "HTTP requests answered, by method, route pattern and status.")
        for (key, count) in state.requests.sorted(by: { $0.key < $1.key }) {
            text.sample("duban_http_requests_total", labels: [("method", key.method), ("route", key.route), ("status", String(key.status))],
                        value: Double(count))
        }
        text.family("duban_http_request_duration_seconds", type: .histogram,
                    help: "Time from the request's arrival to its answer, by method and route pattern.")
        for (key, histogram) in state.durations.sorted(by: { $0.key < $1.key }) {
            text.histogram("duban_http_request_duration_seconds", labels: [("method", key.method), ("route", key.route)], histogram)
        }
        text.family("duban_sync_mutations_total", type: .counter, help: "Sync mutations answered in committed syncs, by kind and result.")
        for (key, count) in state.mutations.sorted(by: { $0.key < $1.key }) {
            text.sample("duban_sync_mutations_total", labels: [("kind", key.kind), ("result", key.result)], value: Double(count))
        }
        text.family("duban_db_pool_waits_total", type: .counter, help: "Times a task found every pooled connection in use and waited.")
        for (label, histogram) in state.poolWaits.sorted(by: { $0.key < $1.key }) {
            text.sample("duban_db_pool_waits_total", labels: [("pool", label)], value: Double(histogram.count))
        }
        text.family("duban_db_pool_wait_seconds", type: .histogram, help: "How long tasks waited for a pooled connection.")
        for (label, histogram) in state.poolWaits.sorted(by: { $0.key < $1.key }) {
            text.histogram("duban_db_pool_wait_seconds", labels: [("pool", label)], histogram)
        }
        text.family("duban_db_pool_connections", type: .gauge, help: "Open pooled connections by state (idle, leased).")
        for pool in connections.sorted(by: { $0.label < $1.label }) {
            text.sample("duban_db_pool_connections", labels: [("pool", pool.label), ("state", "idle")], value: Double(pool.idle))
            text.sample("duban_db_pool_connections", labels: [("pool", pool.label), ("state", "leased")], value: Double(pool.leased))
        }
        text.family("duban_replica_lag_seconds", type: .gauge,
                    help: "Replay lag of the read replica in seconds; -1 when no replica is configured or it is unreachable.")
        text.sample("duban_replica_lag_seconds", value: state.replicaLag ?? -1)
        text.family("duban_read_fallbacks_total", type: .counter,
                    help: "Reads sent to the primary because the replica lagged too far or was unreachable.")
        text.sample("duban_read_fallbacks_total", value: Double(state.readFallbacks))
        text.family("duban_watch_waiters", type: .gauge, help: "Long polls (GET /v1/sync/wait) waiting now.")
        text.sample("duban_watch_waiters", value: Double(state.watchWaiters))
        text.family("duban_build_info", type: .gauge, help: "Always 1; the version label names the running build.")
        text.sample("duban_build_info", labels: [("version", version)], value: 1)
        return text.output
    }
}

extension MutationStatus {
    /// Every answer a mutation can get, in the order the metrics list them.
    static let allResults: [MutationStatus] = [.applied, .duplicate, .conflict, .rejected]
}

extension Duration {
    /// The duration in seconds, with its fraction.
    var fractionalSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
