import Foundation

// Bodies of Duban's HTTP API (`/v1/...`), shared by duban-server and duban.
// On the wire: snake_case keys (WireJSON), ISO-8601 UTC times.

/// `POST /v1/session`: sign in.
public struct SignInRequest: Codable, Sendable, Equatable {
    public var login: String
    public var password: String
    /// The installation's id (the CLI makes one per installation); the token is bound to it.
    public var deviceId: UUID
    /// A name the user recognises, e.g. the host name.
    public var deviceName: String?
    /// The device cookie this server gave at an earlier sign-in of this login
    /// (``SignInResponse/deviceCookie``); omitted when there is none. With a valid one the attempt
    /// is counted against the cookie, not the login, so strangers' failures that lock the login do
    /// not lock this device out; an unknown, lapsed or void one is ignored (the attempt counts as a
    /// stranger's). Sent only to the server that gave it, so servers that predate it never see it.
    public var deviceCookie: String?

    public init(login: String, password: String, deviceId: UUID, deviceName: String? = nil, deviceCookie: String? = nil) {
        self.login = login
        self.password = password
        self.deviceId = deviceId
        self.deviceName = deviceName
        self.deviceCookie = deviceCookie
    }
}

/// The answer to a successful sign-in.
public struct SignInResponse: Codable, Sendable, Equatable {
    /// The bearer token: send as `Authorization: Bearer <token>`. Shown once; only its hash is stored.
    public var token: String
    public var expiresAt: Date
    /// True after an admin set or reset the password: every route but `/v1/me`, `/v1/me/password`
    /// and `DELETE /v1/session` answers 403 `auth.password_change_required` until it is changed.
    public var mustChangePassword: Bool
    public var account: AccountInfo
    /// A new device cookie, given when the request carried no valid one: keep it (secret, like the
    /// token) for this server and login, and send it as ``SignInRequest/deviceCookie`` with later
    /// sign-ins. Absent when the request's cookie was valid (keep using it) and from older servers.
    public var deviceCookie: String?

    public init(token: String, expiresAt: Date, mustChangePassword: Bool, account: AccountInfo, deviceCookie: String? = nil) {
        self.token = token
        self.expiresAt = expiresAt
        self.mustChangePassword = mustChangePassword
        self.account = account
        self.deviceCookie = deviceCookie
    }
}
