@testable import DubanClient
import Foundation
import Testing

@Suite struct CredentialStoreTests {
    /// A data folder that does not exist yet, inside a fresh temporary folder removed afterwards.
    func withHome(_ body: (ClientPaths) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("duban-client-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try body(ClientPaths(home: root.appendingPathComponent("home")))
    }

    func mode(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
    }

    let sample = Credentials(server: "http://127.0.0.1:8080", login: "tianma01", token: "secret-token",
                             expiresAt: Date(timeIntervalSince1970: 1_800_000_000))

    @Test func deviceCookiesAreKeptPerServerAndLoginAndOutliveSigningOut() throws {
        try withHome { paths in
            let store = CredentialStore(paths: paths)
            #expect(store.deviceCookie(server: "http://a", login: "tianma01") == nil)
            try store.saveDeviceCookie("dbd_one", server: "http://a", login: "Tianma01 ")
            try store.saveDeviceCookie("dbd_two", server: "http://b", login: "tianma01")
            try store.saveDeviceCookie("dbd_three", server: "http://a", login: "jiahe01")
            #expect(store.deviceCookie(server: "http://a", login: " TIANMA01") == "dbd_one", "the login as the server compares it")
            #expect(store.deviceCookie(server: "http://b", login: "tianma01") == "dbd_two")
            #expect(store.deviceCookie(server: "http://b", login: "jiahe01") == nil, "never sent to another server")
            try store.saveDeviceCookie("dbd_four", server: "http://a", login: "tianma01")
            #expect(store.deviceCookie(server: "http://a", login: "tianma01") == "dbd_four")
            #expect(try mode(paths.deviceCookiesFile) == 0o600)
            try store.save(sample)
            try store.remove()
            #expect(store.deviceCookie(server: "http://a", login: "tianma01") == "dbd_four", "signing out keeps the device known")
        }
    }

    @Test func roundTripsWithMode0600InAFolderWithMode0700() throws {
        try withHome { paths in
            let store = CredentialStore(paths: paths)
            #expect(try store.load() == nil)
            try store.save(sample)
            #expect(try store.load() == sample)
            #expect(try mode(paths.credentialsFile) == 0o600)
            #expect(try mode(paths.home) == 0o700)
            // The file is the JSON convention of the wire: snake_case, ISO-8601.
            let text = try String(contentsOf: paths.credentialsFile, encoding: .utf8)
            #expect(text.contains("\"expires_at\" : \"2027-01-15T08:00:00Z\""), "\(text)")
        }
    }

    @Test func replacesAtomicallyAndNarrowsAWiderFile() throws {
        try withHome { paths in
            let store = CredentialStore(paths: paths)
            try FileManager.default.createDirectory(at: paths.home, withIntermediateDirectories: true)
            // A file someone left readable by everybody.
            _ = FileManager.default.createFile(atPath: paths.credentialsFile.path, contents: Data("{}".utf8),
                                           attributes: [.posixPermissions: 0o644])
            var next = sample
            next.token = "second-token"
            try store.save(next)
            #expect(try store.load()?.token == "second-token")
            #expect(try mode(paths.credentialsFile) == 0o600)
            // No temporary file is left beside it.
            let names = try FileManager.default.contentsOfDirectory(atPath: paths.home.path)
            #expect(names == ["credentials.json"])
        }
    }

    @Test func modeHoldsUnderAPermissiveUmask() throws {
        try withHome { paths in
            let previous = umask(0)
            defer { umask(previous) }
            try CredentialStore(paths: paths).save(sample)
            #expect(try mode(paths.credentialsFile) == 0o600)
        }
    }

    @Test func removeForgetsAndIsIdempotent() throws {
        try withHome { paths in
            let store = CredentialStore(paths: paths)
            try store.save(sample)
            try store.remove()
            #expect(try store.load() == nil)
            try store.remove()
            #expect(throws: ClientError.self) { try store.require() }
        }
    }

    @Test func aDamagedFileIsAClearError() throws {
        try withHome { paths in
            try FileManager.default.createDirectory(at: paths.home, withIntermediateDirectories: true)
            try Data("not json".utf8).write(to: paths.credentialsFile)
            do {
                _ = try CredentialStore(paths: paths).load()
                Issue.record("expected an error")
            } catch let error as ClientError {
                #expect(error.code == "client.bad_credentials")
                #expect(error.message.en.contains(paths.credentialsFile.path))
            }
        }
    }

    @Test func configurationKeepsTheDeviceIdBesideTheCredentials() throws {
        try withHome { paths in
            let configuration = ClientConfiguration(server: "http://127.0.0.1:8080")
            try configuration.save(to: paths)
            try CredentialStore(paths: paths).save(sample)
            #expect(try ClientConfiguration.load(from: paths).deviceID == configuration.deviceID)
            let credentials = try String(contentsOf: paths.credentialsFile, encoding: .utf8)
            #expect(!credentials.contains("device"))
        }
    }
}
