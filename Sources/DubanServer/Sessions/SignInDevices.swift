import Foundation
import Postgres

/// Device cookies: after a successful sign-in the server gives the device a random cookie, stored
/// only as its SHA-256 in `duban.sign_in_devices`, one per account and device id. A later sign-in of
/// the same login carrying it is counted against the cookie (`SignInThrottle`), so strangers cannot
/// lock that device out; too many failures with it void it.
struct SignInDevices: Sendable {
    let settings: AuthSettings

    /// The longest cookie looked up; anything longer is no cookie of ours.
    static let maxCookieLength = 128

    /// The id of the valid cookie `cookie` of `accountID`; nil when it is unknown, lapsed, another
    /// account's, or there is no such account (the same query runs either way).
    func find(_ cookie: String?, accountID: Int64?, on connection: PostgresConnection) async throws -> Int64? {
        guard let cookie, !cookie.isEmpty, cookie.utf8.count <= Self.maxCookieLength else { return nil }
        return try await connection.query("""
            SELECT id FROM duban.sign_in_devices
             WHERE token_sha256 = \(SHA256Digest.hex(of: cookie)) AND account_id = \(accountID) AND expires_at > now()
            """).first?.decode(Int64.self, at: 0)
    }

    /// A new cookie for `accountID` on `deviceID` (replacing that device's previous one).
    func issue(accountID: Int64, deviceID: UUID, on connection: PostgresConnection) async throws -> String {
        let cookie = SecretGenerator.deviceCookie()
        try await connection.execute("""
            INSERT INTO duban.sign_in_devices (account_id, device_id, token_sha256, expires_at)
            VALUES (\(accountID), \(deviceID), \(SHA256Digest.hex(of: cookie)), now() + make_interval(secs => \(ttlSeconds)))
            ON CONFLICT (account_id, device_id) DO UPDATE
               SET token_sha256 = excluded.token_sha256, created_at = now(), last_used_at = now(), expires_at = excluded.expires_at
            """)
        return cookie
    }

    /// A successful sign-in with the cookie `id`: it lasts another full term.
    func touch(_ id: Int64, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            UPDATE duban.sign_in_devices SET last_used_at = now(), expires_at = now() + make_interval(secs => \(ttlSeconds))
             WHERE id = \(id)
            """)
    }

    /// Voids the cookie `id` (too many failures with it): its device signs in as a stranger again.
    func void(_ id: Int64, on connection: PostgresConnection) async throws {
        try await connection.execute("DELETE FROM duban.sign_in_devices WHERE id = \(id)")
    }

    private var ttlSeconds: Double { Double(settings.deviceCookieTTL.wholeSeconds) }
}
