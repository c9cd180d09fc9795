import DubanCore
import Foundation
import Hummingbird

/// Central account management: `/v1/admin/accounts…`. Admins manage; the office and oversight may list; a unit's staff list their own unit's (`/v1/accounts`). The
/// routes decode and authorize; `AccountService` holds the rules and the SQL.
struct AccountRoutes: Sendable {
    let service: AccountService

    init(database: AppDatabase, hasher: PasswordHasher) {
        service = AccountService(database: database, hasher: hasher)
    }

    func register(on routes: APIRoutes) {
        routes.add(.get, "/v1/admin/accounts", access: .roles([.admin, .supervisor, .oversight])) { request, _, identity in
            try await service.list(unit: request.uri.queryParameters["unit"].map(String.init), identity: identity)
        }
        routes.add(.get, "/v1/accounts", access: .signedIn) { request, _, identity in
            try await service.visible(unit: request.uri.queryParameters["unit"].map(String.init), identity: identity)
        }
        routes.add(.post, "/v1/admin/accounts", access: .roles([.admin])) { request, context, identity in
            let body = try await request.decodeStrict(CreateAccountRequest.self, context: context)
            return EditedResponse(status: .created, response: try await service.create(body, by: identity))
        }
        routes.add(.post, "/v1/admin/accounts/{login}/disable", access: .roles([.admin]), maxBodyBytes: 0) { _, context, identity in
            try await service.disable(login: try context.parameters.require("login"), by: identity)
        }
        routes.add(.post, "/v1/admin/accounts/{login}/enable", access: .roles([.admin]), maxBodyBytes: 0) { _, context, identity in
            try await service.enable(login: try context.parameters.require("login"), by: identity)
        }
        routes.add(.post, "/v1/admin/accounts/{login}/reset-password", access: .roles([.admin]), maxBodyBytes: 0) { _, context, identity in
            try await service.resetPassword(login: try context.parameters.require("login"), by: identity)
        }
        routes.add(.post, "/v1/admin/accounts/{login}/revoke-sessions", access: .roles([.admin]), maxBodyBytes: 0) { _, context, identity in
            try await service.revokeSessions(login: try context.parameters.require("login"), by: identity)
        }
    }
}
