import DubanCore
import Foundation

/// The CLI's settings, stored as JSON in the data folder (`config.json`).
public struct ClientConfiguration: Codable, Sendable, Equatable {
    /// The server's base URL, e.g. `http://127.0.0.1:8080`.
    public var server: String?
    /// This installation's device id, made once and sent with every sign-in.
    public var deviceID: UUID

    // "deviceId" so that WireJSON's snake_case strategies round-trip it as "device_id".
    private enum CodingKeys: String, CodingKey {
        case server
        case deviceID = "deviceId"
    }

    public init(server: String? = nil, deviceID: UUID = UUID()) {
        self.server = server
        self.deviceID = deviceID
    }

    /// Reads the configuration, or a fresh one (not yet saved) when there is none.
    public static func load(from paths: ClientPaths) throws -> ClientConfiguration {
        let url = paths.configurationFile
        guard FileManager.default.fileExists(atPath: url.path) else { return ClientConfiguration() }
        do {
            return try WireJSON.decoder().decode(ClientConfiguration.self, from: Data(contentsOf: url))
        } catch {
            throw ClientError.badConfiguration(url.path)
        }
    }

    /// Writes the configuration atomically (a crash leaves the old file or the new one, never half).
    public func save(to paths: ClientPaths) throws {
        try FileManager.default.createDirectory(at: paths.home, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try WireJSON.encoder(pretty: true).encode(self).write(to: paths.configurationFile, options: .atomic)
    }

    /// Checks and normalises a server URL typed by a user: http or https, a host, lower-case scheme
    /// and host, no trailing slash, no credentials, query or fragment (`HTTPS://Duban.Example/` →
    /// `https://duban.example`). A path prefix is kept, for a server behind a reverse proxy.
    public static func normalizedServer(_ text: String) throws -> String {
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard var components = URLComponents(string: trimmed),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty,
              components.user == nil, components.password == nil,
              components.query == nil, components.fragment == nil
        else {
            throw ClientError.badServerURL(text)
        }
        components.scheme = scheme
        components.host = host.lowercased()
        guard let normalized = components.string else { throw ClientError.badServerURL(text) }
        return normalized
    }
}
