import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import Testing

/// Hostile evidence: path traversal in file names, bytes that do not match the declared hash, bytes
/// that are not the declared media type, and zip bombs declared as Office files.
///
/// Policy: evidence bytes live in PostgreSQL (`duban.evidence_chunks`) under their SHA-256, never in a
/// file named by the client; a name is kept for people only, cut to its last component without control
/// characters. Media types come from an allow-list and the first chunk's magic bytes must match the
/// declared type. The server never decompresses evidence: an Office file is checked for the zip
/// signature only and stored as the bytes it is, so a zip bomb costs its compressed size.
@Suite struct HostileInputEvidenceTests {
    static let pdfType = "application/pdf"
    static let docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    @Test func fileNamesAreNeutralisedOrRefusedNeverUsedAsPaths() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let token = try await client.signIn("tianma1")
                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                let kept: [(String, String?)] = [
                    ("../../etc/passwd", "passwd"), ("/etc/passwd", "passwd"), ("..\\..\\Windows\\System32\\cmd.exe", "cmd.exe"),
                    ("C:\\Users\\x\\报告.pdf", "报告.pdf"), ("....//....//x.pdf", "x.pdf"), ("..", nil), (".", nil), ("/", nil),
                    ("a\u{7}b\u{1B}[31mc.pdf", "ab[31mc.pdf"), ("  spaced.pdf  ", "spaced.pdf"), ("%2e%2e%2fx.pdf", "%2e%2e%2fx.pdf"),
                    ("a/" + String(repeating: "长", count: 255), String(repeating: "长", count: 255)),
                ]
                for (index, (name, expected)) in kept.enumerated() {
                    let sha = String(format: "%064x", 1000 + index)
                    let answer = try await client.call(.post, "/v1/evidence", token: token,
                                                       json: EvidenceDeclaration(sha256: sha, size: 10, mediaType: Self.pdfType, name: name))
                    #expect(answer.status == .ok, "\(name): \(answer.body)")
                    let stored = try await owner.query("SELECT coalesce(name, '<none>') FROM duban.evidence_uploads WHERE sha256 = \(sha)")
                    #expect(stored.count == 1)
                    #expect(try stored.first?.decode(String.self, at: 0) == expected ?? "<none>", "\(name)")
                }
                let before = try await HostileInputSnapshot.take(fixture)
                let refused: [(String, String)] = [
                    ("a\u{0}b.pdf", "bad_text"), ("../\u{0}/etc/passwd", "bad_text"),
                    (String(repeating: "x", count: 256), "evidence.bad_name"), (String(repeating: "长", count: 10_000), "evidence.bad_name"),
                ]
                for (index, (name, code)) in refused.enumerated() {
                    let answer = try await client.call(.post, "/v1/evidence", token: token, json: EvidenceDeclaration(
                        sha256: String(format: "%064x", 2000 + index), size: 10, mediaType: Self.pdfType, name: name))
                    #expect((400..<500).contains(answer.status.code), "\(name.prefix(20)): \(answer.body)")
                    #expect(errorCode(answer.body) == code, "\(name.prefix(20)): \(answer.body)")
                }
                // Traversal in the hash segment of the URL is not a hash.
                for path in ["..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", String(repeating: "0", count: 63) + "%00",
                             "..", String(repeating: "a", count: 64) + "%5C..%5C"] {
                    let answer = try await client.call(.get, "/v1/evidence/\(path)/status", token: token)
                    #expect((400..<500).contains(answer.status.code), "\(path): \(answer.status.code) \(answer.body)")
                    #expect(errorCode(answer.body) != nil, "\(path): \(answer.body)")
                }
                try await HostileInputSnapshot.take(fixture).expectUnchanged(since: before, "a refused evidence name")

