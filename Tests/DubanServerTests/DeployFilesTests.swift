import DubanCore
@testable import DubanServer
import Foundation
import Testing

/// Deploy/ stays in step with the code: every setting the server reads is documented in
/// Deploy/server.env (and nothing there is stale), the systemd unit keeps its hardening, and the
/// nginx site lets the largest body and the longest long poll through.
@Suite struct DeployFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every `"DUBAN_…"` string literal in the Swift files under `folders` (environment reads such as
    /// `environment["DUBAN_PORT"]` and `int(environment, "DUBAN_PORT", …)` alike).
    static func variablesRead(in folders: [String]) throws -> Set<String> {
        let pattern = try NSRegularExpression(pattern: #""(DUBAN_[A-Z0-9_]+)""#)
        var names: Set<String> = []
        for folder in folders {
            let base = root.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
            #expect(!files.isEmpty, "no Swift files under \(folder)")
            for file in files {
                let source = try String(contentsOf: file, encoding: .utf8)
                for match in pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
                    if let range = Range(match.range(at: 1), in: source) { names.insert(String(source[range])) }
                }
            }
        }
        return names
    }

    /// The settings Deploy/server.env documents: lines `NAME=…` or `#NAME=…`.
    static func documented() throws -> Set<String> {
        let pattern = try NSRegularExpression(pattern: #"^#?(DUBAN_[A-Z0-9_]+)="#, options: [.anchorsMatchLines])
        let env = try text("Deploy/server.env")
        return Set(pattern.matches(in: env, range: NSRange(env.startIndex..., in: env)).compactMap {
            Range($0.range(at: 1), in: env).map { String(env[$0]) }
        })
    }

    @Test func everyServerSettingIsDocumentedInServerEnv() throws {
        let read = try Self.variablesRead(in: ["Sources/DubanServer", "Sources/duban-server"])
        // The known settings must be found, or the scan itself is broken.
        #expect(read.isSuperset(of: ["DUBAN_DATABASE_URL", "DUBAN_PORT", "DUBAN_BCRYPT_COST", "DUBAN_MIGRATIONS_DIR"]), "\(read.sorted())")
        let missing = read.subtracting(try Self.documented())
        #expect(missing.isEmpty, "read by the server but not documented in Deploy/server.env: \(missing.sorted())")
    }

    @Test func serverEnvDocumentsNothingTheServerDoesNotRead() throws {
        let read = try Self.variablesRead(in: ["Sources/DubanServer", "Sources/duban-server"])
        let stale = try Self.documented().subtracting(read)
        #expect(stale.isEmpty, "documented in Deploy/server.env but read nowhere in the server: \(stale.sorted())")
    }

    @Test func theReadmePointsAtTheCompleteList() throws {
        let readme = try Self.text("README.md")
        #expect(readme.contains("Deploy/server.env"))
        #expect(readme.contains("Deploy/README.md"))
        // The client's trust roots are documented where the client is.
        #expect(readme.contains("DUBAN_CA_FILE"))
    }

    @Test func theUnitRunsAsItsOwnUserHardened() throws {
        let unit = try Self.text("Deploy/duban-server.service")
        let lines = Set(unit.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        for required in ["User=duban", "Group=duban", "EnvironmentFile=/etc/duban/server.env", "NoNewPrivileges=yes",
                         "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes",
                         "StateDirectory=duban", "ReadWritePaths=/var/lib/duban", "CapabilityBoundingSet=",
                         "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "SystemCallFilter=@system-service",
                         "MemoryDenyWriteExecute=yes", "LockPersonality=yes", "RestrictNamespaces=yes", "UMask=0077",
                         "ExecStart=/usr/local/bin/duban-server serve"] {
            #expect(lines.contains(required), "Deploy/duban-server.service lacks \(required)")
        }
    }

    /// The value of `directive` in the nginx site's `location = path { … }` block, else the server's.
    static func nginx(_ directive: String, in location: String? = nil) throws -> String? {
        var site = try text("Deploy/nginx/duban.conf")
        if let location {
            guard let start = site.range(of: "location = \(location) {") else { return nil }
            site = String(site[start.upperBound...].prefix { $0 != "}" })
        }
        for line in site.split(separator: "\n") {
            let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
            if words.first == Substring(directive), words.count > 1 {
                return String(words[1]).trimmingCharacters(in: CharacterSet(charactersIn: ";"))
            }
        }
        return nil
    }

    static func seconds(_ value: String?) -> Int? {
        guard let value else { return nil }
        if value.hasSuffix("m"), let minutes = Int(value.dropLast()) { return minutes * 60 }
        return Int(value.hasSuffix("s") ? String(value.dropLast()) : value)
    }

    @Test func nginxLetsTheLargestBodyAndTheLongestLongPollThrough() throws {
        let body = try #require(try Self.nginx("client_max_body_size"))
        let megabytes = try #require(Int(body.dropLast()), "client_max_body_size \(body)")
        #expect(body.hasSuffix("m") && megabytes << 20 >= SyncRoutes.maxBodyBytes)
        #expect(megabytes << 20 >= EvidencePolicy.maxChunkBytes)
        let notice = try #require(try Self.nginx("client_max_body_size", in: "/v1/admin/plans/import"))
        #expect(notice.hasSuffix("m") && (Int(notice.dropLast()) ?? 0) << 20 > NoticeFile.maxFileBytes)
        // DUBAN_WATCH_MAX_WAIT is at most 300 s: nginx must wait longer on /v1/sync/wait.
        let wait = try #require(Self.seconds(try Self.nginx("proxy_read_timeout", in: "/v1/sync/wait")))
        #expect(wait > 300)
        #expect(try Self.nginx("proxy_buffering", in: "/v1/sync/wait") == "off")
        #expect(try Self.nginx("deny", in: "/metrics") == "all")
        #expect(try Self.text("Deploy/nginx/duban.conf").contains("proxy_set_header X-Request-Id $request_id;"))
    }
}
