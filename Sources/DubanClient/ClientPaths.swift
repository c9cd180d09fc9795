import Foundation

/// Where the `duban` CLI keeps its files: configuration, credentials, and (later) one SQLite cache per server and account.
///
/// The folder is `$DUBAN_HOME` if set, else `$XDG_DATA_HOME/duban`, else `~/.local/share/duban`.
/// Each installation (and each test client) can point `DUBAN_HOME` at its own folder.
public struct ClientPaths: Sendable, Equatable {
    /// The data folder.
    public var home: URL

    public init(home: URL) {
        self.home = home
    }

    /// Resolves the data folder from the environment, without touching the disk.
    public static func from(environment: [String: String]) -> ClientPaths {
        if let home = environment["DUBAN_HOME"], !home.isEmpty {
            return ClientPaths(home: URL(fileURLWithPath: home))
        }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return ClientPaths(home: URL(fileURLWithPath: xdg).appendingPathComponent("duban"))
        }
        let user = environment["HOME"] ?? NSHomeDirectory()
        return ClientPaths(home: URL(fileURLWithPath: user).appendingPathComponent(".local/share/duban"))
    }

    /// The configuration file.
    public var configurationFile: URL { home.appendingPathComponent("config.json") }

    /// The signed-in session: server, login, token, expiry (mode 0600).
    public var credentialsFile: URL { home.appendingPathComponent("credentials.json") }

    /// The device cookies servers gave this installation, per server and login (mode 0600); kept
    /// when signing out, so the next sign-in is still that of a known device.
    public var deviceCookiesFile: URL { home.appendingPathComponent("device-cookies.json") }
}
