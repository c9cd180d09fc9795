import DubanCore
import Foundation
import Hummingbird
import Postgres

/// Reads `Authorization: Bearer …`, looks the token's hash up, and puts the caller in the context.
/// It never refuses a request itself: each route's `Access` decides.
struct AuthenticationMiddleware: RouterMiddleware {
    let database: AppDatabase
    let settings: AuthSettings

    func handle(_ request: Request, context: DubanRequestContext,
                next: (Request, DubanRequestContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        var context = context
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", parts[1].utf8.count <= 200 else {
            context.presentedInvalidToken = true
            return try await next(request, context)
        }
        let hash = SHA256Digest.hex(of: String(parts[1]))
        let ttl = settings.sessionTTL.wholeSeconds
        let rows = try await database.pool.withConnection { connection in
            try await connection.query("""
                SELECT session_id, account_id, unit_id, role, device_id, must_change_password, expires_at, disabled
                  FROM duban.session_for_token(\(hash), make_interval(secs => \(Double(ttl))))
                """)
        }
        if let row = rows.first, try row.decode(Bool.self, at: 7) {
            context.presentedDisabledAccount = true
        } else if let row = rows.first, let role = AccountRole(rawValue: try row.decode(String.self, at: 3)) {
            context.identity = Identity(
                accountID: try row.decode(Int64.self, at: 1), unitID: try row.decode(Int64.self, at: 2), role: role,
                deviceID: try row.decode(UUID.self, at: 4), sessionID: try row.decode(Int64.self, at: 0),
                mustChangePassword: try row.decode(Bool.self, at: 5), expiresAt: try row.decode(Date.self, at: 6),
                clientAddress: context.remoteAddress)
            context.logger[metadataKey: "account_id"] = "\(context.identity!.accountID)"
        } else {
            context.presentedInvalidToken = true
        }
        return try await next(request, context)
    }
}
