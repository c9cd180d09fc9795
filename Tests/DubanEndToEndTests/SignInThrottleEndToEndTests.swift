import Foundation
import Testing

/// The sign-in limit lives in PostgreSQL, so it holds across server processes.
@Suite struct SignInThrottleEndToEndTests {
    @Test func theLimitHoldsAcrossTwoServerProcesses() async throws {
        try await LoadedDatabase.with { database, password in
            let settings = ["DUBAN_SIGNIN_LOCK_AFTER": "4", "DUBAN_SIGNIN_SLOW_AFTER": "100", "DUBAN_SIGNIN_LOCK_SECONDS": "5"]
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
            for attempt in 0..<4 {
                let answer = try await signIn(attempt.isMultiple(of: 2) ? first : second, "wrong-\(attempt)")
                #expect(answer.status == 401, "\(answer.body)")
            }
            // The right password, on either server, is refused while the lock lasts.
            for server in [first, second] {
                let locked = try await signIn(server, password)
                #expect(locked.status == 429, "\(locked.body)")
                #expect(locked.body.contains("auth.locked"))
            }
            try await Task.sleep(for: .seconds(5.2))
            let open = try await signIn(second, password)
            #expect(open.status == 201, "\(open.body)")
            #expect(open.body.contains("\"must_change_password\":true"))
        }
    }
}
