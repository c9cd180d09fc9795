import DubanCore
import Foundation
import Hummingbird

/// Integrity checks for clients (`duban sync --verify`): digests per task, and a task's whole
/// content (`SyncIntegrityService`).
struct SyncVerifyRoutes: Sendable {
    let service: SyncIntegrityService

    init(database: AppDatabase) {
        service = SyncIntegrityService(database: database)
    }

    func register(on routes: APIRoutes) {
        routes.add(.get, "/v1/sync/verify", access: .signedIn) { _, _, identity in
            try await service.digests(identity: identity)
        }
        routes.add(.get, "/v1/sync/scope/{task_id}", access: .signedIn) { _, context, identity in
            guard let taskID = Int64(try context.parameters.require("task_id")) else { throw APIError.badField("task_id") }
            return try await service.snapshot(taskID: taskID, identity: identity)
        }
    }
}

extension SyncVerification: ResponseEncodable {}
extension ScopeSnapshot: ResponseEncodable {}
