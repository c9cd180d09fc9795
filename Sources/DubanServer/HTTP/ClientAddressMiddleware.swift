import Hummingbird

/// Attributes a request that came through a trusted reverse proxy to the client the proxy names in
/// `X-Forwarded-For` (see ``TrustedProxies``), for sign-in throttling and the audit trail.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = DubanRequestContext
    let proxies: TrustedProxies

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !proxies.ranges.isEmpty else { return try await next(request, context) }
        var context = context
        let forwarded = request.headers[values: .init("X-Forwarded-For")!].joined(separator: ",")
        context.remoteAddress = proxies.client(peer: context.remoteAddress, forwardedFor: forwarded.isEmpty ? nil : forwarded)
        return try await next(request, context)
    }
}
