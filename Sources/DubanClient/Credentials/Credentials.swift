import Foundation

/// A signed-in session as the CLI keeps it: which server, which login, the bearer token and when
/// the server said it expires. Stored in `credentials.json` (mode 0600); never printed.
public struct Credentials: Codable, Sendable, Equatable {
    /// The normalised server URL the token belongs to; requests with this token go only there.
    public var server: String
    public var login: String
    public var token: String
    /// The expiry the server last reported. Expiry slides on the server, so this is a hint, not a verdict.
    public var expiresAt: Date

    public init(server: String, login: String, token: String, expiresAt: Date) {
        self.server = server
        self.login = login
        self.token = token
        self.expiresAt = expiresAt
    }
}
