import DubanCore
import Foundation
import Hummingbird
import Postgres
import ServiceLifecycle

/// `GET /v1/sync/wait?after=N&timeout=S`: long polling for `duban sync --watch`. Answers as soon as
/// a change the caller may see exists after `after` — woken by PostgreSQL NOTIFY, so a change
/// written through another server counts — or with `changed: false` after `timeout` seconds
/// (default and cap: `DUBAN_WATCH_MAX_WAIT`).
struct SyncWaitRoutes: Sendable {
    let database: AppDatabase
    let notifier: ChangeNotifier
    let maxWait: Duration
    /// Counts the long polls waiting now (`duban_watch_waiters`).
    var metrics: ServerMetrics?

    func register(on routes: APIRoutes) {
        routes.add(.get, "/v1/sync/wait", access: .signedIn) { request, _, identity in
            let query = request.uri.queryParameters
            guard let afterText = query["after"], let after = Int64(afterText), after >= 0 else {
                throw APIError.badField("after")
            }
            var wait = maxWait
            if let timeoutText = query["timeout"] {
                guard let seconds = Int(timeoutText), seconds >= 0 else { throw APIError.badField("timeout") }
                wait = min(maxWait, .seconds(seconds))
            }
            return try await answer(after: after, wait: wait, identity: identity)
        }
    }

    func answer(after: Int64, wait: Duration, identity: Identity) async throws -> SyncWaitResponse {
        let started = ContinuousClock.now
        let deadline = started + wait
        func waited() -> Double {
            let elapsed = ContinuousClock.now - started
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        while true {
            let generation = notifier.generation
            let check = try await check(after: after, identity: identity)
            // A cursor beyond anything numbered here: the data was restored; the client must sync.
            if check.visible || after > check.newest {
                return SyncWaitResponse(changed: true, cursor: check.newest, waited: waited())
            }
            guard ContinuousClock.now < deadline else {
                return SyncWaitResponse(changed: false, cursor: check.newest, waited: waited())
            }
            metrics?.watchWaiters(delta: 1)
            // The HTTP server shuts down first and waits for its requests: a waiting poll must notice.
            let outcome = await withGracefulShutdownHandler {
                await notifier.wait(for: check.audience, checkedThrough: check.newest, generation: generation, until: deadline)
            } onGracefulShutdown: {
                notifier.beginShutdown()
            }
            metrics?.watchWaiters(delta: -1)
            switch outcome {
            case .changed(let seq):
                return SyncWaitResponse(changed: true, cursor: max(seq, check.newest), waited: waited())
            case .timeout:
                return SyncWaitResponse(changed: false, cursor: check.newest, waited: waited())
            case .recheck:
                continue
            }
        }
    }

    /// The newest change number, who the caller is to the feed, and whether it may see a change after `after`.
    private func check(after: Int64, identity: Identity) async throws
        -> (newest: Int64, audience: ChangeNotifier.Audience, visible: Bool)
    {
        try await database.transaction(as: identity, isolation: .repeatableRead) { connection in
            let row = try await connection.query("""
                SELECT (SELECT seq FROM duban.change_counter),
                       coalesce((SELECT array_agg(task_id) FROM duban.assignments
                                  WHERE unit_id = \(identity.unitID) AND role = 'lead'), '{}')
                """)[0]
            let newest = try row.decode(Int64.self, at: 0)
            let audience = ChangeScope(identity: identity, ledTasks: try row.decode([Int64].self, at: 1))
            let visible = try await audience.anyChange(after: after, newest: newest, on: connection)
            return (newest, audience, visible)
        }
    }
}
