import Foundation
import Postgres

/// Removes state that only grows: idempotency records past their retention, finished sign-in
/// counters, and sessions long expired or revoked. Run daily (`duban-server prune`) as the owner.
///
/// Retention, in one place: mutation records are kept `mutationRetentionDays` (400 by default) —
/// far longer than the 30 days in which clients re-send confirmed mutations after a restore.
public struct Pruner: Sendable {
    public var mutationRetentionDays: Int
    public var sessionRetentionDays: Int

    public init(mutationRetentionDays: Int = 400, sessionRetentionDays: Int = 90) {
        self.mutationRetentionDays = mutationRetentionDays
        self.sessionRetentionDays = sessionRetentionDays
    }

    /// What one run removed.
    public struct Outcome: Codable, Sendable, Equatable {
        public var mutations: Int
        public var throttleEntries: Int
        public var sessions: Int
    }

    public func run(on connection: PostgresConnection) async throws -> Outcome {
        try await connection.transaction { connection in
            try await AuditActor.set(AuditActor.command("prune"), on: connection)
            let mutations = try await connection.execute("""
                DELETE FROM duban.mutations WHERE received_at < now() - make_interval(days => \(Int32(mutationRetentionDays)))
                """)
            let throttle = try await connection.execute("""
                DELETE FROM duban.sign_in_throttle
                 WHERE (locked_until IS NULL OR locked_until < now()) AND window_start < now() - interval '1 day'
                """)
            let sessions = try await connection.execute("""
                DELETE FROM duban.sessions
                 WHERE coalesce(revoked_at, expires_at) < now() - make_interval(days => \(Int32(sessionRetentionDays)))
                """)
            return Outcome(mutations: mutations, throttleEntries: throttle, sessions: sessions)
        }
    }
}
