import DubanCore
import DubanServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Large pulls are gzip-compressed for clients that accept it, and only for them.
@Suite struct CompressionTests {
    @Test func gzipRoundTripsAndRefusesGarbageAndBombs() throws {
        let json = Array(String(repeating: #"{"entity_type":"report_revision","text":"健身路径"},"#, count: 2000).utf8)
        let compressed = try #require(Gzip.compress(json))
        #expect(compressed.count * 5 < json.count, "JSON shrinks several times: \(compressed.count) of \(json.count)")
        #expect(compressed.starts(with: [0x1f, 0x8b]), "a gzip member")
        #expect(Gzip.decompress(compressed) == json)
        #expect(Gzip.decompress(Array("not gzip at all".utf8)) == nil)
        #expect(Gzip.decompress(compressed, limit: 1000) == nil, "inflating past the limit stops")
        #expect(Gzip.decompress(Array(compressed.prefix(compressed.count / 2))) == nil, "a truncated member is refused")
    }

    @Test func theFirstPullIsCompressedOnlyWhenAccepted() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let device = UUID()
                let token = try await client.signIn("zjj1", device: device)
                let request = SyncRequest(deviceId: device, epoch: nil, cursor: 0, referenceVersion: nil, mutations: [])
                let body = ByteBuffer(data: try WireJSON.encoder().encode(request))
                func pull(_ encoding: String?) async throws -> (HTTPResponse.Status, HTTPFields, [UInt8]) {
                    var headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
                    if let encoding { headers[.acceptEncoding] = encoding }
                    return try await client.execute(uri: "/v1/sync", method: .post, headers: headers, body: body) { response in
                        (response.status, response.headers, Array(buffer: response.body))
                    }
                }
                let (plainStatus, plainHeaders, plain) = try await pull(nil)
                #expect(plainStatus == .ok && plainHeaders[.contentEncoding] == nil && plain.count > 8 * 1024,
                        "the first pull carries the reference data: \(plain.count) bytes")
                let (status, headers, gzipped) = try await pull("br;q=1.0, gzip;q=0.8")
                #expect(status == .ok && headers[.contentEncoding] == "gzip" && headers[.vary] == "Accept-Encoding")
                let inflated = try #require(Gzip.decompress(gzipped))
                #expect(gzipped.count * 3 < inflated.count, "\(gzipped.count) bytes for \(inflated.count)")
                let decoded = try WireJSON.decoder().decode(SyncResponse.self, from: Data(inflated))
                #expect(decoded.reference?.tasks.count == 10)
                let (_, refusedHeaders, _) = try await pull("gzip;q=0, identity")
                #expect(refusedHeaders[.contentEncoding] == nil, "q=0 refuses gzip")
            }
        }
    }
}
