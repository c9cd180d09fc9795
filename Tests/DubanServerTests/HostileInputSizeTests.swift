import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import Testing

/// Request size limits on every route of the catalogue: a body one byte over the route's own limit,
/// with and without a `Content-Length`, and 16 MiB of JSON, each get 413 `too_large` and change nothing;
/// a valid body padded to exactly the limit is not refused as too large.
@Suite struct HostileInputSizeTests {
    @Test func everyRouteRefusesABodyOverItsLimitAndStoresNothing() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let routes = try await HostileInputRoutes.prepare(fixture, client: client)
                #expect(routes.catalog.count >= 40, "the whole catalogue: \(routes.catalog.count) routes")
                let huge = ByteBuffer(repeating: UInt8(ascii: " "), count: 16 << 20)
                let before = try await HostileInputSnapshot.take(fixture)
                var requests = 0
                for route in routes.catalog {
                    // The notice upload takes one file of up to NoticeFile.maxFileBytes (nginx lets it through there).
                    let most = route.path == "/v1/admin/plans/import" ? NoticeFile.maxFileBytes : 8 << 20
                    #expect(route.maxBodyBytes <= most, "\(route.method) \(route.path) declares \(route.maxBodyBytes) bytes")
                    let path = routes.path(for: route)
                    let token = routes.token(for: route)
                    // A valid body (or, for the raw upload and bodiless routes, plain bytes) one byte over the limit.
                    var over: [UInt8]
                    if HostileInputRoutes.takesJSON(route) {
                        over = try HostileInputRoutes.json(try routes.validBody(for: route, serial: requests))
                    } else {
                        over = Array("%PDF-1.7\n".utf8)
                    }
                    let padding = route.maxBodyBytes + 1 - over.count
                    over = padding >= 0 ? over + Array(repeating: UInt8(ascii: " "), count: padding)
                                        : Array(over.prefix(route.maxBodyBytes + 1))
                    #expect(over.count == route.maxBodyBytes + 1)
                    let variants: [(String, ByteBuffer, Int?)] = [
                        ("limit + 1 with Content-Length", ByteBuffer(bytes: over), over.count),
                        ("limit + 1 without Content-Length", ByteBuffer(bytes: over), nil),
                        ("16 MiB", huge, huge.readableBytes),
                    ].filter { $0.1.readableBytes > route.maxBodyBytes }
                    for (name, body, length) in variants {
                        requests += 1
                        let answer = try await client.send(route.method, path, token: token, body: body, contentLength: length)
                        let what = "\(route.method) \(route.path) (limit \(route.maxBodyBytes)), \(name): \(answer.status.code) \(answer.body.prefix(300))"
                        #expect(answer.status == .contentTooLarge, "\(what)")
                        #expect(errorCode(answer.body) == "too_large", "\(what)")
                    }
                }
                print("hostile input: oversized bodies, \(requests) requests on \(routes.catalog.count) routes")
                try await HostileInputSnapshot.take(fixture).expectUnchanged(since: before, "an oversized body")
                // Still serving.
                #expect(try await client.call(.get, "/healthz").status == .ok)
            }
        }
    }

    @Test func aValidBodyPaddedToExactlyTheLimitIsNotRefusedAsTooLarge() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let routes = try await HostileInputRoutes.prepare(fixture, client: client)
                var checked = 0
                for (serial, route) in routes.catalog.enumerated() where HostileInputRoutes.takesJSON(route) {
                    var body = try HostileInputRoutes.json(try routes.validBody(for: route, serial: serial))
                    body += Array(repeating: UInt8(ascii: " "), count: route.maxBodyBytes - body.count)
                    let answer = try await client.send(route.method, routes.path(for: route), token: routes.token(for: route),
                                                       body: ByteBuffer(bytes: body), contentLength: body.count)
                    #expect(answer.status != .contentTooLarge, "\(route.method) \(route.path): \(answer.status.code) \(answer.body.prefix(300))")
                    #expect(answer.status.code < 500, "\(route.method) \(route.path): \(answer.status.code) \(answer.body.prefix(300))")
                    checked += 1
                }
                #expect(checked >= 15)
            }
        }
    }

    @Test func evidenceOverItsOwnLimitsIsRefusedAndNothingKept() async throws {
        try await AuthFixture.with { fixture in
            var configuration = fixture.serverConfiguration
            configuration.evidenceMaxBytes = 5 << 20
            let app = await buildApplication(configuration: configuration, pool: fixture.pool, migrator: try Fixtures.migrator(),
                                             logger: Fixtures.logger)
            try await app.test(.router) { client in
                let token = try await client.signIn("tianma1")
                let before = try await HostileInputSnapshot.take(fixture)
                // Declared one byte over DUBAN_EVIDENCE_MAX_BYTES.
                for size in [Int64(5 << 20) + 1, Int64.max, 0, -1] {
                    let answer = try await client.call(.post, "/v1/evidence", token: token, json: EvidenceDeclaration(
                        sha256: String(repeating: "ab", count: 32), size: size, mediaType: "application/pdf"))
                    #expect(answer.status == .contentTooLarge, "size \(size): \(answer.body)")
                    #expect(errorCode(answer.body) == "evidence.too_large", "size \(size): \(answer.body)")
                }
                try await HostileInputSnapshot.take(fixture).expectUnchanged(since: before, "an evidence declaration over the limit")

                // A declared file at the limit: a chunk over 4 MiB is refused, and so is a chunk past the declared size.
                let file = EvidenceTests.pdf(size: 5 << 20)
                let sha = EvidenceTests.hex(file)
                let declared = try await client.call(.post, "/v1/evidence", token: token, json: EvidenceDeclaration(
                    sha256: sha, size: Int64(file.count), mediaType: "application/pdf"))
                #expect(declared.status == .ok, "\(declared.body)")
                let afterDeclaring = try await HostileInputSnapshot.take(fixture)
                let tooBig = try await client.send("PUT", "/v1/evidence/\(sha)?offset=0", token: token,
                                                   body: ByteBuffer(bytes: file.prefix(EvidencePolicy.maxChunkBytes + 1)),
                                                   contentType: "application/octet-stream")
                #expect(tooBig.status == .contentTooLarge, "\(tooBig.body)")
                #expect(errorCode(tooBig.body) == "too_large")
                let first = try await client.send("PUT", "/v1/evidence/\(sha)?offset=0", token: token,
                                                  body: ByteBuffer(bytes: file.prefix(EvidencePolicy.maxChunkBytes)),
                                                  contentType: "application/octet-stream")
                #expect(first.status == .ok, "\(first.body)")
                let afterFirst = try await HostileInputSnapshot.take(fixture)
                let past = try await client.send("PUT", "/v1/evidence/\(sha)?offset=\(EvidencePolicy.maxChunkBytes)", token: token,
                                                 body: ByteBuffer(bytes: file.suffix(from: EvidencePolicy.maxChunkBytes) + [0x0A]),
                                                 contentType: "application/octet-stream")
                #expect(past.status == .unprocessableContent, "\(past.body)")
                #expect(errorCode(past.body) == "evidence.bad_chunk")
                try await HostileInputSnapshot.take(fixture).expectUnchanged(since: afterFirst, "a chunk past the declared size")
                #expect(afterFirst.tables["evidence_upload_chunks"] != afterDeclaring.tables["evidence_upload_chunks"], "the good chunk was kept")
            }
        }
    }
}
