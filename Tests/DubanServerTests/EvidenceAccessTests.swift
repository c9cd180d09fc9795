import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import Testing

/// Knowing a file's hash (and size) grants nothing: a declaration answers from the declaring unit's
/// own records, so it never tells whether another unit has the file; reading takes holding the bytes
/// (uploading every one) or a report or assessment the caller may read; an upload is its uploader's
/// alone, so no other unit's chunk can fail it; an admin never reads evidence.
@Suite struct EvidenceAccessTests {
    static func declare(_ client: some TestClientProtocol, _ token: String, _ sha: String, size: Int, type: String = "application/pdf")
        async throws -> (status: HTTPResponse.Status, body: String) {
        try await client.call(.post, "/v1/evidence", token: token,
                              json: EvidenceDeclaration(sha256: sha, size: Int64(size), mediaType: type, name: "x.pdf"))
    }

    static func put(_ client: some TestClientProtocol, _ token: String, _ sha: String, offset: Int, _ bytes: some Sequence<UInt8>)
        async throws -> (status: HTTPResponse.Status, body: String) {
        try await client.call(.put, "/v1/evidence/\(sha)?offset=\(offset)", token: token, raw: ByteBuffer(bytes: Array(bytes)))
    }

    /// The answer with the hash taken out, to compare declarations of different hashes.
    static func shape(_ answer: (status: HTTPResponse.Status, body: String), _ sha: String) -> String {
        "\(answer.status.code) " + answer.body.replacingOccurrences(of: sha, with: "<sha>")
    }

