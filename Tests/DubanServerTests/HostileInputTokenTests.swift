import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import Testing

/// A token of another server (well-formed, valid-looking, unknown here) and malformed tokens, on every
/// signed-in route: 401 with a code, and nothing changes.
@Suite struct HostileInputTokenTests {
    /// Authorization header values that must not let anyone in.
    static func hostileHeaders() -> [(name: String, value: String)] {
        // What another Duban server would issue: the same shape, 256 random bits.
        var random = SystemRandomNumberGenerator()
        let otherServer = "dbn_" + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &random)) }.joined()
        return [
            ("another server's token", "Bearer \(otherServer)"),
            ("another server's token, lower-case scheme", "bearer \(otherServer)"),
            ("scheme only", "Bearer"),
            ("empty token", "Bearer "),
            ("Basic credentials", "Basic " + Data("admin:\(AuthFixture.password)".utf8).base64EncodedString()),
            ("a 10 000-character token", "Bearer " + String(repeating: "A", count: 10_000)),
            ("SQL in the token", "Bearer ' OR 1=1; --"),
            ("a JWT", "Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ."),
            ("two tokens", "Bearer \(otherServer) \(otherServer)"),
            ("non-ASCII token", "Bearer 令牌令牌令牌"),
        ]
    }

    @Test func unknownAndMalformedTokensGetFourOhOneOnEverySignedInRoute() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let routes = try await HostileInputRoutes.prepare(fixture, client: client)
                let before = try await HostileInputSnapshot.take(fixture, excluding: ["audit_chain", "status_lights"])
                var requests = 0
                var routesTried = 0
                for (serial, route) in routes.catalog.enumerated() {
                    guard case .roles = route.access else { continue }
                    routesTried += 1
                    let body = HostileInputRoutes.takesJSON(route)
                        ? ByteBuffer(bytes: try HostileInputRoutes.json(try routes.validBody(for: route, serial: serial))) : nil
                    for (name, value) in Self.hostileHeaders() {
                        requests += 1
                        let answer = try await client.execute(
                            uri: routes.path(for: route), method: HTTPRequest.Method(route.method)!,
                            headers: [.authorization: value, .contentType: "application/json"], body: body
                        ) { (status: $0.status, body: String(buffer: $0.body)) }
                        let what = "\(route.method) \(route.path) with \(name): \(answer.status.code) \(answer.body.prefix(200))"
                        #expect(answer.status == .unauthorized, "\(what)")
                        #expect(errorCode(answer.body) == "auth.invalid_token", "\(what)")
                    }
                }
                print("hostile input: foreign and malformed tokens, \(requests) requests on \(routesTried) routes")
                // Nothing changed: no session (sessions are compared too), no audit entry, no throttle row.
                try await HostileInputSnapshot.take(fixture, excluding: ["audit_chain", "status_lights"]).expectUnchanged(since: before, "a hostile token")
            }
        }
    }
}
