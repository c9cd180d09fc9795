import DubanCore
import Postgres

/// The server's way into PostgreSQL: every request's work runs in one transaction that first states
/// who is calling (`set_config(…, true)`, i.e. SET LOCAL), so the row-level security policies of
/// `SQL/migrations` apply even where a query forgot its filter.
public struct AppDatabase: Sendable {
    public let pool: PostgresConnectionPool

    public init(pool: PostgresConnectionPool) {
        self.pool = pool
    }

    /// Runs `body` in a transaction scoped to `identity` (or to nobody, for sign-in and public routes).
    public func transaction<T: Sendable>(
        as identity: Identity?,
        isolation: PostgresIsolationLevel = .readCommitted,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await pool.transaction(isolation: isolation) { connection in
            Self.setScope(identity, on: connection)
            return try await body(connection)
        }
    }

    /// States the caller for the current transaction only. The statement travels with the
    /// transaction's first query (and its BEGIN), in one round trip.
    static func setScope(_ identity: Identity?, on connection: PostgresConnection) {
        let accountID = identity.map { String($0.accountID) } ?? ""
        let unitID = identity.map { String($0.unitID) } ?? ""
        let role = identity?.role.rawValue ?? ""
        let device = identity?.deviceID.uuidString.lowercased() ?? ""
        connection.sendWithNext("""
            SELECT set_config('duban.account_id', \(accountID), true), set_config('duban.unit_id', \(unitID), true),
                   set_config('duban.role', \(role), true), set_config('duban.device_id', \(device), true)
            """)
    }

    /// Appends an entry to the audit trail in the caller's transaction. Who and when are stamped by
    /// the database from the transaction's scope; `detail` must never hold a password or token.
    static func audit(_ action: String, entityType: String, entityID: String?, detail: [String: String] = [:],
                      on connection: PostgresConnection) async throws {
        let json = String(decoding: try WireJSON.encoder().encode(detail), as: UTF8.self)
        try await connection.execute("""
            INSERT INTO duban.audit_log (action, entity_type, entity_id, detail)
            VALUES (\(action), \(entityType), \(entityID), \(json)::jsonb)
            """)
    }
}
