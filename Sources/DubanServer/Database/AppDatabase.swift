import DubanCore
import Postgres

/// The server's way into PostgreSQL: every request's work runs in one transaction that first states
/// who is calling (`set_config(…, true)`, i.e. SET LOCAL), so the row-level security policies of
/// `SQL/migrations` apply even where a query forgot its filter.
public struct AppDatabase: Sendable {
    public let pool: PostgresConnectionPool
    /// Where read-only routes read when it is fresh enough (`DUBAN_READ_DATABASE_URL`); nil: the primary.
    public let replica: ReadReplica?

    public init(pool: PostgresConnectionPool, replica: ReadReplica? = nil) {
        self.pool = pool
        self.replica = replica
    }

    /// Runs `body`, which must only read, in a read-only transaction scoped to `identity`: on the
    /// replica while its lag is within bounds, otherwise (or when the replica cannot be reached) on
    /// the primary. What it reads may be as old as the replica's lag (`ReadReplica.status`).
    public func readTransaction<T: Sendable>(
        as identity: Identity?,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        if let replica, let readPool = replica.poolForRead() {
            do {
                return try await readPool.transaction(isolation: .repeatableRead) { connection in
                    Self.setScope(identity, on: connection)
                    return try await body(connection)
                }
            } catch let error as PostgresError where error.code == .connectionFailed || error.code == .connectionLost
                || error.sqlState == "40001" || error.sqlState == "57P04" {
                // Unreachable, or a read cancelled by a conflict with the replica's recovery (40001) or
                // a database it replayed away (57P04): the primary answers instead.
                replica.markUnreachable(error)
            }
        }
        return try await transaction(as: identity, isolation: .repeatableRead, body)
    }

    /// Runs `body` in a transaction scoped to `identity` (or to nobody, for sign-in and public routes);
    /// `clientAddress` names the caller's address when there is no identity to carry it.
    public func transaction<T: Sendable>(
        as identity: Identity?,
        clientAddress: String? = nil,
        isolation: PostgresIsolationLevel = .readCommitted,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await pool.transaction(isolation: isolation) { connection in
            Self.setScope(identity, clientAddress: clientAddress, on: connection)
            return try await body(connection)
        }
    }

    /// States the caller for the current transaction only. The statement travels with the
    /// transaction's first query (and its BEGIN), in one round trip. `clientAddress` (the request's,
    /// when there is no identity to carry it, as at sign-in) goes to `duban.client_address`, which
    /// the audit trail records with every entry.
    static func setScope(_ identity: Identity?, clientAddress: String? = nil, on connection: PostgresConnection) {
        let accountID = identity.map { String($0.accountID) } ?? ""
        let unitID = identity.map { String($0.unitID) } ?? ""
        let role = identity?.role.rawValue ?? ""
        let device = identity?.deviceID.uuidString.lowercased() ?? ""
        let address = identity?.clientAddress ?? clientAddress ?? ""
        // jit=off here too, for connections behind a transaction pooler that cannot get it at connect
        // (`ServerConfiguration.withSessionSettings`); on others it repeats what is already set.
        connection.sendWithNext("""
            SELECT set_config('duban.account_id', \(accountID), true), set_config('duban.unit_id', \(unitID), true),
                   set_config('duban.role', \(role), true), set_config('duban.device_id', \(device), true),
                   set_config('duban.client_address', \(address), true), set_config('jit', 'off', true)
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