                // Where the bytes go: into PostgreSQL under their hash, whatever the name said.
                let file = EvidenceTests.pdf(size: 3000)
                let sha = EvidenceTests.hex(file)
                _ = try await client.call(.post, "/v1/evidence", token: token,
                                          json: EvidenceDeclaration(sha256: sha, size: 3000, mediaType: Self.pdfType, name: "../../../tmp/duban-pwned.pdf"))
                let upload = try await client.send("PUT", "/v1/evidence/\(sha)?offset=0", token: token, body: ByteBuffer(bytes: file),
                                                   contentType: "application/octet-stream")
                #expect(upload.status == .ok, "\(upload.body)")
                let held = try await owner.query("SELECT sum(length(data)) FROM duban.evidence_chunks WHERE sha256 = \(sha)")
                #expect(try held[0].decode(Int64.self, at: 0) == 3000)
                #expect(!FileManager.default.fileExists(atPath: "/tmp/duban-pwned.pdf"))
            }
        }
    }

    @Test func bytesThatAreNotWhatWasDeclaredAreRefusedAndNothingKept() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let token = try await client.signIn("tianma1")
                func declare(_ bytes: [UInt8], _ type: String, sha: String? = nil) async throws -> String {
                    let sha = sha ?? EvidenceTests.hex(bytes)
                    let answer = try await client.call(.post, "/v1/evidence", token: token,
                                                       json: EvidenceDeclaration(sha256: sha, size: Int64(bytes.count), mediaType: type))
                    #expect(answer.status == .ok, "\(answer.body)")
                    return sha
                }
                func put(_ sha: String, offset: Int, _ bytes: some Sequence<UInt8>) async throws -> (status: HTTPResponse.Status, body: String) {
                    try await client.send("PUT", "/v1/evidence/\(sha)?offset=\(offset)", token: token, body: ByteBuffer(bytes: Array(bytes)),
                                          contentType: "application/octet-stream")
                }
                let zip = HostileZip.archive([.stored("a.txt", Array("hello".utf8))])
                let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + Array(repeating: 0, count: 120)
                let pe: [UInt8] = Array("MZ".utf8) + [0x90, 0, 3, 0, 0, 0, 4, 0] + Array(repeating: 0, count: 118)
                let shell = Array("#!/bin/sh\nrm -rf /\n".utf8)
                let mismatches: [(String, [UInt8], String)] = [
                    ("a zip declared image/jpeg", zip, "image/jpeg"), ("an ELF declared image/jpeg", elf, "image/jpeg"),
                    ("a PE executable declared application/pdf", pe, Self.pdfType), ("an ELF declared text/plain", elf + [1], "text/plain"),
                    ("a zip declared text/plain", zip + [1], "text/plain"), ("a shell script declared image/png", shell, "image/png"),
                    ("a PDF declared .docx", EvidenceTests.pdf(size: 200), Self.docxType),
                    ("invalid UTF-8 declared text/csv", [0xFF, 0xFE, 0x61, 0x62, 0x63, 0x64], "text/csv"),
                ]
                var requests = 0
                for (name, bytes, type) in mismatches {
                    let sha = try await declare(bytes, type)
                    let before = try await HostileInputSnapshot.take(fixture)
                    let answer = try await put(sha, offset: 0, bytes)
                    requests += 1
                    #expect(answer.status == .unsupportedMediaType, "\(name): \(answer.body)")
                    #expect(errorCode(answer.body) == "evidence.content_mismatch", "\(name): \(answer.body)")
                    try await HostileInputSnapshot.take(fixture).expectUnchanged(since: before, name)
                }
                // Types off the allow-list are refused at the declaration.
                let before = try await HostileInputSnapshot.take(fixture)
                for type in ["application/zip", "application/x-msdownload", "application/x-executable", "application/x-sh",
                             "text/html", "image/svg+xml", "application/octet-stream", "", "IMAGE/JPEG", "image/jpeg; charset=x"] {
                    let answer = try await client.call(.post, "/v1/evidence", token: token, json: EvidenceDeclaration(
                        sha256: String(repeating: "c", count: 64), size: 10, mediaType: type))
                    requests += 1
                    #expect(answer.status == .unsupportedMediaType, "\(type): \(answer.body)")
                    #expect(errorCode(answer.body) == "evidence.media_type", "\(type): \(answer.body)")
                }
                try await HostileInputSnapshot.take(fixture).expectUnchanged(since: before, "a media type off the allow-list")

                // Bytes that do not hash to their name, in one chunk and in the last of two: nothing kept.
                // The refusal itself is audited (evidence.hash_mismatch), so the audit tables are compared apart.
                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                for chunks in [1, 2] {
                    let file = EvidenceTests.pdf(size: 4000, seed: UInt8(chunks))
                    var forged = file
                    forged[3999] ^= 0x01
                    let sha = try await declare(file, Self.pdfType)
                    let declared = try await HostileInputSnapshot.take(fixture, excluding: ["sessions", "audit_log", "audit_chain", "status_lights"])
                    var answer = try await put(sha, offset: 0, forged.prefix(chunks == 1 ? 4000 : 2000))
                    if chunks == 2 {
                        #expect(answer.status == .ok)
                        answer = try await put(sha, offset: 2000, forged.suffix(2000))
                    }
                    requests += chunks
                    #expect(answer.status == .unprocessableContent, "\(answer.body)")
                    #expect(errorCode(answer.body) == "evidence.hash_mismatch")
                    try await HostileInputSnapshot.take(fixture, excluding: ["sessions", "audit_log", "audit_chain", "status_lights"])
                        .expectUnchanged(since: declared, "bytes that do not match the hash (\(chunks) chunk(s))")
                    let audited = try await owner.query("""
                        SELECT count(*) FROM duban.audit_log WHERE action = 'evidence.hash_mismatch' AND entity_id = \(sha)
                        """)
                    #expect(try audited[0].decode(Int64.self, at: 0) == 1)
                    let status = try await client.call(.get, "/v1/evidence/\(sha)/status", token: token)
                    #expect(status.body.contains("\"received\":0") && status.body.contains("\"complete\":false"), "\(status.body)")
                }
                print("hostile input: evidence content, \(requests) requests")
            }
        }
    }

    @Test func zipBombsDeclaredAsOfficeFilesAreStoredAsBytesNeverInflated() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let token = try await client.signIn("tianma1")
                // 1.2 MiB that inflates to 160 MiB as word/document.xml, and a thousand-entry archive.
                let bomb = HostileZip.docxBomb(inflatedBytes: 160 << 20)
                let many = HostileZip.archive((0..<1000).map { HostileZip.Entry.stored("x/\($0).xml", Array("<x/>".utf8)) })
                for (name, bytes, type) in [("a .docx bomb", bomb, Self.docxType),
                                            ("an .xlsx of 1000 entries", many, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")] {
                    let sha = EvidenceTests.hex(bytes)
                    let declared = try await client.call(.post, "/v1/evidence", token: token,
                                                         json: EvidenceDeclaration(sha256: sha, size: Int64(bytes.count), mediaType: type))
                    #expect(declared.status == .ok, "\(name): \(declared.body)")
                    let started = ContinuousClock.now
                    var offset = 0
                    while offset < bytes.count {
                        let chunk = bytes[offset..<min(bytes.count, offset + EvidencePolicy.maxChunkBytes)]
                        let answer = try await client.send("PUT", "/v1/evidence/\(sha)?offset=\(offset)", token: token,
                                                           body: ByteBuffer(bytes: chunk), contentType: "application/octet-stream")
                        #expect(answer.status == .ok, "\(name): \(answer.body)")
                        offset += chunk.count
                    }
                    #expect(ContinuousClock.now - started < .seconds(20), "\(name) took \(ContinuousClock.now - started)")
                    let back = try await client.execute(uri: "/v1/evidence/\(sha)", method: .get,
                                                        headers: [.authorization: "Bearer \(token)"]) { Array(buffer: $0.body) }
                    #expect(back == bytes, "\(name): the same bytes come back, not inflated")
                }
            }
        }
    }
}
