import DubanCore
import Foundation
import HummingbirdTesting
import Testing

/// `GET /v1/sync/wait`: bad input is a 400 naming the field; without a listener (in process) the
/// long poll checks the database once a second, answers `changed` only for what the caller may see,
/// and `changed: false` at its timeout.
@Suite struct SyncWaitTests {
    struct Answer: Decodable {
        var changed: Bool
        var cursor: Int64
        var waited: Double
    }

    @Test func inputsVisibilityAndTimeout() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let jiahe = try await client.signIn("jiahe1")
                for bad in ["", "?after=abc", "?after=-1", "?after=0&timeout=-5", "?after=0&timeout=soon",
                            "?after=99999999999999999999"] {
                    let answer = try await client.call(.get, "/v1/sync/wait" + bad, token: jiahe)
                    #expect(answer.status == .badRequest, "\(bad): \(answer.body)")
                    #expect(answer.body.contains("bad_field"), "\(bad): \(answer.body)")
                }
                #expect(try await client.call(.get, "/v1/sync/wait?after=0").status == .unauthorized)

                // Nothing yet: the wait runs to its timeout and says so.
                let quiet = try await client.call(.get, "/v1/sync/wait?after=0&timeout=1", token: jiahe)
                let idle = try WireJSON.decoder().decode(Answer.self, from: Data(quiet.body.utf8))
                #expect(!idle.changed && idle.cursor == 0 && idle.waited >= 1, "\(quiet.body)")

                // Tianma reports on task 9, which jiahe neither writes nor leads: jiahe's wait is not woken.
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                let first = try await tianma.sync(client)
                let ids = try SyncTests.task9(try #require(first.reference))
                let write = try tianma.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "天马", percent: 10)
                _ = try await tianma.sync(client, [write], reference: first.referenceVersion)
                let other = try await client.call(.get, "/v1/sync/wait?after=0&timeout=1", token: jiahe)
                #expect(try WireJSON.decoder().decode(Answer.self, from: Data(other.body.utf8)).changed == false, "\(other.body)")

                // Zjj leads task 9: the same change is for it, answered at once.
                let zjj = try await client.signIn("zjj1")
                let lead = try await client.call(.get, "/v1/sync/wait?after=0&timeout=20", token: zjj)
                let woken = try WireJSON.decoder().decode(Answer.self, from: Data(lead.body.utf8))
                #expect(woken.changed && woken.cursor >= 1 && woken.waited < 5, "\(lead.body)")
                // A cursor from the future (a restored database): sync now.
                let future = try await client.call(.get, "/v1/sync/wait?after=1000000&timeout=20", token: jiahe)
                #expect(try WireJSON.decoder().decode(Answer.self, from: Data(future.body.utf8)).changed, "\(future.body)")
            }
        }
    }
}
