import DubanCore
import DubanTestSupport
import Foundation
import Postgres
import Testing

/// Behind nginx every connection comes from nginx. With `DUBAN_TRUSTED_PROXIES` the server counts
/// sign-in failures, and writes the audit trail, by the client nginx names in `X-Forwarded-For`;
/// without it that header is ignored (a client cannot pick the address it is throttled under).
@Suite(.serialized) struct TrustedProxyTests {
    static let strict = ["DUBAN_SIGNIN_SLOW_AFTER": "100", "DUBAN_SIGNIN_ADDRESS_LOCK_AFTER": "3", "DUBAN_SIGNIN_LOCK_SECONDS": "600"]

    @Test func signInsAreThrottledPerForwardedClientOnlyBehindATrustedProxy() async throws {
        try await SyncWorld.with(serverEnvironment: Self.strict.merging(["DUBAN_TRUSTED_PROXIES": "127.0.0.1,::1"]) { $1 }) { world in
            _ = try await world.addStaff("tianma1", unit: "jd-tianma")
            let untrusting = try await ServerProcess(database: world.database, environment: Self.strict)
            defer { untrusting.stop() }
            func signIn(_ server: ServerProcess, _ login: String, _ password: String, from client: String) async throws -> Int {
                try await server.request("POST", "/v1/session", json: """
                    {"login":"\(login)","password":"\(password)","device_id":"\(UUID().uuidString)"}
                    """, headers: ["X-Forwarded-For": client]).status
            }
            // Three failures from one client behind the trusted proxy lock that client's address only.
            for attempt in 1...3 {
                #expect(try await signIn(world.server, "nobody\(attempt)", "wrong", from: "203.0.113.5") == 401)
            }
            #expect(try await signIn(world.server, "tianma1", "Staff-pass-2024", from: "203.0.113.5") == 429, "that client is locked")
            #expect(try await signIn(world.server, "tianma1", "Staff-pass-2024", from: "203.0.113.6") == 201,
                    "another client behind the same proxy is not")
            let superuser = try await world.superuser()
            defer { superuser.close() }
            let failures = try await superuser.query("""
                SELECT DISTINCT detail->>'address' FROM duban.audit_log
                 WHERE action = 'session.sign_in_failed' AND entity_id IN ('nobody1', 'nobody2', 'nobody3')
                """).map { try $0.decode(String.self, at: 0) }
            #expect(failures == ["203.0.113.5"], "the audit names the client, not nginx: \(failures)")
            let signedIn = try await superuser.query("""
                SELECT detail->>'address' FROM duban.audit_log WHERE action = 'session.create' ORDER BY id DESC LIMIT 1
                """)[0].decode(String.self, at: 0)
            #expect(signedIn == "203.0.113.6")

            // A server that trusts no proxy ignores the header: three failures "from" three clients lock the peer.
            for (attempt, client) in ["198.51.100.1", "198.51.100.2", "198.51.100.3"].enumerated() {
                #expect(try await signIn(untrusting, "nobody\(attempt + 10)", "wrong", from: client) == 401)
            }
            #expect(try await signIn(untrusting, "tianma1", "Staff-pass-2024", from: "198.51.100.4") == 429,
                    "the forged header chose nothing")
        }
    }
}
