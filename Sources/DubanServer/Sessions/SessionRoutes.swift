import DubanCore
import Foundation
import Hummingbird

/// Sign-in, sign-out, and the caller's own account: `/v1/session`, `/v1/me`, `/v1/me/password`
/// (`SessionService`).
struct SessionRoutes: Sendable {
    let service: SessionService

    init(database: AppDatabase, settings: AuthSettings, hasher: PasswordHasher, decoy: String, metrics: ServerMetrics? = nil) {
        service = SessionService(database: database, settings: settings, hasher: hasher, decoy: decoy, metrics: metrics)
    }

    func register(on routes: APIRoutes) {
        routes.add(.post, "/v1/session", access: .anyone) { request, context in
            let body = try await request.decodeStrict(SignInRequest.self, context: context)
            return EditedResponse(status: .created, response: try await service.signIn(body, address: context.remoteAddress))
        }
        routes.add(.delete, "/v1/session", access: .roles(Set(AccountRole.allCases), duringPasswordChange: true)) {
            _, _, identity in
            try await service.signOut(identity)
            return Response(status: .noContent)
        }
        routes.add(.get, "/v1/me", access: .roles(Set(AccountRole.allCases), duringPasswordChange: true)) { _, _, identity in
            guard let me = try await service.me(identity) else { throw APIError.invalidToken }
            return me
        }
        routes.add(.post, "/v1/me/password", access: .roles(Set(AccountRole.allCases), duringPasswordChange: true)) {
            request, context, identity in
            let body = try await request.decodeStrict(ChangePasswordRequest.self, context: context)
            try await service.changePassword(body, identity: identity)
            return Response(status: .noContent)
        }
    }
}
