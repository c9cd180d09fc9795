import Hummingbird

/// `GET /metrics`: ``ServerMetrics`` in the Prometheus text format, for a scraper. No sign-in; the
/// reverse proxy lets only loopback and the monitoring network reach it.
struct MetricsRoutes: Sendable {
    /// The content type of the Prometheus text format that `PrometheusCollectorRegistry` writes.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    let metrics: ServerMetrics

    func register(on routes: APIRoutes) {
        routes.add(.get, "/metrics", access: .anyone) { _, _ in
            let text = await metrics.exposition()
            return Response(status: .ok, headers: [.contentType: Self.contentType, .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
