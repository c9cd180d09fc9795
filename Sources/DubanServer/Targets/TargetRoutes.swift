import DubanCore
import Foundation
import Hummingbird

/// `/v1/targets`: every signed-in account reads the targets (plan data, also in the reference
/// data); the supervision office and admins change them (`TargetService`).
struct TargetRoutes: Sendable {
    let database: AppDatabase

    static let editors = Access.roles([.supervisor, .admin])

    func register(on routes: APIRoutes) {
        let service = TargetService(database: database)
        routes.add(.get, "/v1/targets", access: .signedIn) { request, _, identity in
            let query = request.uri.queryParameters
            let task = try query["task"].map { text -> Int in
                guard let number = Int(String(text)), number > 0 else { throw APIError.badField("task") }
                return number
            }
            return try await service.list(year: try SupervisionRoutes.year(query["year"].map(String.init)), task: task,
                                          identity: identity)
        }
        routes.add(.put, "/v1/targets", access: Self.editors) { request, context, identity in
            try await service.set(try await request.decodeStrict(TargetSetRequest.self, context: context), identity: identity)
        }
        routes.add(.post, "/v1/targets/split", access: Self.editors) { request, context, identity in
            try await service.split(try await request.decodeStrict(TargetSplitRequest.self, context: context), identity: identity)
        }
        routes.add(.post, "/v1/targets/remove", access: Self.editors) { request, context, identity in
            try await service.remove(try await request.decodeStrict(TargetRemoveRequest.self, context: context), identity: identity)
        }
        routes.add(.post, "/v1/targets/confirm", access: Self.editors) { request, context, identity in
            try await service.confirm(try await request.decodeStrict(TargetConfirmRequest.self, context: context), identity: identity)
        }
    }
}

extension TargetList: ResponseEncodable {}
extension IndicatorReport: ResponseEncodable {}
