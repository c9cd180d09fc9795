import Foundation
import Postgres

/// Counts sign-in attempts in PostgreSQL, so every server instance sees the same counts.
///
/// An attempt is counted **before** its password is checked, in one statement that also says
/// whether it may go on (``admit(_:on:)``): a key admits at most its limit of attempts that are
/// unfinished or failed, so parallel guesses check at most that many passwords. A success gives its
/// count back (``relieve(_:on:)``) or forgets a login's failures (``reset(_:on:)``); the failure that
/// reaches the limit locks the key for `lockDuration`, right password or not.
///
/// Keys: `login:<login>` and `addr:<client address>` for strangers; `device:<id>` alone for an
/// attempt that carries a valid device cookie of that login (OWASP's device cookies), so strangers'
/// failures never lock out the devices that signed in before. After slowAfter failures answers are
/// delayed.
struct SignInThrottle: Sendable {
    let settings: AuthSettings

    struct Key: Sendable, Equatable {
        var name: String
        var lockAfter: Int
    }

    /// The keys of an attempt: the device cookie's alone when it carries a valid one (`device`, its
    /// id), else the login's and the client address's.
    func keys(login: String, address: String?, device: Int64? = nil) -> [Key] {
        if let device { return [Key(name: "device:\(device)", lockAfter: settings.deviceLockAfter)] }
        var keys = [Key(name: "login:" + login, lockAfter: settings.lockAfter)]
        if let address { keys.append(Key(name: "addr:" + address, lockAfter: settings.addressLockAfter)) }
        return keys
    }

    /// What counting one attempt said.
    struct Admission: Sendable {
        /// This attempt's number under each key that counted it (a locked key does not count).
        var numbers: [String: Int]
        /// Seconds until the latest lock among the keys ends; nil when none is locked.
        var lockedFor: Int?
        /// Whether the attempt may check its password: no key locked and none over its limit.
        var admitted: Bool
    }

    /// Counts one attempt under every key and says whether it may check its password, in one statement.
    /// Keys are taken in name order, so two attempts never wait for each other's rows in a cycle.
    func admit(_ keys: [Key], on connection: PostgresConnection) async throws -> Admission {
        let window = Double(settings.failureWindow.wholeSeconds)
        let rows = try await connection.query("""
            INSERT INTO duban.sign_in_throttle AS t (key, failures, window_start)
            SELECT k, 1, now() FROM unnest(\(keys.map(\.name))::text[]) AS k ORDER BY k
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN t.locked_until > now() THEN t.failures
                                WHEN t.window_start < now() - make_interval(secs => \(window)) OR t.locked_until <= now() THEN 1
                                ELSE t.failures + 1 END,
                window_start = CASE WHEN t.locked_until > now() THEN t.window_start
                                    WHEN t.window_start < now() - make_interval(secs => \(window)) OR t.locked_until <= now() THEN now()
                                    ELSE t.window_start END,
                locked_until = CASE WHEN t.locked_until <= now() THEN NULL ELSE t.locked_until END
            RETURNING key, failures, ceil(extract(epoch FROM locked_until - now()))::bigint
            """)
        var admission = Admission(numbers: [:], lockedFor: nil, admitted: true)
        for row in rows {
            let name = try row.decode(String.self, at: 0)
            let number = try row.decode(Int.self, at: 1)
            if let seconds = try row.decodeIfPresent(Int.self, at: 2) {
                admission.lockedFor = max(admission.lockedFor ?? 0, max(seconds, 1))
                admission.admitted = false
                continue
            }
            admission.numbers[name] = number
            if let key = keys.first(where: { $0.name == name }), number > key.lockAfter { admission.admitted = false }
        }
        return admission
    }

    /// Gives back the counts of an attempt that did not fail its password: one refused before it was
    /// checked, or a success under keys that are not forgotten on success (the address, a device).
    func relieve(_ admission: Admission, on connection: PostgresConnection) async throws {
        let names = Array(admission.numbers.keys).sorted()
        guard !names.isEmpty else { return }
        try await connection.execute("""
            UPDATE duban.sign_in_throttle SET failures = greatest(failures - 1, 0)
             WHERE key = ANY(\(names)) AND locked_until IS NULL
            """)
    }

    /// Records that an admitted attempt's password was wrong: every key whose limit this attempt
    /// reached is locked. Returns the delay to add before answering, and whether the device key (if
    /// any) reached its limit (its cookie is then void).
    func recordFailure(_ keys: [Key], admission: Admission, on connection: PostgresConnection) async throws
        -> (delay: Duration, deviceExhausted: Bool) {
        let reached = keys.filter { (admission.numbers[$0.name] ?? 0) >= $0.lockAfter }.map(\.name).sorted()
        if !reached.isEmpty {
            try await connection.execute("""
                UPDATE duban.sign_in_throttle
                   SET locked_until = now() + make_interval(secs => \(Double(settings.lockDuration.wholeSeconds)))
                 WHERE key = ANY(\(reached)) AND locked_until IS NULL
                """)
        }
        let worst = admission.numbers.values.max() ?? 0
        let deviceExhausted = reached.contains { $0.hasPrefix("device:") }
        guard worst >= settings.slowAfter else { return (.zero, deviceExhausted) }
        let seconds = min(Double(worst - settings.slowAfter + 1) * 0.5, Double(settings.maxDelay.wholeSeconds))
        return (.milliseconds(Int(seconds * 1000)), deviceExhausted)
    }

    /// After a success: a login's failures are forgotten (unless it is locked), the other keys give
    /// this attempt back.
    func reset(_ keys: [Key], admission: Admission, on connection: PostgresConnection) async throws {
        let logins = keys.map(\.name).filter { $0.hasPrefix("login:") || $0.hasPrefix("device:") }
        if !logins.isEmpty {
            try await connection.execute("""
                DELETE FROM duban.sign_in_throttle WHERE key = ANY(\(logins)) AND locked_until IS NULL
                """)
        }
        var rest = admission
        rest.numbers = rest.numbers.filter { !logins.contains($0.key) }
        try await relieve(rest, on: connection)
    }
}
