@testable import DubanServer
import DubanCore
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

/// Who may see and change what, as the documents state it, enforced by the server and again by the
/// database: admins never read a unit's work; a unit never accepts its own report; row-level
/// security applies to the tables' owner too; the feed's rule in memory and in SQL agree.
@Suite struct LeastPrivilegeTests {
    static let secret = "只给牵头单位审阅的内容"

    @Test func anAdminReadsNoUnitsWorkThroughTheAPIOrTheDatabase() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var office = try await TestDevice.signIn("tianma1", client: client)
                var lead = try await TestDevice.signIn("zjj1", client: client)
                var admin = try await TestDevice.signIn("admin", client: client)
                var supervisor = try await TestDevice.signIn("super", client: client)
                let ids = try SyncTests.task9(try #require(try await office.sync(client).reference))
                _ = try await lead.sync(client)
                let report = UUID()
                _ = try await office.sync(client, [try office.write(report: report, task: ids.task, node: ids.node, base: 0,
                                                                    text: Self.secret)])
                _ = try await lead.sync(client, [try lead.review(report: report, revision: 1, decision: .return,
                                                                 reason: "缺少\(Self.secret)")])

                // The feed: the office sees the report and the review; the admin neither.
                let seenByOffice = try await supervisor.pullAll(client)
                #expect(seenByOffice.contains { $0.reportRevision?.text == Self.secret })
                let seenByAdmin = try await admin.pullAll(client)
                #expect(seenByAdmin.allSatisfy { $0.reportRevision == nil && $0.reportReview == nil }, "\(seenByAdmin)")
                // The integrity routes answer nothing of it either (evidence: EvidenceAccessTests).
                let scope = try await client.call(.get, "/v1/sync/scope/\(ids.task)", token: admin.token)
                #expect(scope.status == .ok && !scope.body.contains(Self.secret), "\(scope.body)")
                let verify = try await client.call(.get, "/v1/sync/verify", token: admin.token)
                #expect(verify.status == .ok && !verify.body.contains("\(ids.task)"), "\(verify.body)")
                let history = try await client.call(.get, "/v1/sync/history/\(ids.task)", token: admin.token)
                #expect(history.status == .ok && !history.body.contains(Self.secret), "\(history.body)")
                let officeScope = try await client.call(.get, "/v1/sync/scope/\(ids.task)", token: supervisor.token)
                #expect(officeScope.body.contains(Self.secret), "the office reads it: the check above can fail")
            }
            // The database: the admin's transaction sees no row of a unit's work, whatever the query.
            for table in ["reports", "report_revisions", "report_reviews", "assessments", "extensions", "urges",
                          "supervision_orders", "inspections"] {
                let seen = try await RowLevelSecurityTests.asAccount("admin", fixture: fixture) { connection in
                    try await RowLevelSecurityTests.count(table, on: connection)
                }
                #expect(seen == 0, "admin reads \(table)")
            }
            let byOffice = try await RowLevelSecurityTests.asAccount("super", fixture: fixture) { connection in
                try await RowLevelSecurityTests.count("report_revisions", on: connection)
            }
            #expect(byOffice == 1)
        }
    }

    @Test func theDatabaseRefusesAUnitAcceptingItsOwnReport() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var office = try await TestDevice.signIn("tianma1", client: client)
                var lead = try await TestDevice.signIn("zjj1", client: client)
                let ids = try SyncTests.task9(try #require(try await office.sync(client).reference))
                _ = try await lead.sync(client)
                _ = try await office.sync(client, [try office.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "初稿")])
                // The lead unit's own (consolidated) report on the task it leads.
                _ = try await lead.sync(client, [try lead.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "汇总")])
            }
            // A responsible unit's staff, straight at the database.
            let own = await #expect(throws: PostgresError.self) {
                try await RowLevelSecurityTests.asAccount("tianma1", fixture: fixture) { connection in
                    try await connection.execute("UPDATE duban.reports SET review_state = 'accepted', reviewed_revision = 1")
                }
            }
            #expect(own?.sqlState == "42501", "\(String(describing: own))")
            // The lead unit on its own consolidated report.
            let consolidated = await #expect(throws: PostgresError.self) {
                try await RowLevelSecurityTests.asAccount("zjj1", fixture: fixture) { connection in
                    try await connection.execute("""
                        UPDATE duban.reports SET review_state = 'accepted', reviewed_revision = 1
                         WHERE unit_id = (SELECT id FROM duban.units WHERE code = 'zjj')
                        """)
                }
            }
            #expect(consolidated?.sqlState == "42501", "\(String(describing: consolidated))")
            // The lead unit may still decide on the responsible unit's report.
            let decided = try await RowLevelSecurityTests.asAccount("zjj1", fixture: fixture) { connection in
                try await connection.execute("""
                    UPDATE duban.reports SET review_state = 'returned', reviewed_revision = 1
                     WHERE unit_id = (SELECT id FROM duban.units WHERE code = 'jd-tianma')
                    """)
            }
            #expect(decided == 1)
            // Nor may the unit undo that decision without a new revision.
            let undone = await #expect(throws: PostgresError.self) {
                try await RowLevelSecurityTests.asAccount("tianma1", fixture: fixture) { connection in
                    try await connection.execute("UPDATE duban.reports SET review_state = 'submitted'")
                }
            }
            #expect(undone?.sqlState == "42501", "\(String(describing: undone))")
            // A co-lead of the task decides on neither lead's consolidated report (that is the office's).
            let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
            defer { owner.close() }
            try await owner.execute("""
                UPDATE duban.assignments SET role = 'lead'
                 WHERE unit_id = (SELECT id FROM duban.units WHERE code = 'fgj') AND task_id = (SELECT id FROM duban.tasks WHERE number = 9)
                """)
            try await owner.execute("""
                INSERT INTO duban.assignments (task_id, unit_id, role, written_as)
                SELECT t.id, u.id, 'lead', u.name FROM duban.tasks t, duban.units u
                 WHERE t.number = 9 AND u.code = 'fgj'
                   AND NOT EXISTS (SELECT 1 FROM duban.assignments a WHERE a.task_id = t.id AND a.unit_id = u.id)
                """)
            let byCoLead = try await RowLevelSecurityTests.asAccount("victim", fixture: fixture) { connection in
                try await connection.execute("""
                    UPDATE duban.reports SET review_state = 'accepted', reviewed_revision = 1
                     WHERE unit_id = (SELECT id FROM duban.units WHERE code = 'zjj')
                    """)
            }
            #expect(byCoLead == 0, "a co-lead accepted the other lead's consolidated report")
        }
    }

    @Test func rowLevelSecurityAppliesToTheOwnerToo() async throws {
        try await AuthFixture.with { fixture in
            let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
            defer { owner.close() }
            let unforced = try await owner.query("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'duban' AND c.relkind = 'r' AND c.relrowsecurity
                   AND (NOT c.relforcerowsecurity
                        OR NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = c.relname || '_owner'))
                 ORDER BY 1
                """).map { try $0.decode(String.self, at: 0) }
            #expect(unforced.isEmpty, "tables whose policies the owner bypasses: \(unforced)")
            let policed = try await owner.query("""
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'duban' AND c.relkind = 'r' AND c.relrowsecurity
                """)[0].decode(Int.self, at: 0)
            #expect(policed >= 20)

            // The owner with a unit's account set (a server misconfigured to run as the owner) reads
            // nothing of that unit's rows; without one (the migrator, the importers) it reads all.
            let unit = try await owner.query("SELECT id FROM duban.units WHERE code = 'jd-tianma'")[0].decode(Int64.self, at: 0)
            let scoped = try await owner.transaction { connection in
                try await connection.execute("""
                    SELECT set_config('duban.role', 'staff', true), set_config('duban.unit_id', \(String(unit)), true)
                    """)
                return try await connection.query("SELECT count(*) FROM duban.assignments")[0].decode(Int.self, at: 0)
            }
            #expect(scoped == 0)
            let unscoped = try await owner.query("SELECT count(*) FROM duban.assignments")[0].decode(Int.self, at: 0)
            #expect(unscoped > 0)
        }
    }

    /// The feed's rule in memory (`ChangeScope`, from `AccountRole.reach`) and the database's
    /// `changes_read` policy (`duban.may_read`) give each role the same changes.
    @Test func theFeedsRuleAndTheDatabasesPolicyAgreeForEveryRole() async throws {
        try await AuthFixture.with { fixture in
            let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
            defer { owner.close() }
            let units = try await owner.query("SELECT id FROM duban.units WHERE code IN ('zjj', 'jd-tianma', 'yf', 'dcjxb') ORDER BY id")
                .map { try $0.decode(Int64.self, at: 0) }
            let tasks = try await owner.query("""
                SELECT id FROM duban.tasks WHERE number IN (1, 2, 9) AND plan_id = (SELECT min(id) FROM duban.plans) ORDER BY id
                """).map { try $0.decode(Int64.self, at: 0) }
            var all: [(seq: Int64, unit: Int64?, task: Int64?)] = []
            for unit in [nil] + units.map(Optional.some) {
                for task in [nil] + tasks.map(Optional.some) {
                    let seq = try await owner.query("""
                        SELECT duban.record_change('test', 'x', \(unit), \(task), '{}'::jsonb)
                        """)[0].decode(Int64.self, at: 0)
                    all.append((seq, unit, task))
                }
            }
            for login in ["admin", "super", "audit", "zjj1", "tianma1"] {
                let account = try await owner.query("SELECT unit_id, role FROM duban.accounts WHERE login = \(login)")[0]
                let unit = try account.decode(Int64.self, at: 0)
                let role = try #require(AccountRole(rawValue: try account.decode(String.self, at: 1)))
                let led = try await owner.query("""
                    SELECT task_id FROM duban.assignments WHERE unit_id = \(unit) AND role = 'lead'
                    """).map { try $0.decode(Int64.self, at: 0) }
                let scope = ChangeScope(unitID: unit, reach: role.reach, ledTasks: Set(led))
                let expected = all.filter { scope.sees(unitID: $0.unit, taskID: $0.task) }.map(\.seq)
                let bySQL = try await RowLevelSecurityTests.asAccount(login, fixture: fixture) { connection in
                    try await connection.query("SELECT seq FROM duban.changes WHERE entity_type = 'test' ORDER BY seq")
                        .map { try $0.decode(Int64.self, at: 0) }
                }
                #expect(bySQL == expected, "\(login) (\(role))")
                let byPull = try await owner.transaction { connection in
                    try await scope.changes(after: 0, limit: 10_000, rangeScanFromLedTasks: 1000, on: connection)
                        .map { try $0.decode(Int64.self, at: 0) }
                }
                #expect(byPull.filter(Set(all.map(\.seq)).contains) == expected, "\(login) (\(role)): the pull's SQL")
            }
        }
    }
}
