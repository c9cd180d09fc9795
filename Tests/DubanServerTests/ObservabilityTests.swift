import DubanCore
@testable import DubanServer
import DubanTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Postgres
import Testing

/// `GET /metrics`, request ids in headers, error bodies and log lines.
@Suite struct ObservabilityTests {
    /// The families the deployment contract names, each with its type.
    static let families: [String: String] = [
        "duban_http_requests_total": "counter", "duban_http_request_duration_seconds": "histogram",
        "duban_sync_mutations_total": "counter", "duban_db_pool_waits_total": "counter",
        "duban_sign_in_password_checks_total": "counter",
        "duban_db_pool_wait_seconds": "histogram", "duban_db_pool_connections": "gauge",
        "duban_replica_lag_seconds": "gauge", "duban_read_fallbacks_total": "counter", "duban_watch_waiters": "gauge",
        "duban_build_info": "gauge",
    ]

    /// The `le` labels of `duban_http_request_duration_seconds`, as the registry spells the bounds (5 ms to 30 s).
    static let requestBuckets = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "30.0", "+Inf"]
    /// The `le` labels of `duban_db_pool_wait_seconds` (1 ms to 10 s).
    static let poolWaitBuckets = ["0.001", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf"]

    /// The application on the fixture's database, counting into `metrics` and logging into `logger`.
    static func application(_ fixture: AuthFixture, metrics: ServerMetrics, logger: Logger = Fixtures.logger) async throws
        -> some ApplicationProtocol
    {
        await buildApplication(configuration: fixture.serverConfiguration, pool: fixture.pool, migrator: try Fixtures.migrator(),
                               logger: logger, metrics: metrics)
    }

    /// Scrapes `/metrics` and returns each sample (`name{labels}` as written) with its value.
    static func scrape(_ client: some TestClientProtocol, sourceLocation: SourceLocation = #_sourceLocation) async throws
        -> [String: Double]
    {
        let text = try await client.execute(uri: "/metrics", method: .get) { response in
            #expect(response.status == .ok, sourceLocation: sourceLocation)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8", sourceLocation: sourceLocation)
            return String(buffer: response.body)
        }
        return try samples(text)
    }

    /// The samples of an exposition; fails the test on a line that is neither a comment nor a sample.
    static func samples(_ text: String) throws -> [String: Double] {
        var result: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...].replacingOccurrences(of: "+Inf", with: "inf")) else {
                Issue.record("not a sample: \(line)")
                continue
            }
            result[String(line[..<space])] = value
        }
        return result
    }

    /// How much each sample moved between two scrapes (missing before counts as 0).
    static func delta(_ before: [String: Double], _ after: [String: Double], _ key: String) -> Double {
        (after[key] ?? 0) - (before[key] ?? 0)
    }

    // MARK: - Requests

    @Test func requestsAreCountedUnderTheirRoutePatternWithLatencyBuckets() async throws {
        try await AuthFixture.with { fixture in
            let metrics = ServerMetrics()
            let app = try await Self.application(fixture, metrics: metrics)
            try await app.test(.router) { client in
                let before = try await Self.scrape(client)
                for _ in 0..<2 { #expect(try await client.call(.get, "/healthz").status == .ok) }
                #expect(try await client.call(.get, "/public/tasks/9").status == .ok)
                #expect(try await client.call(.get, "/public/tasks/999").status == .notFound)
                #expect(try await client.call(.get, "/public/tasks/9").status == .ok)
                #expect(try await client.call(.get, "/no/such/route/42").status == .notFound)
                #expect(try await client.call(.get, "/v1/me").status == .unauthorized)
                let after = try await Self.scrape(client)

                let health = #"method="GET",route="/healthz""#
                let task = #"method="GET",route="/public/tasks/{number}""#
                let unmatched = #"method="GET",route="unmatched""#
                #expect(Self.delta(before, after, "duban_http_requests_total{\(health),status=\"200\"}") == 2)
                #expect(Self.delta(before, after, "duban_http_requests_total{\(task),status=\"200\"}") == 2)
                #expect(Self.delta(before, after, "duban_http_requests_total{\(task),status=\"404\"}") == 1)
                #expect(Self.delta(before, after, "duban_http_requests_total{\(unmatched),status=\"404\"}") == 1)
                #expect(Self.delta(before, after, "duban_http_requests_total{method=\"GET\",route=\"/v1/me\",status=\"401\"}") == 1)
                // The scrape before was counted once it had answered.
                #expect(after["duban_http_requests_total{method=\"GET\",route=\"/metrics\",status=\"200\"}"] == 1)
                // Never the raw path: cardinality stays bounded.
                #expect(!after.keys.contains { $0.contains("/public/tasks/9") || $0.contains("/no/such") })

                // Histograms: count, +Inf and a bound far above any of these requests each moved by the number of requests.
                for (labels, count) in [(health, 2.0), (task, 3.0), (unmatched, 1.0)] {
                    #expect(Self.delta(before, after, "duban_http_request_duration_seconds_count{\(labels)}") == count, "\(labels)")
                    #expect(Self.delta(before, after, "duban_http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"}") == count)
                    #expect(Self.delta(before, after, "duban_http_request_duration_seconds_bucket{\(labels),le=\"30.0\"}") == count)
                    #expect(Self.delta(before, after, "duban_http_request_duration_seconds_sum{\(labels)}") > 0)
                    // Cumulative: every bucket holds at most the next one's count.
                    let counts = Self.requestBuckets.map { after["duban_http_request_duration_seconds_bucket{\(labels),le=\"\($0)\"}"] ?? -1 }
                    #expect(counts.allSatisfy { $0 >= 0 } && zip(counts, counts.dropFirst()).allSatisfy { $0 <= $1 }, "\(counts)")
                }
            }
        }
    }

    @Test func aDurationFallsIntoTheRightBuckets() async throws {
        let metrics = ServerMetrics()
        metrics.recordRequest(method: "GET", route: "/x", status: 200, duration: .milliseconds(30))
        metrics.recordRequest(method: "GET", route: "/x", status: 500, duration: .milliseconds(700))
        metrics.recordRequest(method: "BREW", route: nil, status: 404, duration: .milliseconds(1))
        let samples = try Self.samples(await metrics.exposition())
        let x = #"method="GET",route="/x""#
        let bucket = { (labels: String, le: String) in samples["duban_http_request_duration_seconds_bucket{\(labels),le=\"\(le)\"}"] }
        #expect(bucket(x, "0.025") == 0 && bucket(x, "0.05") == 1 && bucket(x, "0.5") == 1 && bucket(x, "1.0") == 2 && bucket(x, "+Inf") == 2)
        #expect(Self.requestBuckets.allSatisfy { bucket(x, $0) != nil }, "every bucket is written, the empty ones too")
        #expect(abs((samples["duban_http_request_duration_seconds_sum{\(x)}"] ?? 0) - 0.73) < 1e-9)
        #expect(samples["duban_http_request_duration_seconds_count{\(x)}"] == 2)
        #expect(samples["duban_http_requests_total{\(x),status=\"200\"}"] == 1 && samples["duban_http_requests_total{\(x),status=\"500\"}"] == 1)
        let other = #"method="other",route="unmatched""#
        #expect(bucket(other, "0.005") == 1 && samples["duban_http_request_duration_seconds_count{\(other)}"] == 1)
    }

    @Test func labelValuesAreEscaped() async throws {
        let metrics = ServerMetrics()
        metrics.recordRequest(method: "GET", route: "a\"b\\c\nd", status: 200, duration: .milliseconds(1))
        let text = await metrics.exposition()
        #expect(text.contains(#"duban_http_requests_total{method="GET",route="a\"b\\c\nd",status="200"} 1"#), "\(text)")
    }

    @Test func eachInstanceCountsApart() async throws {
        // Tests run several applications in one process: nothing may be shared through a global registry.
        let first = ServerMetrics(version: "1.0.0-first")
        let second = ServerMetrics(version: "1.0.0-second")
        first.recordRequest(method: "GET", route: "/healthz", status: 200, duration: .milliseconds(1))
        first.countReadFallback()
        first.watchWaiters(delta: 1)
        first.countMutation(kind: ReportWritePayload.kind, result: .applied)
        let one = try Self.samples(await first.exposition())
        let two = try Self.samples(await second.exposition())
        let health = #"duban_http_requests_total{method="GET",route="/healthz",status="200"}"#
        #expect(one[health] == 1 && two[health] == nil)
        #expect(one["duban_read_fallbacks_total"] == 1 && two["duban_read_fallbacks_total"] == 0)
        #expect(one["duban_watch_waiters"] == 1 && two["duban_watch_waiters"] == 0)
        let applied = "duban_sync_mutations_total{kind=\"\(ReportWritePayload.kind)\",result=\"applied\"}"
        #expect(one[applied] == 1 && two[applied] == 0)
        #expect(one["duban_build_info{version=\"1.0.0-first\"}"] == 1 && one["duban_build_info{version=\"1.0.0-second\"}"] == nil)
        #expect(two["duban_build_info{version=\"1.0.0-second\"}"] == 1)
    }

    @Test func theExpositionParsesWithEachFamilyDeclaredOnce() async throws {
        let metrics = ServerMetrics(version: "9.9.9-test")
        // A family is written once it has a series: the pool's once a pool is added (every application has
        // its primary's), the requests' once one is answered. This pool never connects.
        let unreachable = PostgresConfiguration(parameters: ["host": "127.0.0.1", "port": "1", "connect_timeout": "1"])
        let pool = PostgresConnectionPool(configuration: unreachable, maxConnections: 1, acquireTimeout: .seconds(1), logger: Fixtures.logger)
        metrics.addPool(pool, label: ServerMetrics.primaryPool)
        metrics.recordRequest(method: "BREW", route: nil, status: 418, duration: .milliseconds(3))
        var text = await metrics.exposition()
        var samples = try Self.samples(text)
        #expect(samples["duban_replica_lag_seconds"] == -1, "no replica yet")
        #expect(samples["duban_build_info{version=\"9.9.9-test\"}"] == 1)
        #expect(samples["duban_http_requests_total{method=\"other\",route=\"unmatched\",status=\"418\"}"] == 1, "methods are bounded")
        for kind in ServerMetrics.mutationKinds + ["other"] {
            for result in ["applied", "duplicate", "conflict", "rejected"] {
                #expect(samples["duban_sync_mutations_total{kind=\"\(kind)\",result=\"\(result)\"}"] == 0)
            }
        }
        metrics.setReplicaLag(1.5)
        metrics.countReadFallback()
        metrics.countReadFallback()
        metrics.watchWaiters(delta: 3)
        metrics.watchWaiters(delta: -1)
        text = await metrics.exposition()
        samples = try Self.samples(text)
        #expect(samples["duban_replica_lag_seconds"] == 1.5)
        #expect(samples["duban_read_fallbacks_total"] == 2)
        #expect(samples["duban_watch_waiters"] == 2)
        metrics.setReplicaLag(nil)
        #expect(try Self.samples(await metrics.exposition())["duban_replica_lag_seconds"] == -1, "unreachable again")

        // Every line: a HELP or TYPE comment, or `name{label="value",…} number`; HELP and TYPE once per family, before its samples.
        let sample = #/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*")*\})? (-?[0-9]+(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?|\+Inf|-Inf|NaN)$/#
        let comment = #/^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/#
        var help: [String: Int] = [:]
        var type: [String: String] = [:]
        var typeCount: [String: Int] = [:]
        #expect(text.hasSuffix("\n"))
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if let match = line.wholeMatch(of: comment) {
                let name = String(match.output.2)
                if match.output.1 == "HELP" {
                    help[name, default: 0] += 1
                } else {
                    type[name] = String(match.output.3)
                    typeCount[name, default: 0] += 1
                }
            } else if let match = line.wholeMatch(of: sample) {
                let name = String(match.output.1)
                let family = type[name] != nil ? name
                    : ["_bucket", "_sum", "_count"].compactMap { suffix in
                        name.hasSuffix(suffix) ? String(name.dropLast(suffix.count)) : nil
                    }.first { type[$0] == "histogram" }
                #expect(family != nil, "a sample before its family's TYPE: \(line)")
            } else {
                Issue.record("neither a comment nor a sample: \(line)")
            }
        }
        #expect(type == Self.families, "\(type)")
        #expect(help.values.allSatisfy { $0 == 1 } && typeCount.values.allSatisfy { $0 == 1 } && Set(help.keys) == Set(type.keys))
        #expect(samples["duban_db_pool_connections{pool=\"primary\",state=\"idle\"}"] == 0)
        #expect(samples["duban_db_pool_waits_total{pool=\"primary\"}"] == 0)
        #expect(Self.poolWaitBuckets.allSatisfy { samples["duban_db_pool_wait_seconds_bucket{pool=\"primary\",le=\"\($0)\"}"] == 0 })
        await pool.close()
    }

    // MARK: - Sync and the pool

    @Test func aSyncMovesTheAppliedDuplicateAndRejectedCounters() async throws {
        try await AuthFixture.with { fixture in
            let metrics = ServerMetrics()
            let app = try await Self.application(fixture, metrics: metrics)
            try await app.test(.router) { client in
                var device = try await TestDevice.signIn("tianma1", client: client)
                let ids = try SyncTests.task9(try #require(try await device.sync(client).reference))
                let report = UUID()
                let first = try device.write(report: report, task: ids.task, node: ids.node, base: 0, text: "第一次", percent: 10)
                #expect(try await device.sync(client, [first], reference: Int64.max).results.map(\.status) == [.applied])

                let before = try await Self.scrape(client)
                let second = try device.write(report: report, task: ids.task, node: ids.node, base: 1, text: "第二次", percent: 20)
                var broken = try device.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "哈希不对")
                broken.payloadSha256 = String(repeating: "0", count: 64)
                let answer = try await device.sync(client, [first, second, broken], reference: Int64.max)
                #expect(answer.results.map(\.status) == [.duplicate, .applied, .rejected])
                let after = try await Self.scrape(client)

                let kind = ReportWritePayload.kind
                for (result, moved) in [("applied", 1.0), ("duplicate", 1), ("rejected", 1), ("conflict", 0)] {
                    #expect(Self.delta(before, after, "duban_sync_mutations_total{kind=\"\(kind)\",result=\"\(result)\"}") == moved, "\(result)")
                }
                #expect(after.filter { $0.key.hasPrefix("duban_sync_mutations_total") && !$0.key.contains(kind) }.values.allSatisfy { $0 == 0 })
                // The application registered its pool.
                #expect(after["duban_db_pool_connections{pool=\"primary\",state=\"idle\"}"] != nil)
                #expect(after["duban_db_pool_connections{pool=\"primary\",state=\"leased\"}"] != nil)
                #expect(after["duban_db_pool_waits_total{pool=\"primary\"}"] != nil)
            }
        }
    }

    @Test func waitsForAnExhaustedPoolAreCountedAndTimed() async throws {
        try await TestDatabase.withDatabase { configuration in
            // 5 s: long enough that the second waiter, released after 60 ms, gets its connection even on a
            // loaded machine (300 ms and then 1 s timed out in full parallel runs on a fresh clone).
            let pool = PostgresConnectionPool(configuration: configuration, maxConnections: 1, acquireTimeout: .seconds(5),
                                              logger: Fixtures.logger)
            let metrics = ServerMetrics()
            metrics.addPool(pool, label: ServerMetrics.primaryPool)
            try await pool.withConnection { _ in }  // no wait: a free slot
            var samples = try Self.samples(await metrics.exposition())
            #expect(samples["duban_db_pool_waits_total{pool=\"primary\"}"] == 0)
            #expect(samples["duban_db_pool_connections{pool=\"primary\",state=\"idle\"}"] == 1)

            let release = AsyncStream<Void>.makeStream()
            let holding = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await pool.withConnection { _ in
                    holding.continuation.yield()
                    for await _ in release.stream {}
                }
            }
            for await _ in holding.stream { break }
            samples = try Self.samples(await metrics.exposition())
            #expect(samples["duban_db_pool_connections{pool=\"primary\",state=\"leased\"}"] == 1)
            #expect(samples["duban_db_pool_connections{pool=\"primary\",state=\"idle\"}"] == 0)

            // One waiter times out after 5 s; a second gets the connection when it comes back.
            let timedOut = await #expect(throws: PostgresError.self) { try await pool.withConnection { _ in } }
            #expect(timedOut?.code == .timeout)
            let waiter = Task { try await pool.withConnection { _ in } }
            while await pool.statistics.waiting == 0 { try await Task.sleep(for: .milliseconds(5)) }
            try await Task.sleep(for: .milliseconds(60))
            release.continuation.finish()
            try await holder.value
            try await waiter.value

            samples = try Self.samples(await metrics.exposition())
            #expect(samples["duban_db_pool_waits_total{pool=\"primary\"}"] == 2)
            #expect(samples["duban_db_pool_wait_seconds_count{pool=\"primary\"}"] == 2)
            #expect(samples["duban_db_pool_wait_seconds_bucket{pool=\"primary\",le=\"0.05\"}"] == 0, "both waited at least 60 ms")
            #expect(samples["duban_db_pool_wait_seconds_bucket{pool=\"primary\",le=\"10.0\"}"] == 2)
            #expect((samples["duban_db_pool_wait_seconds_sum{pool=\"primary\"}"] ?? 0) >= 5.06)
            #expect(samples["duban_db_pool_connections{pool=\"primary\",state=\"idle\"}"] == 1)
            await pool.close()
        }
    }

    // MARK: - Request ids

    @Test func aWellFormedRequestIdIsKeptAndAHostileOneReplaced() async throws {
        let unreachable = PostgresConfiguration(parameters: ["host": "127.0.0.1", "port": "1", "connect_timeout": "1"])
        var configuration = try ServerConfiguration(environment: [:])
        configuration.database = unreachable
        let pool = PostgresConnectionPool(configuration: unreachable, maxConnections: 1, acquireTimeout: .seconds(1), logger: Fixtures.logger)
        let app = await buildApplication(configuration: configuration, pool: pool, migrator: try Fixtures.migrator(), logger: Fixtures.logger)
        let requestID = HTTPField.Name("X-Request-Id")!
        try await app.test(.router) { client in
            for kept in ["abc", "0123456789abcdef0123456789abcdef", "nginx.req_ID-7", String(repeating: "x", count: 64)] {
                try await client.execute(uri: "/healthz", method: .get, headers: [requestID: kept]) { response in
                    #expect(response.headers[requestID] == kept)
                }
            }
            let made = try #require(try await client.execute(uri: "/healthz", method: .get) { $0.headers[requestID] })
            #expect(made.wholeMatch(of: #/[0-9a-f]{32}/#) != nil, "\(made)")
            for hostile in [String(repeating: "x", count: 65), "has space", "line\nbreak", "quote\"", "ünïcode", "a/b", ""] {
                try await client.execute(uri: "/healthz", method: .get, headers: [requestID: hostile]) { response in
                    let answered = response.headers[requestID] ?? ""
                    #expect(answered != hostile && answered.wholeMatch(of: #/[0-9a-f]{32}/#) != nil, "\(hostile.debugDescription) → \(answered)")
                }
            }
            // Error answers, the router's own 404 included: the body's requestId is the header's.
            for (method, uri, status) in [(HTTPRequest.Method.get, "/nowhere", 404), (.get, "/v1/me", 401), (.delete, "/healthz", 404),
                                          (.post, "/v1/session", 400)] {
                for incoming in [nil, "proxy-id-1"] {
                    var headers: HTTPFields = [:]
                    if let incoming { headers[requestID] = incoming }
                    try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: "[")) { response in
                        #expect(Int(response.status.code) == status, "\(method) \(uri)")
                        let header = try #require(response.headers[requestID], "\(method) \(uri)")
                        if let incoming { #expect(header == incoming) }
                        let body = try WireJSON.decoder().decode(APIErrorBody.self, from: Data(buffer: response.body))
                        #expect(body.requestId == header, "\(method) \(uri)")
                        #expect(String(buffer: response.body).contains("\"requestId\":\"\(header)\""), "spelt as the contract says")
                    }
                }
            }
        }
        await pool.close()
    }

    @Test func theLogLinesOfAFailingRequestCarryItsRequestId() async throws {
        let unreachable = PostgresConfiguration(parameters: ["host": "127.0.0.1", "port": "1", "connect_timeout": "1"])
        var configuration = try ServerConfiguration(environment: [:])
        configuration.database = unreachable
        let pool = PostgresConnectionPool(configuration: unreachable, maxConnections: 1, acquireTimeout: .seconds(1), logger: Fixtures.logger)
        let logs = LogCapture()
        let metrics = ServerMetrics()
        let app = await buildApplication(configuration: configuration, pool: pool, migrator: try Fixtures.migrator(),
                                         logger: logs.logger(level: .info), metrics: metrics)
        let requestID = HTTPField.Name("X-Request-Id")!
        try await app.test(.router) { client in
            let answer = try await client.execute(uri: "/v1/units", method: .get, headers: [.authorization: "Bearer dbn_whatever"]) {
                response in (status: response.status, header: response.headers[requestID], body: Data(buffer: response.body))
            }
            #expect(answer.status == .serviceUnavailable)
            let body = try WireJSON.decoder().decode(APIErrorBody.self, from: answer.body)
            #expect(body.error.code == "database_unavailable")
            let id = try #require(answer.header)
            #expect(body.requestId == id)
            let ours = logs.entries.filter { $0.metadata["request_id"] == id }
            let failed = try #require(ours.first { $0.message == "request failed" }, "\(logs.entries)")
            #expect(failed.level == .error)
            #expect(failed.metadata["route"] == "/v1/units" && failed.metadata["status"] == "503" && failed.metadata["method"] == "GET")
            #expect(failed.metadata["duration_ms"].flatMap(Int.init) != nil)
            #expect(ours.contains { $0.message == "database unavailable" }, "the error middleware's line carries it too")
            // A request that did not fail is not logged at info.
            #expect(try await client.call(.get, "/healthz").status == .ok)
            #expect(!logs.entries.contains { $0.message == "request failed" && $0.metadata["route"] == "/healthz" })
            let samples = try Self.samples(await metrics.exposition())
            #expect(samples["duban_http_requests_total{method=\"GET\",route=\"/v1/units\",status=\"503\"}"] == 1)
        }
        await pool.close()
    }

    @Test func theRequestIdRule() {
        #expect(RequestID.isWellFormed("a") && RequestID.isWellFormed(String(repeating: "Z", count: 64)))
        #expect(!RequestID.isWellFormed("") && !RequestID.isWellFormed(String(repeating: "Z", count: 65)))
        #expect(!RequestID.isWellFormed("a b") && !RequestID.isWellFormed("a\r\nb") && !RequestID.isWellFormed("号"))
        let made = RequestID.make()
        #expect(made.count == 32 && RequestID.isWellFormed(made) && made == made.lowercased() && made != RequestID.make())
        #expect(RequestID.accepting("keep.me") == "keep.me" && RequestID.accepting("drop me") != "drop me")
    }
}
