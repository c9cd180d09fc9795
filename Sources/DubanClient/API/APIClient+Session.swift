import DubanCore
import Foundation

extension APIClient {
    /// `POST /v1/session`: signs in. Sent without a token even when this client has one.
    public func signIn(_ request: SignInRequest) async throws -> SignInResponse {
        try await send(.POST, ["v1", "session"], body: request, authenticated: false)
    }

    /// `DELETE /v1/session`: revokes the token this client holds.
    public func signOut() async throws {
        try await send(.DELETE, ["v1", "session"])
    }

    /// `GET /v1/me`: the signed-in account and this session.
    public func me() async throws -> MeResponse {
        try await send(.GET, ["v1", "me"])
    }

    /// `POST /v1/me/password`.
    public func changePassword(_ request: ChangePasswordRequest) async throws {
        try await send(.POST, ["v1", "me", "password"], body: request)
    }
}

extension APIClient {
    /// `GET /v1/assignments`: the assignments this account may see.
    public func assignments() async throws -> AssignmentList {
        try await send(.GET, ["v1", "assignments"])
    }
}
