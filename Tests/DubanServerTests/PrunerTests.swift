import DubanServer
import DubanTestSupport
import Foundation
import Postgres
import Testing

@Suite struct PrunerTests {
    @Test func removesOnlyWhatIsPastItsRetention() async throws {
        try await AuthFixture.with { fixture in
            let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
            defer { owner.close() }
            for (age, id) in [(500, UUID()), (10, UUID())] {
                try await owner.execute("""
                    INSERT INTO duban.mutations (id, account_id, device_id, device_seq, kind, payload_sha256, result, received_at)
                    SELECT \(id), id, \(UUID()), 1, 'report.write', repeat('a', 64), '{}'::jsonb, now() - make_interval(days => \(Int32(age)))
                      FROM duban.accounts WHERE login = 'tianma1'
                    """)
            }
            try await owner.execute("""
                INSERT INTO duban.sign_in_throttle (key, failures, window_start) VALUES ('login:old', 3, now() - interval '2 days'),
                       ('login:locked', 10, now() - interval '2 days')
                """)
            try await owner.execute("UPDATE duban.sign_in_throttle SET locked_until = now() + interval '1 hour' WHERE key = 'login:locked'")
            let outcome = try await Pruner().run(on: owner)
            #expect(outcome.mutations == 1)
            #expect(outcome.throttleEntries == 1)
            let left = try await owner.query("SELECT count(*) FROM duban.mutations")
            #expect(try left[0].decode(Int.self, at: 0) == 1)
            let again = try await Pruner().run(on: owner)
            #expect(again.mutations == 0 && again.throttleEntries == 0 && again.sessions == 0)
        }
    }
}
