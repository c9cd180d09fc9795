import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import Testing

@Suite struct SignInTests {
    static func lockingSettings() -> AuthSettings {
        var settings = AuthFixture.settings()
        settings.lockAfter = 3
        settings.lockDuration = .seconds(15)
        return settings
    }

    @Test func afterTheLimitEvenTheRightPasswordIsRefusedUntilTheLockEnds() async throws {
        try await AuthFixture.with(settings: Self.lockingSettings()) { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                for _ in 0..<3 {
                    let wrong = try await client.call(.post, "/v1/session", json: SignInRequest(
                        login: "tianma1", password: "wrong password", deviceId: AuthFixture.device))
                    #expect(wrong.status == .unauthorized)
                    #expect(errorCode(wrong.body) == "auth.invalid_credentials")
                }
                let right = try await client.call(.post, "/v1/session", json: SignInRequest(
                    login: "tianma1", password: AuthFixture.password, deviceId: AuthFixture.device))
                #expect(right.status == .tooManyRequests)
                #expect(errorCode(right.body) == "auth.locked")
                // Another login is not affected.
                _ = try await client.signIn("jiahe1")
                // The lock ends by itself: wait for that (refused attempts while it holds do not extend it).
                let deadline = ContinuousClock.now + .seconds(120)
                var answer = right.status
                while answer != .created && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(250))
                    answer = try await client.call(.post, "/v1/session", json: SignInRequest(
                        login: "tianma1", password: AuthFixture.password, deviceId: AuthFixture.device)).status
                    #expect(answer == .created || answer == .tooManyRequests, "\(answer)")
                }
                #expect(answer == .created, "the lock ended and the right password signs in")
            }
        }
    }

    @Test func anUnknownLoginGetsTheSameAnswersAsAKnownOne() async throws {
        // A lock long enough to outlast the four attempts however busy the machine (this test never
        // waits for it to end): with 4 s, a loaded full run saw the lock expire before the fourth.
        var settings = Self.lockingSettings()
        settings.lockDuration = .seconds(120)
        try await AuthFixture.with(settings: settings) { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var known: [String] = []
                var unknown: [String] = []
                for _ in 0..<4 {
                    let a = try await client.call(.post, "/v1/session", json: SignInRequest(
                        login: "jiahe1", password: "wrong password", deviceId: AuthFixture.device))
                    known.append("\(a.status.code) \(errorCode(a.body) ?? "")")
                    let b = try await client.call(.post, "/v1/session", json: SignInRequest(
                        login: "nobody-here", password: "wrong password", deviceId: AuthFixture.device))
                    unknown.append("\(b.status.code) \(errorCode(b.body) ?? "")")
                }
                #expect(known == unknown)
                #expect(known.last == "429 auth.locked")
            }
        }
    }

    @Test func disabledAccountIsRefusedAndPasswordChangeUnlocksTheRest() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let gone = try await client.call(.post, "/v1/session", json: SignInRequest(
                    login: "gone", password: AuthFixture.password, deviceId: AuthFixture.device))
                #expect(gone.status == .forbidden)
                #expect(errorCode(gone.body) == "auth.account_disabled")

                let fresh = try await client.signIn("fresh")
                #expect(try await client.call(.get, "/v1/assignments", token: fresh).status == .forbidden)
                let short = try await client.call(.post, "/v1/me/password", token: fresh, json: ChangePasswordRequest(
                    currentPassword: AuthFixture.password, newPassword: "short"))
                #expect(errorCode(short.body) == "password.too_short")
                let wrong = try await client.call(.post, "/v1/me/password", token: fresh, json: ChangePasswordRequest(
                    currentPassword: "not it at all", newPassword: "a much better one"))
                #expect(errorCode(wrong.body) == "password.wrong_current")
                let changed = try await client.call(.post, "/v1/me/password", token: fresh, json: ChangePasswordRequest(
                    currentPassword: AuthFixture.password, newPassword: "a much better one"))
                #expect(changed.status == .noContent)
                #expect(try await client.call(.get, "/v1/assignments", token: fresh).status == .ok)

                // Admin resets it: old sessions end, the one-time password must be changed again.
                let admin = try await client.signIn("admin")
                let reset = try await client.call(.post, "/v1/admin/accounts/fresh/reset-password", token: admin)
                let otp = try WireJSON.decoder().decode(AccountWithPassword.self, from: Data(reset.body.utf8)).oneTimePassword
                #expect(otp.count == 16)
                #expect(try await client.call(.get, "/v1/me", token: fresh).status == .unauthorized)
                let again = try await client.signIn("fresh", password: otp)
                #expect(try await client.call(.get, "/v1/units", token: again).status == .forbidden)
            }
        }
    }

    @Test func revokingSessionsEndsEveryDeviceOfTheAccount() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let one = try await client.signIn("tianma1")
                let two = try await client.signIn("tianma1")
                let admin = try await client.signIn("admin")
                let revoked = try await client.call(.post, "/v1/admin/accounts/tianma1/revoke-sessions", token: admin)
                #expect(revoked.body.contains("\"revoked\":2"))
                for token in [one, two] {
                    let answer = try await client.call(.get, "/v1/me", token: token)
                    #expect(errorCode(answer.body) == "auth.invalid_token")
                }
            }
        }
    }

    @Test func badInputGetsAClearFourHundredAndTheServerKeepsServing() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let device = AuthFixture.device.uuidString
                let cases: [(String, ByteBuffer, Int, String)] = [
                    ("empty login", ByteBuffer(string: #"{"login":"","password":"x","device_id":"\#(device)"}"#), 401, "auth.invalid_credentials"),
                    ("10 MB login", ByteBuffer(string: #"{"login":""# + String(repeating: "a", count: 10 << 20) + #"","password":"x","device_id":"\#(device)"}"#), 413, "too_large"),
                    ("wrong type", ByteBuffer(string: #"{"login":12,"password":"x","device_id":"\#(device)"}"#), 400, "bad_field"),
                    ("unknown field", ByteBuffer(string: #"{"login":"a1","password":"x","device_id":"\#(device)","admin":true}"#), 400, "unknown_field"),
                    ("not UTF-8", ByteBuffer(bytes: [0x7B, 0x22, 0x6C, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]), 400, "bad_json"),
                    ("not an object", ByteBuffer(string: "[1,2,3]"), 400, "bad_json"),
                    ("empty body", ByteBuffer(), 400, "bad_json"),
                    ("deep JSON", ByteBuffer(string: String(repeating: "[", count: 60_000)), 400, "bad_json"),
                ]
                for (name, body, status, code) in cases {
                    let answer = try await client.call(.post, "/v1/session", raw: body)
                    #expect(answer.status.code == status, "\(name): \(answer.body.prefix(200))")
                    #expect(errorCode(answer.body) == code, "\(name)")
                    let parsed = try? WireJSON.decoder().decode(APIErrorBody.self, from: Data(answer.body.utf8))
                    #expect(parsed?.error.message.isEmpty == false && parsed?.error.messageZh.isEmpty == false, "\(name)")
                }
                let health = try await client.call(.get, "/healthz")
                #expect(health.status == .ok)
                _ = try await client.signIn("tianma1")
            }
        }
    }
}

@Suite struct SessionSlidingTests {
    @Test func aSessionIdleForMoreThanAMinuteSlidesAndKeepsWorking() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let token = try await client.signIn("tianma1")
                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                try await owner.execute("""
                    UPDATE duban.sessions SET last_used_at = now() - interval '2 minutes', expires_at = now() + interval '1 hour'
                    """)
                let me = try await client.call(.get, "/v1/me", token: token)
                #expect(me.status == .ok, "\(me.body)")
                let slid = try await owner.query("SELECT expires_at > now() + interval '59 days', last_used_at > now() - interval '10 seconds' FROM duban.sessions")
                #expect(try slid[0].decode(Bool.self, at: 0), "the expiry slid to a full TTL again")
                #expect(try slid[0].decode(Bool.self, at: 1))
            }
        }
    }
}
