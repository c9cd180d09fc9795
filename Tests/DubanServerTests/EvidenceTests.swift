import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import Testing

@Suite struct EvidenceTests {
    /// A PDF-looking file of `size` bytes.
    static func pdf(size: Int, seed: UInt8 = 7) -> [UInt8] {
        var bytes = Array("%PDF-1.7\n".utf8)
        var value = seed
        while bytes.count < size {
            value = value &* 31 &+ 17
            bytes.append(value)
        }
        return bytes
    }

    static func hex(_ bytes: [UInt8]) -> String {
        var hasher = SHA256Test()
        hasher.update(bytes)
        return hasher.hexDigest()
    }

    @Test func resumableUploadVerifiedDeduplicatedAndReadableByTheLeadUnit() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                let ids = try SyncTests.task9(try #require(try await tianma.sync(client).reference))
                let file = Self.pdf(size: 3 * 1024 * 1024 + 123)
                let sha = Self.hex(file)
                let declared = try await client.call(.post, "/v1/evidence", token: tianma.token,
                                                     json: EvidenceDeclaration(sha256: sha, size: Int64(file.count), mediaType: "application/pdf", name: "../../etc/照片.pdf"))
                #expect(declared.status == .ok, "\(declared.body)")

                // A report may not name it before it is complete.
                let early = try tianma.writeWithEvidence(task: ids.task, node: ids.node, evidence: [sha])
                #expect(try await tianma.sync(client, [early]).results[0].code == "report.evidence_missing")

                // First half, then the link drops; the status says where to resume.
                let half = 2 * 1024 * 1024
                let first = try await client.call(.put, "/v1/evidence/\(sha)?offset=0", token: tianma.token,
                                                  raw: ByteBuffer(bytes: file[0..<half]))
                #expect(first.status == .ok)
                let status = try WireJSON.decoder().decode(EvidenceStatus.self, from: Data(
                    try await client.call(.get, "/v1/evidence/\(sha)/status", token: tianma.token).body.utf8))
                #expect(status.received == Int64(half))
                #expect(!status.complete)
                let wrongOffset = try await client.call(.put, "/v1/evidence/\(sha)?offset=0", token: tianma.token,
                                                        raw: ByteBuffer(bytes: file[0..<10]))
                #expect(wrongOffset.status == .conflict)
                #expect(errorCode(wrongOffset.body) == "evidence.wrong_offset")
                let rest = try await client.call(.put, "/v1/evidence/\(sha)?offset=\(half)", token: tianma.token,
                                                 raw: ByteBuffer(bytes: file[half...]))
                #expect(rest.body.contains("\"complete\":true"), "\(rest.body)")

                let write = try tianma.writeWithEvidence(task: ids.task, node: ids.node, evidence: [sha])
                let applied = try await tianma.sync(client, [write])
                #expect(applied.results[0].status == .applied)
                #expect(applied.changes.last?.reportRevision?.evidence == [sha])

                // The lead unit reads it through the report; another office cannot.
                let lead = try await client.signIn("zjj1")
                let download = try await client.execute(uri: "/v1/evidence/\(sha)", method: .get,
                                                        headers: [.authorization: "Bearer \(lead)"]) { response in
                    (response.status, Array(response.body.readableBytesView), response.headers[.contentType])
                }
                #expect(download.0 == .ok)
                #expect(download.1 == file)
                #expect(download.2 == "application/pdf")
                let stranger = try await client.signIn("jiahe1")
                #expect(try await client.call(.get, "/v1/evidence/\(sha)", token: stranger).status == .notFound)

                // Deduplicated after the check: another office that sends the same content holds it, stored once.
                let again = try await client.call(.post, "/v1/evidence", token: stranger,
                                                  json: EvidenceDeclaration(sha256: sha, size: Int64(file.count), mediaType: "application/pdf"))
                #expect(again.body.contains("\"complete\":false"), "declaring a hash is no key to the file: \(again.body)")
                let sent = try await client.call(.put, "/v1/evidence/\(sha)?offset=0", token: stranger, raw: ByteBuffer(bytes: file[0..<half]))
                #expect(sent.status == .ok)
                let whole = try await client.call(.put, "/v1/evidence/\(sha)?offset=\(half)", token: stranger, raw: ByteBuffer(bytes: file[half...]))
                #expect(whole.body.contains("\"complete\":true"), "\(whole.body)")
                #expect(try await client.call(.get, "/v1/evidence/\(sha)", token: stranger).status == .ok)
                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                let stored = try await owner.query("SELECT count(*), sum(length(data)) FROM duban.evidence_chunks")[0]
                #expect(try stored.decode(Int.self, at: 0) == 2)
                #expect(try stored.decode(Int.self, at: 1) == file.count)
                let names = try await owner.query("SELECT name FROM duban.evidence_holders WHERE name IS NOT NULL")
                #expect(names.map { $0[0] } == ["照片.pdf"], "a path in a file name is never kept")
                #expect(try await owner.query("SELECT count(*) FROM duban.evidence_upload_chunks")[0].decode(Int.self, at: 0) == 0)
            }
        }
    }

    @Test func wrongBytesWrongTypesAndLimitsAreRefused() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let token = try await client.signIn("tianma1")
                let file = Self.pdf(size: 1000)
                let sha = Self.hex(file)
                _ = try await client.call(.post, "/v1/evidence", token: token,
                                          json: EvidenceDeclaration(sha256: sha, size: 1000, mediaType: "application/pdf"))
                var forged = file
                forged[500] ^= 0xFF
                let mismatch = try await client.call(.put, "/v1/evidence/\(sha)?offset=0", token: token, raw: ByteBuffer(bytes: forged))
                #expect(errorCode(mismatch.body) == "evidence.hash_mismatch")
                let status = try await client.call(.get, "/v1/evidence/\(sha)/status", token: token)
                #expect(status.body.contains("\"received\":0"), "the bad bytes were thrown away")

                let png = Self.pdf(size: 100, seed: 3)
                let pngSha = Self.hex(png)
                _ = try await client.call(.post, "/v1/evidence", token: token,
                                          json: EvidenceDeclaration(sha256: pngSha, size: 100, mediaType: "image/png"))
                let wrongType = try await client.call(.put, "/v1/evidence/\(pngSha)?offset=0", token: token, raw: ByteBuffer(bytes: png))
                #expect(wrongType.status == .unsupportedMediaType)
                #expect(errorCode(wrongType.body) == "evidence.content_mismatch")

                let exe = try await client.call(.post, "/v1/evidence", token: token,
                                                json: EvidenceDeclaration(sha256: sha, size: 10, mediaType: "application/x-msdownload"))
                #expect(errorCode(exe.body) == "evidence.media_type")
                let huge = try await client.call(.post, "/v1/evidence", token: token,
                                                 json: EvidenceDeclaration(sha256: String(repeating: "a", count: 64), size: 1 << 40,
                                                                           mediaType: "application/pdf"))
                #expect(errorCode(huge.body) == "evidence.too_large")
                let badHash = try await client.call(.get, "/v1/evidence/..%2F..%2Fetc%2Fpasswd/status", token: token)
                #expect(badHash.status.code >= 400 && badHash.status.code < 500)
                let admin = try await client.signIn("admin")
                #expect(try await client.call(.post, "/v1/evidence", token: admin,
                                              json: EvidenceDeclaration(sha256: sha, size: 1000, mediaType: "application/pdf")).status == .forbidden)
            }
        }
    }
}

extension TestDevice {
    mutating func writeWithEvidence(task: Int64, node: Int64, evidence: [String]) throws -> MutationEnvelope {
        seq += 1
        let payload = String(decoding: try WireJSON.encoder().encode(ReportWritePayload(
            reportId: UUID(), taskId: task, nodeId: node, text: "附佐证材料", evidence: evidence)), as: UTF8.self)
        return MutationEnvelope(id: UUID(), deviceSeq: seq, kind: ReportWritePayload.kind, baseVersion: 0, payload: payload,
                                payloadSha256: sha256Hex(payload), authoredAt: Date())
    }
}
