import DubanCore
import Postgres

/// The server must log in as a role to which row-level security applies: not a superuser, not a
/// role with BYPASSRLS, not the owner of Duban's tables nor a member of the owner's role (one
/// `SET ROLE` away from the owner, to whom the owner's policy applies). Any of those would silently switch off every policy the database enforces.
public enum ServerRoleCheck {
    /// Why `serve` refuses to start.
    public struct Refusal: Error, CustomStringConvertible, Sendable {
        public var code = "serve.privileged_role"
        public var message: LocalizedText
        public var description: String { message.en }
    }

    /// Nil when the connection's role is fit to serve; else the refusal naming what is wrong.
    public static func refusal(on connection: PostgresConnection) async throws -> Refusal? {
        let row = try await connection.query("""
            SELECT current_user::text, r.rolsuper, r.rolbypassrls,
                   EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                            WHERE n.nspname = 'duban' AND pg_has_role(r.oid, c.relowner, 'MEMBER'))
              FROM pg_roles r WHERE r.rolname = current_user
            """)[0]
        let role = try row.decode(String.self, at: 0)
        var why: [(en: String, zh: String)] = []
        if try row.decode(Bool.self, at: 1) { why.append(("a superuser", "超级用户")) }
        if try row.decode(Bool.self, at: 2) { why.append(("allowed to bypass row-level security (BYPASSRLS)", "可绕过行级安全（BYPASSRLS）")) }
        if try row.decode(Bool.self, at: 3) { why.append(("the owner of Duban's tables or a member of its role", "Duban 数据表的属主或其角色成员")) }
        guard !why.isEmpty else { return nil }
        return Refusal(message: LocalizedText(
            en: "the database role \(role) is \(why.map(\.en).joined(separator: " and ")), so row-level security would not apply; serve as duban_server (PGUSER=duban_server or DUBAN_DATABASE_URL)",
            zh: "数据库角色 \(role) 是\(why.map(\.zh).joined(separator: "、"))，行级安全将不起作用；请以 duban_server 运行（PGUSER=duban_server 或 DUBAN_DATABASE_URL）"))
    }
}
