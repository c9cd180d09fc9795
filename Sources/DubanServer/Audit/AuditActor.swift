import Foundation
import Postgres

/// Who changes data without an account: an import or another `duban-server` command run as the
/// database owner. The name goes to `duban.actor` for the transaction, and every audit entry the
/// change makes carries it (without it the entry names the database role that logged in).
public enum AuditActor {
    /// `duban-server <command>`, with the operating-system user that ran it.
    public static func command(_ name: String, user: String = ProcessInfo.processInfo.userName) -> String {
        String("duban-server \(name) (\(user))".prefix(100))
    }

    /// An admin's import through the API (`POST /v1/admin/plans/import`): the route and the account,
    /// beside the account id, unit and device the request's scope gives every entry.
    public static func admin(_ action: String, accountID: Int64) -> String {
        String("duban admin \(action) (account \(accountID))".prefix(100))
    }

    /// States `actor` for the current transaction only.
    static func set(_ actor: String, on connection: PostgresConnection) async throws {
        try await connection.execute("SELECT set_config('duban.actor', \(actor), true)")
    }
}
