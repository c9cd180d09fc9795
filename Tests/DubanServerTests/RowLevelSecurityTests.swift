import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Postgres
import Testing

/// The database itself keeps each unit to its own rows, whatever query the server sends.
@Suite struct RowLevelSecurityTests {
    /// Runs `body` as duban_server in a transaction scoped like a request of `login`.
    static func asAccount<T: Sendable>(_ login: String?, fixture: AuthFixture,
                                       _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
        defer { owner.close() }
        var scope: (String, String, String)?
        if let login {
            let row = try await owner.query("SELECT id, unit_id, role FROM duban.accounts WHERE login = \(login)")[0]
            scope = (row[0]!, row[1]!, row[2]!)
        }
        let app = try await PostgresConnection.connect(TestDatabase.serverRole(fixture.configuration), logger: Fixtures.logger)
        defer { app.close() }
        return try await app.transaction { connection in
            if let scope {
                try await connection.execute("""
                    SELECT set_config('duban.account_id', \(scope.0), true), set_config('duban.unit_id', \(scope.1), true),
                           set_config('duban.role', \(scope.2), true)
                    """)
            }
            return try await body(connection)
        }
    }

    static func count(_ table: String, on connection: PostgresConnection) async throws -> Int {
        // Deliberately no WHERE: the policies alone decide.
        try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM duban.\(table)"))[0].decode(Int.self, at: 0)
    }

    @Test func aQueryWithoutUnitFilterStillSeesOnlyTheCallersRows() async throws {
        try await AuthFixture.with { fixture in
            try await Self.asAccount("tianma1", fixture: fixture) { connection in
                #expect(try await Self.count("assignments", on: connection) == 1)
                let units = try await connection.query("SELECT DISTINCT u.code FROM duban.assignments a JOIN duban.units u ON u.id = a.unit_id")
                #expect(units.map { $0[0] } == ["jd-tianma"])
                #expect(try await Self.count("accounts", on: connection) == 1)
                #expect(try await Self.count("audit_log", on: connection) == 0)
                #expect(try await Self.count("units", on: connection) == 19, "the unit list is common knowledge")
            }
            let leadSees = try await Self.asAccount("zjj1", fixture: fixture) { connection in
                try await Self.count("assignments", on: connection)
            }
            #expect(leadSees == 25)
            for table in ["assignments", "accounts", "units", "tasks", "plans", "sessions", "audit_log"] {
                let seen = try await Self.asAccount(nil, fixture: fixture) { connection in
                    try await Self.count(table, on: connection)
                }
                #expect(seen == 0, "\(table) without a caller")
            }
        }
    }

