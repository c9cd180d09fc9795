import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import Testing

/// Sign-in guesses in parallel, and lockouts by strangers: an attempt is counted before its password
/// is checked, so N parallel guesses check at most the limit's number of passwords; a device that
/// signed in to the login before (its device cookie) keeps signing in while strangers lock the login.
@Suite struct SignInGuessingTests {
    /// The number `duban_sign_in_password_checks_total` says.
    static func passwordChecks(_ metrics: ServerMetrics) async -> Int {
        let text = await metrics.exposition()
        let line = text.split(separator: "\n").first { $0.hasPrefix("duban_sign_in_password_checks_total") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") }.map { Int($0) } ?? 0
    }

    static func request(_ login: String, _ password: String, cookie: String? = nil) -> SignInRequest {
        SignInRequest(login: login, password: password, deviceId: AuthFixture.device, deviceName: "test", deviceCookie: cookie)
    }

    @Test func sixtyParallelWrongPasswordsCheckAtMostTheLimitsWorth() async throws {
        var settings = AuthFixture.settings()
        settings.lockAfter = 10
        settings.lockDuration = .seconds(300)
        try await AuthFixture.with(settings: settings) { fixture in
            let metrics = ServerMetrics()
            let app = await buildApplication(configuration: fixture.serverConfiguration, pool: fixture.pool,
                                             migrator: try Fixtures.migrator(), logger: Fixtures.logger, metrics: metrics)
            try await app.test(.router) { client in
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<60 {
                        group.addTask {
                            try await client.call(.post, "/v1/session", json: Self.request("tianma1", "wrong password \(index)")).status.code
                        }
                    }
                    var all: [Int] = []
                    for try await status in group { all.append(status) }
                    return all
                }
                let unauthorized = statuses.filter { $0 == 401 }.count
                let locked = statuses.filter { $0 == 429 }.count
                let checks = await Self.passwordChecks(metrics)
                // On a loaded machine the pool may not serve every one of 60 at once: those answer 503 with
                // Retry-After and check no password.
                let busy = statuses.filter { $0 == 503 }.count
                print("60 parallel wrong passwords: \(unauthorized)×401, \(locked)×429, \(busy)×503, \(checks) bcrypt evaluations")
                #expect(unauthorized + locked + busy == 60, "\(statuses)")
                #expect(locked > 0, "\(statuses)")
                #expect(checks <= 10, "at most the limit's number of passwords checked, not \(checks)")
                #expect(unauthorized == checks, "every 401 is one password checked")
                // The right password after the lock, without a device cookie: refused, and no password checked.
                let right = try await client.call(.post, "/v1/session", json: Self.request("tianma1", AuthFixture.password))
                #expect(right.status == .tooManyRequests, "\(right.body)")
                #expect(errorCode(right.body) == "auth.locked")
                #expect(await Self.passwordChecks(metrics) == checks)
            }
        }
    }

    @Test func aKnownDeviceSignsInWhileStrangersLockTheLogin() async throws {
        var settings = AuthFixture.settings()
        settings.lockAfter = 3
        settings.deviceLockAfter = 3
        settings.lockDuration = .seconds(300)
        try await AuthFixture.with(settings: settings) { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                func signIn(_ request: SignInRequest) async throws -> (status: HTTPResponse.Status, body: String, answer: SignInResponse?) {
                    let answer = try await client.call(.post, "/v1/session", json: request)
                    return (answer.status, answer.body, try? WireJSON.decoder().decode(SignInResponse.self, from: Data(answer.body.utf8)))
                }
                // The office's device signs in once and gets its cookie; a second device of another login too.
                let first = try await signIn(Self.request("tianma1", AuthFixture.password))
                let cookie = try #require(first.answer?.deviceCookie, "a device cookie after a successful sign-in: \(first.body)")
                #expect(cookie.hasPrefix("dbd_"))
                let other = try #require(try await signIn(Self.request("jiahe1", AuthFixture.password)).answer?.deviceCookie)

                // Strangers lock the login.
                for index in 0..<5 {
                    _ = try await signIn(Self.request("tianma1", "stranger guess \(index)"))
                }
                let stranger = try await signIn(Self.request("tianma1", AuthFixture.password))
                #expect(stranger.status == .tooManyRequests, "\(stranger.body)")
                // Another login's cookie makes nobody known here.
                let borrowed = try await signIn(Self.request("tianma1", AuthFixture.password, cookie: other))
                #expect(borrowed.status == .tooManyRequests, "\(borrowed.body)")
                // The known device signs in all the same, and keeps its cookie (no new one).
                let known = try await signIn(Self.request("tianma1", AuthFixture.password, cookie: cookie))
                #expect(known.status == .created, "\(known.body)")
                #expect(known.answer?.deviceCookie == nil)

                // A cookie with too many failures is void: that device is a stranger again, and the login is locked.
                for index in 0..<3 {
                    let wrong = try await signIn(Self.request("tianma1", "typo \(index)", cookie: cookie))
                    #expect(wrong.status == .unauthorized, "\(wrong.body)")
                }
                let voided = try await signIn(Self.request("tianma1", AuthFixture.password, cookie: cookie))
                #expect(voided.status == .tooManyRequests, "\(voided.body)")
            }
        }
    }

    @Test func parallelGuessesWithAStolenCookieCheckAtMostItsLimit() async throws {
        var settings = AuthFixture.settings()
        settings.deviceLockAfter = 4
        settings.lockDuration = .seconds(300)
        let limit = settings.deviceLockAfter + settings.lockAfter
        try await AuthFixture.with(settings: settings) { fixture in
            let metrics = ServerMetrics()
            let app = await buildApplication(configuration: fixture.serverConfiguration, pool: fixture.pool,
                                             migrator: try Fixtures.migrator(), logger: Fixtures.logger, metrics: metrics)
            try await app.test(.router) { client in
                let first = try await client.call(.post, "/v1/session", json: Self.request("zjj1", AuthFixture.password))
                let cookie = try #require(try WireJSON.decoder().decode(SignInResponse.self, from: Data(first.body.utf8)).deviceCookie)
                let before = await Self.passwordChecks(metrics)
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<30 {
                        group.addTask {
                            try await client.call(.post, "/v1/session", json: Self.request("zjj1", "guess \(index)", cookie: cookie)).status.code
                        }
                    }
                    var all: [Int] = []
                    for try await status in group { all.append(status) }
                    return all
                }
                let checks = await Self.passwordChecks(metrics) - before
                // The cookie's own limit, then (void) the login's limit for strangers: never one per guess.
                #expect(checks <= limit, "\(checks) passwords checked with one cookie")
                #expect(statuses.filter { $0 == 401 }.count == checks)
            }
        }
    }
}
