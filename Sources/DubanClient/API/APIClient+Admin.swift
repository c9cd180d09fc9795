import DubanCore
import Foundation

// Units and accounts: the central admins' routes (listing units is open to every account).
extension APIClient {
    /// `GET /v1/units`.
    public func units() async throws -> UnitList {
        try await send(.GET, ["v1", "units"])
    }

    /// `POST /v1/admin/units`.
    public func createUnit(_ request: CreateUnitRequest) async throws -> UnitInfo {
        try await send(.POST, ["v1", "admin", "units"], body: request)
    }

    /// `POST /v1/admin/units/{code}/disable`.
    public func disableUnit(code: String) async throws -> UnitInfo {
        try await send(.POST, ["v1", "admin", "units", code, "disable"])
    }

    /// `GET /v1/accounts[?unit=CODE]`: the accounts this account may see (a unit's staff: their own
    /// unit's, with who created each and who last reset its password).
    public func visibleAccounts(unit: String? = nil) async throws -> AccountList {
        try await send(.GET, ["v1", "accounts"], query: [("unit", unit)])
    }

    /// `GET /v1/admin/accounts[?unit=CODE]`.
    public func accounts(unit: String? = nil) async throws -> AccountList {
        try await send(.GET, ["v1", "admin", "accounts"], query: [("unit", unit)])
    }

    /// `POST /v1/admin/accounts`: the answer carries the one-time password.
    public func createAccount(_ request: CreateAccountRequest) async throws -> AccountWithPassword {
        try await send(.POST, ["v1", "admin", "accounts"], body: request)
    }

    /// `POST /v1/admin/accounts/{login}/disable`.
    public func disableAccount(login: String) async throws -> AccountInfo {
        try await send(.POST, ["v1", "admin", "accounts", login, "disable"])
    }

    /// `POST /v1/admin/accounts/{login}/enable`.
    public func enableAccount(login: String) async throws -> AccountInfo {
        try await send(.POST, ["v1", "admin", "accounts", login, "enable"])
    }

    /// `POST /v1/admin/accounts/{login}/reset-password`: the answer carries the new one-time password.
    public func resetPassword(login: String) async throws -> AccountWithPassword {
        try await send(.POST, ["v1", "admin", "accounts", login, "reset-password"])
    }

    /// `POST /v1/admin/accounts/{login}/revoke-sessions`.
    public func revokeSessions(login: String) async throws -> RevokedSessions {
        try await send(.POST, ["v1", "admin", "accounts", login, "revoke-sessions"])
    }
}
