import Foundation
import Postgres

/// Counts failed sign-ins per login and per client address in PostgreSQL, so every server instance
/// sees the same counts: after `slowAfter` failures answers are delayed, after the lock threshold the
/// key is refused (right password or not) until the lock expires.
struct SignInThrottle: Sendable {
    let settings: AuthSettings

    struct Key: Sendable {
        var name: String
        var lockAfter: Int
    }

    func keys(login: String, address: String?) -> [Key] {
        var keys = [Key(name: "login:" + login, lockAfter: settings.lockAfter)]
        if let address { keys.append(Key(name: "addr:" + address, lockAfter: settings.addressLockAfter)) }
        return keys
    }

    /// Seconds until the latest lock among `keys` ends, or nil when none is locked.
    func lockedFor(_ keys: [Key], on connection: PostgresConnection) async throws -> Int? {
        let rows = try await connection.query("""
            SELECT ceil(extract(epoch FROM max(locked_until) - now()))::bigint
              FROM duban.sign_in_throttle WHERE key = ANY(\(keys.map(\.name))) AND locked_until > now()
            """)
        return try rows.first?.decodeIfPresent(Int.self, at: 0)
    }

    /// Records one failure for every key; returns the delay to add before answering.
    func recordFailure(_ keys: [Key], on connection: PostgresConnection) async throws -> Duration {
        var worst = 0
        for key in keys {
            let rows = try await connection.query("""
                INSERT INTO duban.sign_in_throttle AS t (key, failures, window_start)
                VALUES (\(key.name), 1, now())
                ON CONFLICT (key) DO UPDATE SET
                    failures = CASE WHEN t.window_start < now() - make_interval(secs => \(Double(settings.failureWindow.wholeSeconds)))
                                         OR t.locked_until <= now()
                                    THEN 1 ELSE t.failures + 1 END,
                    window_start = CASE WHEN t.window_start < now() - make_interval(secs => \(Double(settings.failureWindow.wholeSeconds)))
                                             OR t.locked_until <= now()
                                        THEN now() ELSE t.window_start END,
                    locked_until = CASE WHEN t.locked_until <= now() THEN NULL ELSE t.locked_until END
                RETURNING failures
                """)
            let failures = try rows[0].decode(Int.self, at: 0)
            if failures >= key.lockAfter {
                try await connection.execute("""
                    UPDATE duban.sign_in_throttle
                       SET locked_until = now() + make_interval(secs => \(Double(settings.lockDuration.wholeSeconds)))
                     WHERE key = \(key.name) AND locked_until IS NULL
                    """)
            }
            worst = max(worst, failures)
        }
        guard worst >= settings.slowAfter else { return .zero }
        let seconds = min(Double(worst - settings.slowAfter + 1) * 0.5, Double(settings.maxDelay.wholeSeconds))
        return .milliseconds(Int(seconds * 1000))
    }

    /// Forgets a login's failures after it signed in.
    func reset(login: String, on connection: PostgresConnection) async throws {
        try await connection.execute("DELETE FROM duban.sign_in_throttle WHERE key = \("login:" + login) AND locked_until IS NULL")
    }
}
