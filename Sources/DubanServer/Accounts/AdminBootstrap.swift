import DubanCore
import Foundation
import Postgres

/// Creates the first admin account, once (`duban-server bootstrap-admin`), as the database owner.
public struct AdminBootstrap: Sendable {
    public let hasher: PasswordHasher

    public init(hasher: PasswordHasher) {
        self.hasher = hasher
    }

    public func run(login rawLogin: String, unitCode: String, displayName: String,
                    on connection: PostgresConnection) async throws -> AccountWithPassword {
        let login = rawLogin.lowercased()
        guard Validation.isLogin(login) else { throw BootstrapError.badLogin(rawLogin) }
        let password = SecretGenerator.oneTimePassword()
        let hash = await hasher.hash(password)
        return try await connection.transaction { connection in
            try await AuditActor.set(AuditActor.command("bootstrap-admin"), on: connection)
            try await connection.execute("SELECT pg_advisory_xact_lock(\(ImportLock.key))")
            let admins = try await connection.query("SELECT count(*) FROM duban.accounts WHERE role = 'admin'")
            guard try admins[0].decode(Int.self, at: 0) == 0 else { throw BootstrapError.adminExists }
            guard let unit = try await connection.query("SELECT id FROM duban.units WHERE code = \(unitCode)").first else {
                throw BootstrapError.unknownUnit(unitCode)
            }
            let id = try await connection.query("""
                INSERT INTO duban.accounts (unit_id, login, display_name, role, password_hash, must_change_password)
                VALUES (\(try unit.decode(Int64.self, at: 0)), \(login), \(displayName), 'admin', \(hash), true)
                RETURNING id
                """)[0].decode(Int64.self, at: 0)
            try await AppDatabase.audit("account.bootstrap", entityType: "account", entityID: login,
                                        detail: ["unit": unitCode], on: connection)
            return AccountWithPassword(account: try await AccountQueries.account(id: id, on: connection),
                                       oneTimePassword: password)
        }
    }
}

/// Why `bootstrap-admin` refused.
public struct BootstrapError: Error, CustomStringConvertible, Sendable {
    public var code: String
    public var message: LocalizedText
    public var description: String { message.en }

    static let adminExists = BootstrapError(
        code: "bootstrap.admin_exists",
        message: .init(en: "an admin account already exists; use duban admin account … to manage accounts",
                       zh: "已存在管理员账号；请用 duban admin account … 管理账号"))

    static func unknownUnit(_ code: String) -> BootstrapError {
        .init(code: "bootstrap.unknown_unit",
              message: .init(en: "no unit \(code): import the roster first (duban-server import-units)",
                             zh: "单位 \(code) 不存在：请先导入单位名册（duban-server import-units）"))
    }

    static func badLogin(_ login: String) -> BootstrapError {
        .init(code: "bootstrap.bad_login",
              message: .init(en: "\(login) is not a valid login (2–64 characters: a-z, 0-9, '.', '_', '-')",
                             zh: "\(login) 不是有效的账号名（2 至 64 个字符：a-z、0-9、“.”、“_”、“-”）"))
    }
}
