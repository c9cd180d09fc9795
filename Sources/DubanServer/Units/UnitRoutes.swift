import DubanCore
import Foundation
import Hummingbird

/// Units: everyone signed in may list them; admins add and disable (`UnitService`).
struct UnitRoutes: Sendable {
    let service: UnitService

    init(database: AppDatabase) {
        service = UnitService(database: database)
    }

    func register(on routes: APIRoutes) {
        routes.add(.get, "/v1/units", access: .signedIn) { _, _, identity in
            try await service.list(identity: identity)
        }
        routes.add(.post, "/v1/admin/units", access: .roles([.admin])) { request, context, identity in
            let body = try await request.decodeStrict(CreateUnitRequest.self, context: context)
            return EditedResponse(status: .created, response: try await service.create(body, by: identity))
        }
        routes.add(.post, "/v1/admin/units/{code}/disable", access: .roles([.admin]), maxBodyBytes: 0) { _, context, identity in
            try await service.disable(code: try context.parameters.require("code"), by: identity)
        }
    }
}
