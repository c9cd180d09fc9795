import DubanCore
import Foundation

/// Who is calling: resolved from the bearer token, never from the request body.
public struct Identity: Sendable, Equatable {
    public var accountID: Int64
    public var unitID: Int64
    public var role: AccountRole
    public var deviceID: UUID
    public var sessionID: Int64
    public var mustChangePassword: Bool
    public var expiresAt: Date
    /// Where the request came from (the TCP peer, or the client a trusted proxy names): stated to the
    /// database with the rest of the scope, so every audit entry of the request carries it.
    public var clientAddress: String? = nil
}
