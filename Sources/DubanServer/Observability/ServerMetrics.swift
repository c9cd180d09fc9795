import DubanCore
import Metrics
import Postgres
import Prometheus
import Synchronization

/// What `GET /metrics` reports: request counts and latencies per route, sync mutations by kind and
/// result, waits for database connections, connections by state, replica lag, read fallbacks,
/// long-poll waiters and the build.
///
/// One instance per application, made by `buildApplication` (or given to it as `metrics:`) and
/// handed to whoever counts something; nothing is global. Every method is
/// cheap and safe to call from any task.
///
/// The metrics are swift-metrics objects (`Counter`, `Timer`, `Meter`) over handlers made on this
/// instance's own `PrometheusCollectorRegistry`, which writes the text format. They are made on the
/// registry directly rather than through `MetricsSystem.bootstrap`: that is once per process, and
/// tests run several applications in one process, each with its own counts. Made directly they also
/// keep their `# HELP` lines and our buckets (the factory's handlers carry no help text).
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
    static let mutationKinds = MutationKind.allCases.map(\.rawValue)
    /// The request methods counted by name; any other method is counted as `other`.
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

    /// Bucket bounds for HTTP request latencies: 5 ms to 30 s (long polls land in the top buckets).
    static let requestBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
    ]
    /// Bucket bounds for waits for a database connection: 1 ms to 10 s (the acquire timeout is 5 s by default).
    static let poolWaitBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// A metric family: its name and `# HELP` text, the same for every series of it (the registry
    /// refuses a second help text for a name).
    struct Family: Sendable {
        let name: String
        let help: String

        var descriptor: MetricNameDescriptor { MetricNameDescriptor(metricName: name, unitName: "", helpText: help) }

        static let requests = Family(name: "duban_http_requests_total",
                                     help: "HTTP requests answered, by method, route pattern and status.")
        static let requestDuration = Family(name: "duban_http_request_duration_seconds",
                                            help: "Time from the request's arrival to its answer, by method and route pattern.")
        static let mutations = Family(name: "duban_sync_mutations_total",
                                      help: "Sync mutations answered in committed syncs, by kind and result.")
        static let poolWaits = Family(name: "duban_db_pool_waits_total",
                                      help: "Times a task found every pooled connection in use and waited.")
        static let poolWaitDuration = Family(name: "duban_db_pool_wait_seconds", help: "How long tasks waited for a pooled connection.")
        static let poolConnections = Family(name: "duban_db_pool_connections", help: "Open pooled connections by state (idle, leased).")
        static let replicaLag = Family(name: "duban_replica_lag_seconds",
                                       help: "Replay lag of the read replica in seconds; -1 when no replica is configured or it is unreachable.")
        static let readFallbacks = Family(name: "duban_read_fallbacks_total",
                                          help: "Reads sent to the primary because the replica lagged too far or was unreachable.")
        static let watchWaiters = Family(name: "duban_watch_waiters", help: "Long polls (GET /v1/sync/wait) waiting now.")
        static let signInPasswordChecks = Family(name: "duban_sign_in_password_checks_total",
                                                 help: "Passwords checked (bcrypt) by sign-ins; an attempt refused by the sign-in limits checks none.")
        static let buildInfo = Family(name: "duban_build_info", help: "Always 1; the version label names the running build.")
    }

    private struct RequestKey: Hashable, Sendable {
        var method: String
        var route: String
        var status: Int
    }

    private struct RouteKey: Hashable, Sendable {
        var method: String
        var route: String
    }

    private struct MutationKey: Hashable, Sendable {
        var kind: String
        var result: String
    }

    /// The waits of one pool.
    private struct PoolWaitSeries: Sendable {
        let waits: CoreMetrics.Counter
        let waitDuration: CoreMetrics.Timer
    }

    /// A pool whose connections by state are read at each scrape.
    private struct ObservedPool: Sendable {
        let pool: PostgresConnectionPool
        let idle: CoreMetrics.Meter
        let leased: CoreMetrics.Meter
    }

    /// Where every series lives; `GET /metrics` writes it out.
    private let registry: PrometheusCollectorRegistry
    /// Given to each swift-metrics object so that `destroy()` would unregister it from ``registry``,
    /// never from the process-wide factory.
    private let factory: PrometheusMetricsFactory

    // The labelled series made so far, so that a request finds its counter without a registry lookup.
    private let requestCounters = Mutex<[RequestKey: CoreMetrics.Counter]>([:])
    private let requestTimers = Mutex<[RouteKey: CoreMetrics.Timer]>([:])
    private let mutationCounters: [MutationKey: CoreMetrics.Counter]
    private let poolWaitSeries = Mutex<[String: PoolWaitSeries]>([:])
    private let pools = Mutex<[ObservedPool]>([])
    private let replicaLag: CoreMetrics.Meter
    private let readFallbacks: CoreMetrics.Counter
    private let watchWaiterCount: CoreMetrics.Meter
    private let signInPasswordChecks: CoreMetrics.Counter

    /// Empty metrics for a server of `version`. Every mutation kind and result starts at zero.
    public init(version: String = DubanVersion.current) {
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        self.registry = registry
        self.factory = factory
        var mutations: [MutationKey: CoreMetrics.Counter] = [:]
        for kind in Self.mutationKinds + ["other"] {
            for result in MutationStatus.allResults {
                mutations[MutationKey(kind: kind, result: result.rawValue)] =
                    Self.counter(.mutations, [("kind", kind), ("result", result.rawValue)], registry: registry, factory: factory)
            }
        }
        mutationCounters = mutations
        replicaLag = Self.meter(.replicaLag, [], registry: registry, factory: factory)
        replicaLag.set(-1.0)
        readFallbacks = Self.counter(.readFallbacks, [], registry: registry, factory: factory)
        watchWaiterCount = Self.meter(.watchWaiters, [], registry: registry, factory: factory)
        watchWaiterCount.set(0.0)
        signInPasswordChecks = Self.counter(.signInPasswordChecks, [], registry: registry, factory: factory)
        Self.meter(.buildInfo, [("version", version)], registry: registry, factory: factory).set(1.0)
    }

    // MARK: Counting

    /// Counts a finished request: `route` is the registered pattern or nil when none matched.
    public func recordRequest(method: String, route: String?, status: Int, duration: Duration) {
        let method = Self.methods.contains(method) ? method : "other"
        let route = route ?? Self.unmatchedRoute
        let counter = requestCounters.withLock { made in
            let key = RequestKey(method: method, route: route, status: status)
            if let counter = made[key] { return counter }
            let counter = self.counter(.requests, [("method", method), ("route", route), ("status", String(status))])
            made[key] = counter
            return counter
        }
        let timer = requestTimers.withLock { made in
            let key = RouteKey(method: method, route: route)
            if let timer = made[key] { return timer }
            let timer = self.timer(.requestDuration, [("method", method), ("route", route)], buckets: Self.requestBuckets)
            made[key] = timer
            return timer
        }
        counter.increment()
        timer.record(duration: duration)
    }

    /// Counts one mutation's answer in a sync that committed.
    public func countMutation(kind: String, result: MutationStatus) {
        let kind = Self.mutationKinds.contains(kind) ? kind : "other"
        // Every kind and result was made in `init`.
        mutationCounters[MutationKey(kind: kind, result: result.rawValue)]?.increment()
    }

    /// Reports `pool`'s waits (`duban_db_pool_waits_total`, `duban_db_pool_wait_seconds`) and its
    /// connections by state (`duban_db_pool_connections`) under `pool="label"` (``primaryPool``,
    /// ``readPool``). Call once per pool.
    public func addPool(_ pool: PostgresConnectionPool, label: String) {
        _ = waitSeries(ofPool: label)  // at zero from now on, before any wait
        let observed = ObservedPool(pool: pool, idle: meter(.poolConnections, [("pool", label), ("state", "idle")]),
                                    leased: meter(.poolConnections, [("pool", label), ("state", "leased")]))
        pools.withLock { $0.append(observed) }
        pool.observeWaits { [weak self] waited in self?.recordPoolWait(label: label, duration: waited) }
    }

    /// Counts one wait for a connection of the pool labelled `label`.
    public func recordPoolWait(label: String, duration: Duration) {
        let series = waitSeries(ofPool: label)
        series.waits.increment()
        series.waitDuration.record(duration: duration)
    }

    /// Sets `duban_replica_lag_seconds`; nil (no replica configured, or unreachable) is written as -1.
    public func setReplicaLag(_ seconds: Double?) {
        replicaLag.set(seconds ?? -1)
    }

    /// Counts one read that went to the primary because the replica lagged or was unreachable.
    public func countReadFallback() {
        readFallbacks.increment()
    }

    /// Moves `duban_watch_waiters` by `delta`: +1 when a long poll starts waiting, -1 when it ends.
    public func watchWaiters(delta: Int) {
        if delta >= 0 {
            watchWaiterCount.increment(by: Double(delta))
        } else {
            watchWaiterCount.decrement(by: Double(-delta))
        }
    }

    /// Counts one password checked by a sign-in.
    public func countSignInPasswordCheck() {
        signInPasswordChecks.increment()
    }

    // MARK: Exposition

    /// Everything in the Prometheus text format (version 0.0.4). The pools' connections are read
    /// now, so that the gauges are those of the moment of the scrape.
    public func exposition() async -> String {
        for observed in pools.withLock({ $0 }) {
            let statistics = await observed.pool.statistics
            observed.idle.set(statistics.idle)
            observed.leased.set(statistics.inUse)
        }
        return registry.emitToString()
    }

    // MARK: Making series

    /// The wait series of the pool labelled `label`, made (at zero) on first use.
    private func waitSeries(ofPool label: String) -> PoolWaitSeries {
        poolWaitSeries.withLock { made in
            if let series = made[label] { return series }
            let series = PoolWaitSeries(waits: counter(.poolWaits, [("pool", label)]),
                                        waitDuration: timer(.poolWaitDuration, [("pool", label)], buckets: Self.poolWaitBuckets))
            made[label] = series
            return series
        }
    }

    private func counter(_ family: Family, _ labels: [(String, String)]) -> CoreMetrics.Counter {
        Self.counter(family, labels, registry: registry, factory: factory)
    }

    private func meter(_ family: Family, _ labels: [(String, String)]) -> CoreMetrics.Meter {
        Self.meter(family, labels, registry: registry, factory: factory)
    }

    private func timer(_ family: Family, _ labels: [(String, String)], buckets: [Duration]) -> CoreMetrics.Timer {
        CoreMetrics.Timer(label: family.name, dimensions: labels,
                          handler: registry.makeDurationHistogram(descriptor: family.descriptor, labels: labels, buckets: buckets),
                          factory: factory)
    }

    private static func counter(_ family: Family, _ labels: [(String, String)], registry: PrometheusCollectorRegistry,
                                factory: PrometheusMetricsFactory) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: family.name, dimensions: labels,
                            handler: registry.makeCounter(descriptor: family.descriptor, labels: labels), factory: factory)
    }

    private static func meter(_ family: Family, _ labels: [(String, String)], registry: PrometheusCollectorRegistry,
                              factory: PrometheusMetricsFactory) -> CoreMetrics.Meter {
        CoreMetrics.Meter(label: family.name, dimensions: labels,
                          handler: registry.makeGauge(descriptor: family.descriptor, labels: labels), factory: factory)
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
