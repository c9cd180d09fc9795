import DubanCore
import Hummingbird

/// `POST /v1/sync`: push the outbox, pull the changes. Any signed-in role may pull; only a unit's
/// staff write reports (the writer rejects other roles' report mutations).
struct SyncRoutes: Sendable {
    let database: AppDatabase
    let clock: ServerClock

    /// The largest sync body: 500 mutations of up to 256 KiB would be more, but a client sends its
    /// outbox in batches that fit.
    static let maxBodyBytes = 8 << 20

    func register(on routes: APIRoutes) {
        let service = SyncService(database: database, clock: clock)
        routes.add(.post, "/v1/sync", access: .signedIn) { request, context, identity in
            let body = try await request.decodeStrict(SyncRequest.self, context: context, limit: Self.maxBodyBytes)
            return try await service.sync(body, identity: identity, logger: context.logger)
        }
    }
}
