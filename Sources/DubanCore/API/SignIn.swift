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

    public init(login: String, password: String, deviceId: UUID, deviceName: String? = nil) {
        self.login = login
        self.password = password
        self.deviceId = deviceId
        self.deviceName = deviceName
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

    public init(token: String, expiresAt: Date, mustChangePassword: Bool, account: AccountInfo) {
        self.token = token
        self.expiresAt = expiresAt
        self.mustChangePassword = mustChangePassword
        self.account = account
    }
}
