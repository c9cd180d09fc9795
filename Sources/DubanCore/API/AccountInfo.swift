import Foundation

// Bodies of Duban's HTTP API (`/v1/...`), shared by duban-server and duban.
// On the wire: snake_case keys (WireJSON), ISO-8601 UTC times.

/// An account as the API shows it (never its password hash).
public struct AccountInfo: Codable, Sendable, Equatable {
    public var login: String
    public var displayName: String
    public var role: AccountRole
    public var unitCode: String
    public var unitName: String
    public var disabled: Bool
    public var mustChangePassword: Bool
    public var createdAt: Date
    public var lastSignInAt: Date?
    /// The login of the account that created this one (nil: created on the server's command line).
    public var createdBy: String?
    /// When someone else last set this account's password (an admin's reset), and who (nil with a
    /// time: on the server's command line).
    public var passwordResetAt: Date?
    public var passwordResetBy: String?

    public init(login: String, displayName: String, role: AccountRole, unitCode: String, unitName: String,
                disabled: Bool, mustChangePassword: Bool, createdAt: Date, lastSignInAt: Date?,
                createdBy: String? = nil, passwordResetAt: Date? = nil, passwordResetBy: String? = nil) {
        self.login = login
        self.displayName = displayName
        self.role = role
        self.unitCode = unitCode
        self.unitName = unitName
        self.disabled = disabled
        self.mustChangePassword = mustChangePassword
        self.createdAt = createdAt
        self.lastSignInAt = lastSignInAt
        self.createdBy = createdBy
        self.passwordResetAt = passwordResetAt
        self.passwordResetBy = passwordResetBy
    }
}

/// `GET /v1/accounts[?unit=CODE]` (a unit's staff: their own unit's accounts; the office, oversight
/// and admins: every unit's) and `GET /v1/admin/accounts[?unit=CODE]`.
public struct AccountList: Codable, Sendable, Equatable {
    public var accounts: [AccountInfo]
    public init(accounts: [AccountInfo]) { self.accounts = accounts }
}

/// `POST /v1/admin/accounts`.
public struct CreateAccountRequest: Codable, Sendable, Equatable {
    public var login: String
    public var displayName: String
    public var role: AccountRole
    public var unitCode: String

    public init(login: String, displayName: String, role: AccountRole, unitCode: String) {
        self.login = login
        self.displayName = displayName
        self.role = role
        self.unitCode = unitCode
    }
}

/// The answer to creating an account or resetting its password: the one-time password is shown
/// once and must be changed at the next sign-in.
public struct AccountWithPassword: Codable, Sendable, Equatable {
    public var account: AccountInfo
    public var oneTimePassword: String

    public init(account: AccountInfo, oneTimePassword: String) {
        self.account = account
        self.oneTimePassword = oneTimePassword
    }
}

/// `POST /v1/admin/accounts/{login}/revoke-sessions`.
public struct RevokedSessions: Codable, Sendable, Equatable {
    public var revoked: Int
    public init(revoked: Int) { self.revoked = revoked }
}