    @Test func aHashAndASizeAreNoKeyToAnotherUnitsFile() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                let ids = try SyncTests.task9(try #require(try await tianma.sync(client).reference))
                let file = EvidenceTests.pdf(size: 5000, seed: 11)
                let sha = EvidenceTests.hex(file)
                _ = try await Self.declare(client, tianma.token, sha, size: file.count)
                #expect(try await Self.put(client, tianma.token, sha, offset: 0, file).body.contains("\"complete\":true"))

                // Another office knows the hash and the size.
                let jiahe = try await client.signIn("jiahe1")
                let unknown = String(repeating: "5", count: 64)
                let known = try await Self.declare(client, jiahe, sha, size: file.count)
                let control = try await Self.declare(client, jiahe, unknown, size: file.count)
                #expect(Self.shape(known, sha) == Self.shape(control, unknown), "a declaration does not tell the file exists")
                #expect(known.status == .ok && known.body.contains("\"complete\":false") && known.body.contains("\"received\":0"))
                // A wrong size or type: the same answer as for a file nobody has (no 409 confirming it exists).
                let wrongSize = try await Self.declare(client, jiahe, sha, size: 4999)
                let wrongSizeControl = try await Self.declare(client, jiahe, unknown, size: 4999)
                #expect(Self.shape(wrongSize, sha) == Self.shape(wrongSizeControl, unknown), "\(wrongSize.body)")
                let wrongType = try await Self.declare(client, jiahe, sha, size: file.count, type: "image/png")
                let wrongTypeControl = try await Self.declare(client, jiahe, unknown, size: file.count, type: "image/png")
                #expect(Self.shape(wrongType, sha) == Self.shape(wrongTypeControl, unknown), "\(wrongType.body)")

                // Nothing to read: the file, its status, its use in a report.
                _ = try await Self.declare(client, jiahe, sha, size: file.count)
                let download = try await client.call(.get, "/v1/evidence/\(sha)", token: jiahe)
                #expect(download.status == .notFound, "another unit's file after declaring its hash: \(download.status)")
                let status = try await client.call(.get, "/v1/evidence/\(sha)/status", token: jiahe)
                #expect(status.body.contains("\"complete\":false") && status.body.contains("\"received\":0"), "\(status.body)")
                var jiaheDevice = try await TestDevice.signIn("jiahe1", client: client)
                _ = try await jiaheDevice.sync(client)
                let cite = try jiaheDevice.writeWithEvidence(task: ids.task, node: ids.node, evidence: [sha])
                #expect(try await jiaheDevice.sync(client, [cite]).results[0].code == "report.evidence_missing")

                // Proving possession: every byte, checked; then it is jiahe's too, stored once.
                #expect(try await Self.put(client, jiahe, sha, offset: 0, file.prefix(3000)).status == .ok)
                #expect(try await Self.put(client, jiahe, sha, offset: 3000, file.suffix(2000)).body.contains("\"complete\":true"))
                #expect(try await client.call(.get, "/v1/evidence/\(sha)", token: jiahe).status == .ok)
                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                let stored = try await owner.query("""
                    SELECT (SELECT count(*) FROM duban.evidence_chunks WHERE sha256 = \(sha)),
                           (SELECT count(*) FROM duban.evidence_upload_chunks WHERE sha256 = \(sha))
                    """)[0]
                #expect(try stored.decode(Int.self, at: 0) == 1, "deduplicated after the check")
                #expect(try stored.decode(Int.self, at: 1) == 0)
            }
        }
    }

    @Test func anAdminNeverReadsEvidenceTheOfficeReadsWhatReportsCarry() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                let ids = try SyncTests.task9(try #require(try await tianma.sync(client).reference))
                let file = EvidenceTests.pdf(size: 800, seed: 21)
                let sha = EvidenceTests.hex(file)
                _ = try await Self.declare(client, tianma.token, sha, size: file.count)
                _ = try await Self.put(client, tianma.token, sha, offset: 0, file)
                let office = try await client.signIn("super")
                #expect(try await client.call(.get, "/v1/evidence/\(sha)", token: office).status == .notFound,
                        "attached to nothing the office reads yet")
                let write = try tianma.writeWithEvidence(task: ids.task, node: ids.node, evidence: [sha])
                #expect(try await tianma.sync(client, [write]).results[0].status == .applied)
                #expect(try await client.call(.get, "/v1/evidence/\(sha)", token: office).status == .ok)
                let admin = try await client.signIn("admin")
                #expect(try await client.call(.get, "/v1/evidence/\(sha)", token: admin).status == .notFound)
                #expect(try await client.call(.get, "/v1/evidence/\(sha)/status", token: admin).status == .notFound)
            }
        }
    }

    @Test func noOtherUnitsChunkFailsSomeonesUpload() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let tianma = try await client.signIn("tianma1")
                let jiahe = try await client.signIn("jiahe1")
                let file = EvidenceTests.pdf(size: 6000, seed: 31)
                let sha = EvidenceTests.hex(file)
                _ = try await Self.declare(client, tianma, sha, size: file.count)
                #expect(try await Self.put(client, tianma, sha, offset: 0, file.prefix(4000)).status == .ok)

                // Another unit declares the same hash and sends a bad "last chunk" where tianma's upload stands.
                _ = try await Self.declare(client, jiahe, sha, size: file.count)
                let bad = try await Self.put(client, jiahe, sha, offset: 4000, Array(repeating: 0x41, count: 2000))
                #expect(bad.status == .conflict && errorCode(bad.body) == "evidence.wrong_offset", "\(bad.status) \(bad.body)")
                // Its own bad upload fails only its own.
                let whole = try await Self.put(client, jiahe, sha, offset: 0, Array(file.prefix(5999)) + [0])
                #expect(errorCode(whole.body) == "evidence.hash_mismatch", "\(whole.body)")

                let status = try await client.call(.get, "/v1/evidence/\(sha)/status", token: tianma)
                #expect(status.body.contains("\"received\":4000"), "tianma's chunks are still there: \(status.body)")
                let rest = try await Self.put(client, tianma, sha, offset: 4000, file.suffix(2000))
                #expect(rest.body.contains("\"complete\":true"), "\(rest.body)")
            }
        }
    }
}
