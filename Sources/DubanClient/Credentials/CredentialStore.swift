import DubanCore
import Foundation

/// Reads and writes the session's ``Credentials`` in the data folder: `credentials.json`, written
/// atomically with mode 0600 in a folder made with mode 0700. The device id stays in `config.json`;
/// the device cookies servers gave (``DeviceCookie``) stay in `device-cookies.json` (mode 0600),
/// which signing out keeps.
public struct CredentialStore: Sendable {
    public let paths: ClientPaths

    public init(paths: ClientPaths) {
        self.paths = paths
    }

    /// The stored credentials, or nil when nobody is signed in.
    public func load() throws -> Credentials? {
        let url = paths.credentialsFile
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try WireJSON.decoder().decode(Credentials.self, from: Data(contentsOf: url))
        } catch {
            throw ClientError.badCredentials(url.path)
        }
    }

    /// The stored credentials, or ``ClientError/notSignedIn``.
    public func require() throws -> Credentials {
        guard let credentials = try load() else { throw ClientError.notSignedIn }
        return credentials
    }

    /// Replaces the stored credentials.
    public func save(_ credentials: Credentials) throws {
        try PrivateFile.write(WireJSON.encoder(pretty: true).encode(credentials), to: paths.credentialsFile, mode: 0o600)
    }

    /// Forgets the session; nothing stored is fine. The device cookies stay.
    public func remove() throws {
        try PrivateFile.remove(paths.credentialsFile)
    }

    /// The device cookie `server` gave this installation for `login`, if any (send it when signing in).
    public func deviceCookie(server: String, login: String) -> String? {
        let login = DeviceCookie.normalized(login)
        return loadDeviceCookies().first { $0.server == server && $0.login == login }?.cookie
    }

    /// Keeps the device cookie `server` gave for `login`, replacing the one it gave before.
    public func saveDeviceCookie(_ cookie: String, server: String, login: String) throws {
        let entry = DeviceCookie(server: server, login: DeviceCookie.normalized(login), cookie: cookie)
        var cookies = loadDeviceCookies().filter { $0.server != entry.server || $0.login != entry.login }
        cookies.append(entry)
        try PrivateFile.write(WireJSON.encoder(pretty: true).encode(cookies), to: paths.deviceCookiesFile, mode: 0o600)
    }

    /// The stored device cookies; an unreadable file counts as none (the next sign-in gets a new one).
    private func loadDeviceCookies() -> [DeviceCookie] {
        guard let data = try? Data(contentsOf: paths.deviceCookiesFile) else { return [] }
        return (try? WireJSON.decoder().decode([DeviceCookie].self, from: data)) ?? []
    }
}
