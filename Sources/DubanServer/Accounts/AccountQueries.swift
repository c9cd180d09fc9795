import DubanCore
import Foundation
import Postgres

/// Reading accounts and units as the API shows them (within the caller's row-level scope).
enum AccountQueries {
    /// Who created an account and who last reset it are read by name from the row, so that a server
    /// answers sign-ins while `migrate` is still to add those columns (they read as absent until then).
    static let accountColumns = """
        a.login, a.display_name, a.role, u.code, u.name, a.disabled_at IS NOT NULL, a.must_change_password,
        a.created_at, a.last_sign_in_at, duban.account_login((to_jsonb(a) ->> 'created_by')::bigint),
        (to_jsonb(a) ->> 'password_reset_at')::timestamptz, duban.account_login((to_jsonb(a) ->> 'password_reset_by')::bigint)
        """

    static func account(from row: PostgresRow) throws -> AccountInfo {
        AccountInfo(
            login: try row.decode(String.self, at: 0), displayName: try row.decode(String.self, at: 1),
            role: AccountRole(rawValue: try row.decode(String.self, at: 2)) ?? .staff,
            unitCode: try row.decode(String.self, at: 3), unitName: try row.decode(String.self, at: 4),
            disabled: try row.decode(Bool.self, at: 5), mustChangePassword: try row.decode(Bool.self, at: 6),
            createdAt: try row.decode(Date.self, at: 7), lastSignInAt: try row.decodeIfPresent(Date.self, at: 8),
            createdBy: try row.decodeIfPresent(String.self, at: 9), passwordResetAt: try row.decodeIfPresent(Date.self, at: 10),
            passwordResetBy: try row.decodeIfPresent(String.self, at: 11))
    }

    static func account(id: Int64, on connection: PostgresConnection) async throws -> AccountInfo {
        let rows = try await connection.query("""
            SELECT \(unescaped: accountColumns) FROM duban.accounts a JOIN duban.units u ON u.id = a.unit_id WHERE a.id = \(id)
            """)
        guard let row = rows.first else { throw APIError.invalidToken }
        return try account(from: row)
    }

    static func account(login: String, on connection: PostgresConnection) async throws -> (id: Int64, info: AccountInfo) {
        let rows = try await connection.query("""
            SELECT \(unescaped: accountColumns), a.id FROM duban.accounts a JOIN duban.units u ON u.id = a.unit_id
             WHERE a.login = \(login.lowercased())
            """)
        guard let row = rows.first else { throw DomainError.accountNotFound(login) }
        return (try row.decode(Int64.self, at: 12), try account(from: row))
    }

    static func units(on connection: PostgresConnection, code: String? = nil) async throws -> [UnitInfo] {
        let rows = try await connection.query("""
            SELECT u.code, u.name, u.kind, p.code, u.active,
                   coalesce(array(SELECT a.alias FROM duban.unit_aliases a WHERE a.unit_id = u.id ORDER BY a.alias), '{}')
              FROM duban.units u LEFT JOIN duban.units p ON p.id = u.parent_id
             WHERE \(code)::text IS NULL OR u.code = \(code)
             ORDER BY u.code
            """)
        return try rows.map { row in
            UnitInfo(code: try row.decode(String.self, at: 0), name: try row.decode(String.self, at: 1),
                     kind: UnitKind(rawValue: try row.decode(String.self, at: 2)) ?? .other,
                     parentCode: try row.decodeIfPresent(String.self, at: 3), aliases: try row.decode([String].self, at: 5),
                     active: try row.decode(Bool.self, at: 4))
        }
    }
}