    @Test func staffCannotChangeOtherAccountsOrTheirOwnRole() async throws {
        try await AuthFixture.with { fixture in
            try await Self.asAccount("tianma1", fixture: fixture) { connection in
                // Another unit's account is invisible, so nothing is updated.
                let touched = try await connection.execute("UPDATE duban.accounts SET password_hash = 'x' WHERE login = 'jiahe1'")
                #expect(touched == 0)
            }
            let error = await #expect(throws: PostgresError.self) {
                try await Self.asAccount("tianma1", fixture: fixture) { connection in
                    try await connection.execute("UPDATE duban.accounts SET role = 'admin' WHERE login = 'tianma1'")
                }
            }
            #expect(error?.sqlState == "42501")
            let insert = await #expect(throws: PostgresError.self) {
                try await Self.asAccount("tianma1", fixture: fixture) { connection in
                    try await connection.execute("""
                        INSERT INTO duban.units (code, name, kind) VALUES ('rogue', '冒名单位', 'bureau')
                        """)
                }
            }
            #expect(insert?.sqlState == "42501")
        }
    }

    @Test func theServerRoleCannotRewriteTheAuditTrail() async throws {
        try await AuthFixture.with { fixture in
            try await Self.asAccount("admin", fixture: fixture) { connection in
                try await connection.execute("""
                    INSERT INTO duban.audit_log (action, entity_type, entity_id) VALUES ('test.entry', 'test', '1')
                    """)
            }
            for statement in ["UPDATE duban.audit_log SET action = 'test.forged'", "DELETE FROM duban.audit_log",
                              "TRUNCATE duban.audit_log"] {
                let error = await #expect(throws: PostgresError.self) {
                    try await Self.asAccount("admin", fixture: fixture) { connection in
                        try await connection.execute(PostgresQuery(unsafeSQL: statement))
                    }
                }
                #expect(error?.sqlState == "42501", "\(statement)")
            }
        }
    }

    @Test func theServerRoleIsNeitherSuperuserNorOwner() async throws {
        try await AuthFixture.with { fixture in
            let app = try await PostgresConnection.connect(TestDatabase.serverRole(fixture.configuration), logger: Fixtures.logger)
            defer { app.close() }
            let role = try await app.query("""
                SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user
                """)[0]
            for column in 0..<4 { #expect(try role.decode(Bool.self, at: column) == false) }
            let owned = try await app.query("""
                SELECT count(*) FROM pg_tables WHERE schemaname = 'duban' AND tableowner = current_user
                """)
            #expect(try owned[0].decode(Int.self, at: 0) == 0)
            let unpoliced = try await app.query("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'duban' AND c.relkind = 'r' AND NOT c.relrowsecurity
                   AND has_table_privilege(current_user, c.oid, 'SELECT')
                   AND c.relname NOT IN ('schema_migrations', 'schema_objects', 'sign_in_throttle', 'server_epoch',
                                         'change_counter', 'reference_counter', 'audit_chain')
                """).map { $0[0] ?? "" }
            // Bookkeeping (migrations, sign-in counts, epoch, counters, the audit chain's head) holds no
            // unit's data; every other table is policed.
            #expect(unpoliced.isEmpty, "tables the server reads without row-level security: \(unpoliced)")
        }
    }

    @Test func theOversightRoleReadsEveryViewAndNothingElse() async throws {
        try await AuthFixture.with { fixture in
            let superuser = try await PostgresConnection.connect(TestDatabase.superuser(fixture.configuration),
                                                                 logger: Fixtures.logger)
            defer { superuser.close() }
            let views = try await superuser.query("""
                SELECT table_name FROM information_schema.views WHERE table_schema = 'oversight' ORDER BY 1
                """).map { $0[0]! }
            #expect(Set(["report_timeliness", "node_completeness", "unit_timeliness", "overdue", "status_lights", "task_progress",
                         "reports", "urges", "circulars"]).isSubset(of: Set(views)), "\(views)")
            let tables = try await superuser.query("""
                SELECT tablename FROM pg_tables WHERE schemaname = 'duban'
                UNION ALL SELECT table_name FROM information_schema.views WHERE table_schema = 'duban' ORDER BY 1
                """).map { $0[0]! }
            #expect(tables.contains("report_expectations"))
            let baseWritable = try await superuser.query("""
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'duban' AND c.relkind IN ('r', 'v', 'p')
                   AND (has_table_privilege('duban_oversight', c.oid, 'SELECT')
                     OR has_table_privilege('duban_oversight', c.oid, 'INSERT')
                     OR has_table_privilege('duban_oversight', c.oid, 'UPDATE')
                     OR has_table_privilege('duban_oversight', c.oid, 'DELETE'))
                """)
            #expect(try baseWritable[0].decode(Int.self, at: 0) == 0, "no privilege at all on a base table or internal view")
            try await superuser.execute("SET ROLE duban_oversight")
            for view in views {
                let rows = try await superuser.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM oversight.\(view)"))
                #expect(try rows[0].decode(Int.self, at: 0) >= 0)
            }
            let assignments = try await superuser.query("SELECT count(*) FROM oversight.assignments")
            #expect(try assignments[0].decode(Int.self, at: 0) == 25, "oversight sees every unit")
            for table in tables {
                let error = await #expect(throws: PostgresError.self) {
                    try await superuser.query(PostgresQuery(unsafeSQL: "SELECT 1 FROM duban.\(table) LIMIT 1"))
                }
                #expect(error?.sqlState == "42501", "duban.\(table)")
            }
            for statement in ["INSERT INTO duban.urges (task_id, unit_id, node_id, message, timeliness, account_id, created_at) VALUES (1, 1, 1, 'x', 'late', 1, now())",
                              "UPDATE duban.circulars SET title = 'x'", "DELETE FROM duban.status_lights",
                              "INSERT INTO oversight.units (code, name, kind) VALUES ('x', 'x', 'bureau')",
                              "UPDATE oversight.accounts SET role = 'admin'", "DELETE FROM oversight.audit_log"] {
                let error = await #expect(throws: PostgresError.self) {
                    try await superuser.execute(PostgresQuery(unsafeSQL: statement))
                }
                // 42501: no privilege; 55000: a view over joins is not writable at all.
                #expect(["42501", "55000"].contains(error?.sqlState), "\(statement)")
            }
            let writable = try await superuser.query("""
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'oversight'
                   AND (has_table_privilege('duban_oversight', c.oid, 'INSERT')
                     OR has_table_privilege('duban_oversight', c.oid, 'UPDATE')
                     OR has_table_privilege('duban_oversight', c.oid, 'DELETE'))
                """)
            #expect(try writable[0].decode(Int.self, at: 0) == 0)
            let login = try await superuser.query("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'duban_oversight'")
            #expect(try login[0].decode(Bool.self, at: 0) == false, "no login by default")
        }
    }
}
