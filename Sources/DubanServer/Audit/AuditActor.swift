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

    /// States `actor` for the current transaction only.
    static func set(_ actor: String, on connection: PostgresConnection) async throws {
        try await connection.execute("SELECT set_config('duban.actor', \(actor), true)")
    }
}
