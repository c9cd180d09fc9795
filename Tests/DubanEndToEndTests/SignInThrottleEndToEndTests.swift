import Foundation
import Testing

/// The sign-in limit lives in PostgreSQL, so it holds across server processes.
@Suite struct SignInThrottleEndToEndTests {
    @Test func theLimitHoldsAcrossTwoServerProcesses() async throws {
        try await LoadedDatabase.with { database, password in
            // 15 s: long enough that the locked attempts below come before it ends on a loaded machine
            // (5 s ran out once in a full parallel run), short enough to wait for.
            let settings = ["DUBAN_SIGNIN_LOCK_AFTER": "4", "DUBAN_SIGNIN_SLOW_AFTER": "100", "DUBAN_SIGNIN_LOCK_SECONDS": "15"]
            let first = try await ServerProcess(database: database, environment: settings)
            let second = try await ServerProcess(database: database, environment: settings)
            defer {
                first.stop()
                second.stop()
            }
            func signIn(_ server: ServerProcess, _ password: String) async throws -> (status: Int, body: String) {
                try await server.request("POST", "/v1/session", json: """
                    {"login":"admin","password":"\(password)","device_id":"\(UUID().uuidString)"}
                    """)
            }
            // The lock starts while the fourth failure is answered: between these two instants.
            var lockStartsAfter = ContinuousClock.now
            for attempt in 0..<4 {
                if attempt == 3 { lockStartsAfter = ContinuousClock.now }
                let answer = try await signIn(attempt.isMultiple(of: 2) ? first : second, "wrong-\(attempt)")
                #expect(answer.status == 401, "\(answer.body)")
            }
            let lockStartsBefore = ContinuousClock.now
            // The right password, on either server, is refused while the lock lasts.
            for server in [first, second] {
                let locked = try await signIn(server, password)
                #expect(locked.status == 429, "\(locked.body)")
                #expect(locked.body.contains("auth.locked"))
            }
            #expect(ContinuousClock.now - lockStartsAfter < .seconds(15), "the locked attempts came while the lock lasted")
            try await Task.sleep(until: lockStartsBefore + .seconds(15.5))
            let open = try await signIn(second, password)
            #expect(open.status == 201, "\(open.body)")
            #expect(open.body.contains("\"must_change_password\":true"))
        }
    }

    @Test func theCLIKeepsItsDeviceCookieAndSignsInWhileStrangersLockTheLogin() async throws {
        try await LoadedDatabase.with { database, password in
            let settings = ["DUBAN_SIGNIN_LOCK_AFTER": "4", "DUBAN_SIGNIN_SLOW_AFTER": "100", "DUBAN_SIGNIN_LOCK_SECONDS": "300"]
            let server = try await ServerProcess(database: database, environment: settings)
            defer { server.stop() }
            let known = CLIInstallation()
            let stranger = CLIInstallation()
            defer {
                known.remove()
                stranger.remove()
            }
            let first = try await known.run(["login", "--server", server.base.absoluteString, "--login", "admin", "--password-stdin"],
                                            input: password + "\n")
            #expect(first.status == 0, "\(first.stderr)")
            let cookies = known.home.appendingPathComponent("device-cookies.json")
            #expect(FileManager.default.fileExists(atPath: cookies.path), "the server's device cookie is kept")
            _ = try await known.run(["logout"])

            // Strangers lock the login.
            for attempt in 0..<6 {
                _ = try await server.request("POST", "/v1/session", json: """
                    {"login":"admin","password":"guess-\(attempt)","device_id":"\(UUID().uuidString)"}
                    """)
            }
            let refused = try await stranger.run(["login", "--server", server.base.absoluteString, "--login", "admin", "--password-stdin"],
                                                 input: password + "\n")
            #expect(refused.status == 1 && refused.stderr.contains("too many failed sign-ins"), "\(refused.stderr)")
            // The device that signed in before signs in all the same.
            let again = try await known.run(["login", "--login", "admin", "--password-stdin"], input: password + "\n")
            #expect(again.status == 0, "a known device is not locked out by strangers: \(again.stderr)")
            #expect(again.stdout.contains("signed in to"), "\(again.stdout)")
        }
    }
}
