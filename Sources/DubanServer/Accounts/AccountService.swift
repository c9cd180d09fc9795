import DubanCore
import Foundation
import Postgres

/// Accounts: list, create (with a one-time password), disable, enable, reset a password, revoke
/// sessions. Every change is audited in its own transaction.
struct AccountService: Sendable {
    let database: AppDatabase
    let hasher: PasswordHasher

    /// The accounts `identity` may see: a unit's staff see their own unit's (who holds an account in
    /// my unit, who created it, who last reset it); the office, oversight and admins every unit's,
    /// or one unit's.
    func visible(unit: String?, identity: Identity) async throws -> AccountList {
        guard identity.role == .staff else { return try await list(unit: unit, identity: identity) }
        let own = try await database.transaction(as: identity) { connection in
            try await connection.query("SELECT code FROM duban.units WHERE id = \(identity.unitID)")[0].decode(String.self, at: 0)
        }
        if let unit, unit != own {
            throw DomainError(.forbidden, code: "accounts.other_unit",
                              message: LocalizedText(en: "a unit's staff see the accounts of their own unit only",
                                                     zh: "单位工作人员只能查看本单位的账号"))
        }
        return try await list(unit: own, identity: identity)
    }

    /// Every account, or those of one unit.
    func list(unit: String?, identity: Identity) async throws -> AccountList {
        try await database.transaction(as: identity) { connection in
            let rows = try await connection.query("""
                SELECT \(unescaped: AccountQueries.accountColumns)
                  FROM duban.accounts a JOIN duban.units u ON u.id = a.unit_id
                 WHERE \(unit)::text IS NULL OR u.code = \(unit)
                 ORDER BY u.code, a.login
                """)
            return AccountList(accounts: try rows.map(AccountQueries.account(from:)))
        }
    }

    func disable(login: String, by identity: Identity) async throws -> AccountInfo {
        try await database.transaction(as: identity) { connection in
            let account = try await AccountQueries.account(login: login, on: connection)
            guard account.id != identity.accountID else {
                throw DomainError.invalid("account.disable_self", en: "you cannot disable your own account", zh: "不能停用自己的账号")
            }
            try await connection.execute("""
                UPDATE duban.accounts SET disabled_at = coalesce(disabled_at, now()) WHERE id = \(account.id)
                """)
            try await revokeSessions(of: account.id, on: connection)
            try await AppDatabase.audit("account.disable", entityType: "account", entityID: account.info.login, on: connection)
            return try await AccountQueries.account(id: account.id, on: connection)
        }
    }

    func enable(login: String, by identity: Identity) async throws -> AccountInfo {
        try await database.transaction(as: identity) { connection in
            let account = try await AccountQueries.account(login: login, on: connection)
            try await connection.execute("UPDATE duban.accounts SET disabled_at = NULL WHERE id = \(account.id)")
            try await AppDatabase.audit("account.enable", entityType: "account", entityID: account.info.login, on: connection)
            return try await AccountQueries.account(id: account.id, on: connection)
        }
    }

    /// A new one-time password; the account must change it at its next sign-in, and its sessions end.
    func resetPassword(login: String, by identity: Identity) async throws -> AccountWithPassword {
        let password = SecretGenerator.oneTimePassword()
        let hash = await hasher.hash(password)
        return try await database.transaction(as: identity) { connection in
            let account = try await AccountQueries.account(login: login, on: connection)
            try await connection.execute("""
                UPDATE duban.accounts SET password_hash = \(hash), must_change_password = true, password_changed_at = now()
                 WHERE id = \(account.id)
                """)
            try await revokeSessions(of: account.id, on: connection)
            try await AppDatabase.audit("account.reset_password", entityType: "account", entityID: account.info.login,
                                        on: connection)
            return AccountWithPassword(account: try await AccountQueries.account(id: account.id, on: connection),
                                       oneTimePassword: password)
        }
    }

    func revokeSessions(login: String, by identity: Identity) async throws -> RevokedSessions {
        try await database.transaction(as: identity) { connection in
            let account = try await AccountQueries.account(login: login, on: connection)
            let count = try await revokeSessions(of: account.id, on: connection)
            try await AppDatabase.audit("account.revoke_sessions", entityType: "account", entityID: account.info.login,
                                        detail: ["revoked": String(count)], on: connection)
            return RevokedSessions(revoked: count)
        }
    }

    func create(_ body: CreateAccountRequest, by identity: Identity) async throws -> AccountWithPassword {
        let login = body.login.trimmingCharacters(in: .whitespaces).lowercased()
        guard Validation.isLogin(login) else {
            throw DomainError.invalid("account.bad_login",
                                   en: "a login has 2 to 64 characters: a-z, 0-9, '.', '_' or '-', starting with a letter or digit",
                                   zh: "账号名须为 2 至 64 个字符：a-z、0-9、“.”、“_”或“-”，以字母或数字开头")
        }
        let name = try Validation.checkDisplayName(body.displayName)
        let password = SecretGenerator.oneTimePassword()
        let hash = await hasher.hash(password)
        return try await database.transaction(as: identity) { connection in
            let units = try await connection.query(
                "SELECT id, active FROM duban.units WHERE code = \(body.unitCode)")
            guard let unit = units.first else { throw DomainError.unitNotFound(body.unitCode) }
            guard try unit.decode(Bool.self, at: 1) else {
                throw DomainError.invalid("unit.disabled", en: "unit \(body.unitCode) is disabled", zh: "单位 \(body.unitCode) 已停用")
            }
            let id: Int64
            do {
                id = try await connection.query("""
                    INSERT INTO duban.accounts (unit_id, login, display_name, role, password_hash, must_change_password)
                    VALUES (\(try unit.decode(Int64.self, at: 0)), \(login), \(name), \(body.role.rawValue), \(hash), true)
                    RETURNING id
                    """)[0].decode(Int64.self, at: 0)
            } catch let error as PostgresError where error.isUniqueViolation {
                throw DomainError.refused("account.login_taken", en: "login \(login) is taken", zh: "账号名 \(login) 已被使用")
            }
            try await AppDatabase.audit("account.create", entityType: "account", entityID: login,
                                        detail: ["role": body.role.rawValue, "unit": body.unitCode], on: connection)
            return AccountWithPassword(account: try await AccountQueries.account(id: id, on: connection), oneTimePassword: password)
        }
    }

    @discardableResult
    private func revokeSessions(of accountID: Int64, on connection: PostgresConnection) async throws -> Int {
        try await connection.execute("""
            UPDATE duban.sessions SET revoked_at = now() WHERE account_id = \(accountID) AND revoked_at IS NULL
            """)
    }
}
