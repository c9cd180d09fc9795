import DubanCore
import Foundation

/// Reads and writes the session's ``Credentials`` in the data folder: `credentials.json`, written
/// atomically with mode 0600 in a folder made with mode 0700. The device id stays in `config.json`.
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

    /// Forgets the session; nothing stored is fine.
    public func remove() throws {
        try PrivateFile.remove(paths.credentialsFile)
    }
}
