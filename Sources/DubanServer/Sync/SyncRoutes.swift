import DubanCore
import Foundation
import Hummingbird

/// `POST /v1/sync`: push the outbox, pull the changes. Any signed-in role may pull; only a unit's
/// staff write reports (the writer rejects other roles' report mutations).
struct SyncRoutes: Sendable {
    let database: AppDatabase
    let clock: ServerClock
    /// See `ServerConfiguration.pullRangeScanFromLedTasks`.
    var rangeScanFromLedTasks = 16
    /// Where the answers to mutations are counted (`duban_sync_mutations_total`).
    var metrics: ServerMetrics?

    /// The largest sync body: 500 mutations of up to 256 KiB would be more, but a client sends its
    /// outbox in batches that fit.
    static let maxBodyBytes = 8 << 20
    /// Answers at least this large are gzip-compressed for a client that accepts it (an initial pull
    /// over a slow link); small ones are not worth the CPU.
    static let compressFromBytes = 8 * 1024

    func register(on routes: APIRoutes) {
        var configured = SyncService(database: database, clock: clock)
        configured.rangeScanFromLedTasks = rangeScanFromLedTasks
        configured.metrics = metrics
        let service = configured
        routes.add(.post, "/v1/sync", access: .signedIn, maxBodyBytes: Self.maxBodyBytes) { request, context, identity in
            let body = try await request.decodeStrict(SyncRequest.self, context: context, limit: Self.maxBodyBytes)
            let answer = try await service.sync(body, identity: identity, logger: context.logger)
            return try Self.response(answer, acceptEncoding: request.headers[.acceptEncoding])
        }
    }

    /// The answer as JSON, gzip-compressed when the client accepts it and it is large enough.
    static func response(_ answer: SyncAnswer, acceptEncoding: String?) throws -> Response {
        let json = try answer.encoded()
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .vary: "Accept-Encoding"]
        if json.count >= compressFromBytes, acceptsGzip(acceptEncoding), let compressed = Gzip.compress(json) {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: compressed)))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }

    /// Whether an `Accept-Encoding` value allows gzip (a `q=0` refuses it).
    static func acceptsGzip(_ value: String?) -> Bool {
        guard let value else { return false }
        return value.split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard parts.first == "gzip" || parts.first == "x-gzip" || parts.first == "*" else { return false }
            return !parts.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "") == "q=0" || $0 == "q=0.0" || $0 == "q=0.00" || $0 == "q=0.000" }
        }
    }
}
