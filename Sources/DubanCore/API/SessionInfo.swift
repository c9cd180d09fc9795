import Foundation

// Bodies of Duban's HTTP API (`/v1/...`), shared by duban-server and duban.
// On the wire: snake_case keys (WireJSON), ISO-8601 UTC times.

/// The current session, for `GET /v1/me`.
public struct SessionInfo: Codable, Sendable, Equatable {
    public var deviceId: UUID
    public var deviceName: String?
    public var createdAt: Date
    public var expiresAt: Date

    public init(deviceId: UUID, deviceName: String?, createdAt: Date, expiresAt: Date) {
        self.deviceId = deviceId
        self.deviceName = deviceName
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// `GET /v1/me`.
public struct MeResponse: Codable, Sendable, Equatable {
    public var account: AccountInfo
    public var session: SessionInfo

    public init(account: AccountInfo, session: SessionInfo) {
        self.account = account
        self.session = session
    }
}

/// `POST /v1/me/password`.
public struct ChangePasswordRequest: Codable, Sendable, Equatable {
    public var currentPassword: String
    public var newPassword: String

    public init(currentPassword: String, newPassword: String) {
        self.currentPassword = currentPassword
        self.newPassword = newPassword
    }
}
