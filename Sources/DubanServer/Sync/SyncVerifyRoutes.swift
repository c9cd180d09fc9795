import DubanCore
import Foundation
import Hummingbird

/// Integrity checks for clients (`duban sync --verify`): digests per task, and a task's whole
/// content; and a task's history, for a unit that starts leading it (`SyncIntegrityService`).
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
        routes.add(.get, "/v1/sync/history/{task_id}", access: .signedIn) { request, context, identity in
            guard let taskID = Int64(try context.parameters.require("task_id")) else { throw APIError.badField("task_id") }
            let query = request.uri.queryParameters
            guard let after = Int64(query["after"].map(String.init) ?? "0"), after >= 0 else { throw APIError.badField("after") }
            guard let through = Int64(query["through"].map(String.init) ?? String(Int64.max)), through >= after else {
                throw APIError.badField("through")
            }
            guard let limit = Int(query["limit"].map(String.init) ?? String(SyncHistoryPage.maxLimit)),
                  (1...SyncHistoryPage.maxLimit).contains(limit) else { throw APIError.badField("limit") }
            let (page, changes) = try await service.history(taskID: taskID, after: after, through: through, limit: limit,
                                                            identity: identity)
            let body = try SyncAnswer.splice(changes, into: try WireJSON.encoder().encode(page))
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }
}

extension SyncVerification: ResponseEncodable {}
extension ScopeSnapshot: ResponseEncodable {}
