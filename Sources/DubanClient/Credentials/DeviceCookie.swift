import Foundation

/// A device cookie as the CLI keeps it: the secret a server gave this installation after it signed
/// in to a login there. Sent with later sign-ins of that login to that server only, it makes them a
/// known device's, which strangers' failed sign-ins cannot lock out. Never printed.
public struct DeviceCookie: Codable, Sendable, Equatable {
    /// The normalised server URL that gave it.
    public var server: String
    /// The login, as the server compares it (trimmed, lower case).
    public var login: String
    public var cookie: String

    public init(server: String, login: String, cookie: String) {
        self.server = server
        self.login = login
        self.cookie = cookie
    }

    /// A login as the server compares it.
    public static func normalized(_ login: String) -> String {
        login.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
