import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import Testing

/// Hostile JSON on every route that takes a JSON body: nesting 100 000 deep (or as deep as the route's
/// limit allows), invalid UTF-8, each field with the wrong type, an unknown field, a NUL in each text,
/// a string of nearly the whole limit in each text field, and huge arrays. Each gets a 4xx with a code
/// and changes nothing.
@Suite struct HostileInputJSONTests {
    /// Variants of a valid body, each with the answers it may get.
    static func variants(of valid: [String: Any], limit: Int) throws -> [(name: String, body: [UInt8], codes: Set<String>)] {
        var result: [(name: String, body: [UInt8], codes: Set<String>)] = []
        let room = limit - 64
        let depth = min(100_000, room / 2 - 16)
        var arrays = Array(#"{"x":"#.utf8)
        arrays += Array(repeating: UInt8(ascii: "["), count: depth)
        arrays += Array(repeating: UInt8(ascii: "]"), count: depth)
        arrays.append(UInt8(ascii: "}"))
        result.append(("\(depth) nested arrays", arrays, ["bad_json"]))
        let objects = min(100_000, room / 6 - 16)
        var nested = Array(String(repeating: #"{"a":"#, count: objects).utf8)
        nested.append(UInt8(ascii: "1"))
        nested += Array(repeating: UInt8(ascii: "}"), count: objects)
        result.append(("\(objects) nested objects", nested, ["bad_json"]))
        result.append(("unclosed nesting", Array(repeating: UInt8(ascii: "["), count: min(100_000, room)), ["bad_json"]))
        let json = try HostileInputRoutes.json(valid)
        for (name, bytes) in [("invalid UTF-8 (0xFF 0xFE)", [0xFF, 0xFE]), ("overlong UTF-8 (0xC0 0xAF)", [0xC0, 0xAF]),
                              ("truncated UTF-8 (0xE4 0xB8)", [0xE4, 0xB8]), ("UTF-16 surrogate bytes", [0xED, 0xA0, 0x80])] as [(String, [UInt8])] {
            // Inside a key, so the body is otherwise the valid one.
            var broken = Array(json.dropLast())
            broken += Array(#","k"#.utf8)
            broken += bytes
            broken += Array(#"":1}"#.utf8)
            result.append((name, broken, ["bad_json"]))
        }
        result.append(("a JSON array", Array("[\(String(decoding: json, as: UTF8.self))]".utf8), ["bad_json"]))
        result.append(("not JSON", Array("login=x&password=y".utf8), ["bad_json"]))
        result.append(("empty", [], ["bad_json"]))
        result.append(("a UTF-16 body", Array(String(decoding: json, as: UTF8.self).data(using: .utf16)!), ["bad_json"]))
        result.append(("a UTF-16LE body without BOM", Array(String(decoding: json, as: UTF8.self).data(using: .utf16LittleEndian)!),
                       ["bad_json"]))
        result.append(("a UTF-32 body", Array(String(decoding: json, as: UTF8.self).data(using: .utf32)!), ["bad_json"]))
        var unknown = valid
        unknown["zz_unknown_field"] = "x"
        result.append(("an unknown field", try HostileInputRoutes.json(unknown), ["unknown_field"]))
        for (key, value) in valid.sorted(by: { $0.key < $1.key }) {
            var wrong = valid
            switch value {
            case is String: wrong[key] = ["not", "a", "string"]
            case is NSNumber: wrong[key] = "not a number"
            case is [Any]: wrong[key] = ["an": "object"]
            default: wrong[key] = [1, 2, 3]
            }
            result.append(("\(key) with the wrong type", try HostileInputRoutes.json(wrong), ["bad_field"]))
            if value is String {
                var nul = valid
                nul[key] = "前\u{0}后"
                result.append(("NUL in \(key)", try HostileInputRoutes.json(nul), ["bad_text"]))
                var long = valid
                long[key] = String(repeating: "a", count: min(room - json.count, 1 << 20))
                result.append(("\(key) of \(min(room - json.count, 1 << 20)) characters", try HostileInputRoutes.json(long), []))
            }
            if value is [Any] {
                var array = valid
                let count = min(100_000, (room - json.count) / 4)
                array[key] = Array(repeating: "x", count: count)
                result.append(("\(key) with \(count) items", try HostileInputRoutes.json(array), []))
            }
        }
        return result
    }

    @Test func everyJSONRouteRefusesHostileBodiesAndStoresNothing() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let routes = try await HostileInputRoutes.prepare(fixture, client: client)
                let before = try await HostileInputSnapshot.take(fixture)
                var requests = 0
                var routesTried = 0
                for (serial, route) in routes.catalog.enumerated() where HostileInputRoutes.takesJSON(route) {
                    routesTried += 1
                    let valid = try routes.validBody(for: route, serial: serial)
                    for variant in try Self.variants(of: valid, limit: route.maxBodyBytes) {
                        requests += 1
                        #expect(variant.body.count <= route.maxBodyBytes, "\(variant.name) fits the limit")
                        let answer = try await client.send(route.method, routes.path(for: route), token: routes.token(for: route),
                                                           body: ByteBuffer(bytes: variant.body), contentLength: variant.body.count)
                        let what = "\(route.method) \(route.path), \(variant.name): \(answer.status.code) \(answer.body.prefix(300))"
                        #expect((400..<500).contains(answer.status.code), "\(what)")
                        let code = errorCode(answer.body)
                        #expect(code != nil, "\(what)")
                        if !variant.codes.isEmpty { #expect(variant.codes.contains(code ?? ""), "\(what)") }
                    }
                }
                print("hostile input: JSON bodies, \(requests) requests on \(routesTried) routes")
                #expect(routesTried >= 15)
                try await HostileInputSnapshot.take(fixture).expectUnchanged(since: before, "a hostile JSON body")
                #expect(try await client.call(.get, "/healthz").status == .ok)
            }
        }
    }

    @Test func aNULInAPathOrQueryIsRefusedBeforeTheDatabase() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let admin = try await client.signIn("admin")
                let supervisor = try await client.signIn("super")
                let before = try await HostileInputSnapshot.take(fixture)
                let cases: [(String, String, String)] = [
                    ("POST", "/v1/admin/units/jd%00baisha/disable", admin),
                    ("POST", "/v1/admin/accounts/victim%00/disable", admin),
                    ("GET", "/v1/admin/accounts?unit=jd%00tianma", admin),
                    ("GET", "/v1/audit?entity_type=%00", admin),
                    ("GET", "/v1/supervision/records?unit=%00", supervisor),
                    ("GET", "/public/tasks/9%00", ""),
                ]
                for (method, path, token) in cases {
                    let answer = try await client.send(method, path, token: token.isEmpty ? nil : token, body: nil)
                    #expect(answer.status == .badRequest, "\(method) \(path): \(answer.status.code) \(answer.body)")
                    #expect(errorCode(answer.body) == "bad_text", "\(method) \(path): \(answer.body)")
                }
                try await HostileInputSnapshot.take(fixture).expectUnchanged(since: before, "a NUL in the URI")
            }
        }
    }
}
