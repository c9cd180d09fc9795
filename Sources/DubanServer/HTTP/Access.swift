import DubanCore
import Hummingbird

/// Who may call a route. Every route declares one, and `authorize` is the one place it is checked.
public enum Access: Sendable, Equatable {
    /// No token needed (health checks, sign-in).
    case anyone
    /// A signed-in account with one of these roles. `duringPasswordChange` routes stay open to an
    /// account that must change its password first (`/v1/me`, `/v1/me/password`, sign-out).
    case roles(Set<AccountRole>, duringPasswordChange: Bool = false)

    /// Every role.
    public static let signedIn = Access.roles(Set(AccountRole.allCases))

    /// Checks the caller against this rule; returns the identity for signed-in routes.
    func authorize(_ context: DubanRequestContext) throws -> Identity? {
        guard case .roles(let roles, let duringPasswordChange) = self else { return context.identity }
        guard let identity = context.identity else {
            if context.presentedDisabledAccount { throw APIError(DomainError.accountDisabled) }
            throw context.presentedInvalidToken ? APIError.invalidToken : APIError.authenticationRequired
        }
        guard roles.contains(identity.role) else { throw APIError.forbidden }
        if identity.mustChangePassword && !duringPasswordChange { throw APIError.passwordChangeRequired }
        return identity
    }
}

extension APIError {
    static let authenticationRequired = APIError(
        status: .unauthorized, code: "auth.required",
        message: .init(en: "sign in first (duban login)", zh: "请先登录（duban login）"))
    static let invalidToken = APIError(
        status: .unauthorized, code: "auth.invalid_token",
        message: .init(en: "your session has expired or was revoked; sign in again (duban login)",
                       zh: "登录已过期或已被注销，请重新登录（duban login）"))
    static let forbidden = APIError(
        status: .forbidden, code: "auth.forbidden",
        message: .init(en: "your account may not do this", zh: "您的账号无权执行此操作"))
    static let passwordChangeRequired = APIError(
        status: .forbidden, code: "auth.password_change_required",
        message: .init(en: "change your password first (duban password)", zh: "请先修改密码（duban password）"))
}

/// One route as registered: what the authorization matrix test and the API description walk.
public struct RouteDescription: Sendable, Hashable {
    public var method: String
    public var path: String
    public var access: Access
    /// The largest request body the route takes, in bytes (0: none); a larger one gets 413 `too_large`.
    public var maxBodyBytes: Int

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.method == rhs.method && lhs.path == rhs.path }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(path)
    }
}

/// Registers routes with their access rule, so no handler runs before `Access.authorize`.
final class APIRoutes: @unchecked Sendable {
    let router: Router<DubanRequestContext>
    private(set) var catalog: [RouteDescription] = []

    init(router: Router<DubanRequestContext>) {
        self.router = router
    }

    /// A route open to anyone. `maxBodyBytes` defaults to ``RequestBodyLimit/defaultLimit(for:)``.
    func add(_ method: HTTPRequest.Method, _ path: String, access: Access = .anyone, maxBodyBytes: Int? = nil,
             _ handler: @escaping @Sendable (Request, DubanRequestContext) async throws -> some ResponseGenerator) {
        let limit = maxBodyBytes ?? RequestBodyLimit.defaultLimit(for: method)
        catalog.append(RouteDescription(method: method.rawValue, path: path, access: access, maxBodyBytes: limit))
        router.on(RouterPath(path), method: method) { request, context in
            _ = try access.authorize(context)
            return try await handler(try await RequestBodyLimit.enforce(request, limit: limit), context)
        }
    }

    /// A route for signed-in accounts with the given rule; the handler gets the checked identity.
    func add(_ method: HTTPRequest.Method, _ path: String, access: Access, maxBodyBytes: Int? = nil,
             _ handler: @escaping @Sendable (Request, DubanRequestContext, Identity) async throws -> some ResponseGenerator) {
        precondition(access != .anyone, "a handler that takes an identity needs a signed-in access rule")
        let limit = maxBodyBytes ?? RequestBodyLimit.defaultLimit(for: method)
        catalog.append(RouteDescription(method: method.rawValue, path: path, access: access, maxBodyBytes: limit))
        router.on(RouterPath(path), method: method) { request, context in
            guard let identity = try access.authorize(context) else { throw APIError.authenticationRequired }
            return try await handler(try await RequestBodyLimit.enforce(request, limit: limit), context, identity)
        }
    }
}
