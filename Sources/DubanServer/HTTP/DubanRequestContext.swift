import DubanCore
import Foundation
import Hummingbird
import NIOCore

/// The request context of every Duban route: who is calling (from the bearer token) and from where.
public struct DubanRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller, once `AuthenticationMiddleware` has checked the token.
    public var identity: Identity?
    /// True when a token was sent but is unknown, expired, revoked, or its account is disabled.
    public var presentedInvalidToken = false
    /// True when the token is live but its account or unit has been disabled.
    public var presentedDisabledAccount = false
    /// The client's IP address, for sign-in throttling and the audit trail: the TCP peer, or the client
    /// a trusted reverse proxy names (`ClientAddressMiddleware`, `DUBAN_TRUSTED_PROXIES`).
    public internal(set) var remoteAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    public var requestDecoder: JSONDecoder { WireJSON.decoder() }
    public var responseEncoder: JSONEncoder { WireJSON.encoder() }
    /// The largest body any route reads (the sync route; others read at most 64 KiB).
    public var maxUploadSize: Int { SyncRoutes.maxBodyBytes }
}
