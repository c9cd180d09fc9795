import DubanCore
import DubanTestSupport
import Foundation
import Postgres
import Testing

/// What each role may see, through the real binaries: an admin syncs and sees no unit's reports; a
/// unit sees who holds accounts in it and who created them; a unit that starts leading a task
/// receives the task's earlier history on its next sync.
@Suite(.serialized) struct LeastPrivilegeCLITests {
    @Test func anAdminSeesNoUnitsReportsAndAUnitSeesWhoHoldsItsAccounts() async throws {
        try await SyncWorld.with { world in
            _ = try await world.addStaff("tianma1", unit: "jd-tianma")
            let office = try await world.device("tianma1")
            defer { office.remove() }
            let secret = "仅供牵头单位审阅的内容"
            try await office.ok(["report", "new", "--task", "9", "--node", "1", "--text", secret, "--quantity", "parks_built=1"])
            try await office.ok(["sync"])

            // The admin's sync brings the plan, never a unit's report.
            let synced = try await world.admin.run(["sync"])
            #expect(synced.status == 0, "\(synced.stderr)")
            let listed = try await world.admin.run(["report", "list", "--format", "json"])
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(!listed.stdout.contains(secret), "the admin's cache holds a unit's report: \(listed.stdout)")
            #expect(try WireJSON.decoder().decode([ListedReport].self, from: Data(listed.stdout.utf8)).isEmpty)
            let plan = try await world.admin.run(["assignments", "--format", "json"])
            #expect(plan.status == 0 && plan.stdout.contains("jd-tianma"), "the admin still sees the plan: \(plan.stdout) \(plan.stderr)")

            // The unit sees its accounts: who created each (the admin) and when.
            let accounts = try await office.ok(["accounts", "--format", "json"])
            let list = try WireJSON.decoder().decode(AccountList.self, from: Data(accounts.utf8)).accounts
            #expect(list.map(\.login) == ["tianma1"], "\(accounts)")
            #expect(list.first?.createdBy == "admin", "\(accounts)")
            // Another unit's accounts are not its to see.
            let other = try await office.run(["accounts", "--unit", "zjj"])
            #expect(other.status != 0 && other.stderr.contains("accounts of their own unit only"), "\(other.stderr)")
            // A reset by the admin shows with the admin's login.
            let reset = try await world.admin.run(["admin", "account", "reset-password", "tianma1"])
            #expect(reset.status == 0, "\(reset.stderr)")
            let byOffice = try await world.admin.run(["accounts", "--unit", "jd-tianma", "--format", "json"])
            let after = try WireJSON.decoder().decode(AccountList.self, from: Data(byOffice.stdout.utf8)).accounts
            #expect(after.first?.passwordResetBy == "admin" && after.first?.passwordResetAt != nil, "\(byOffice.stdout)")
        }
    }

    @Test func aUnitThatStartsLeadingATaskReceivesItsEarlierHistory() async throws {
        try await SyncWorld.with { world in
            let owner = try await PostgresConnection.connect(world.database, logger: TestDatabase.defaultLogger)
            defer { owner.close() }
            // A unit with no part in task 9.
            let outsider = try #require(try await owner.query("""
                SELECT code FROM duban.units u WHERE kind NOT IN ('district_government', 'supervision_office') AND NOT EXISTS (
                    SELECT 1 FROM duban.assignments a JOIN duban.tasks t ON t.id = a.task_id WHERE t.number = 9 AND a.unit_id = u.id)
                 ORDER BY code LIMIT 1
                """).first, "a unit with no part in task 9").decode(String.self, at: 0)
            _ = try await world.addStaff("zjj1", unit: "zjj")
            _ = try await world.addStaff("tianma1", unit: "jd-tianma")
            _ = try await world.addStaff("fgj1", unit: outsider)
            let lead = try await world.device("zjj1")
            let office = try await world.device("tianma1")
            let newcomer = try await world.device("fgj1")
            defer {
                lead.remove()
                office.remove()
                newcomer.remove()
            }
            // Task 9's history: a report, a return with a reason.
            let created = try await office.ok(["report", "new", "--task", "9", "--node", "1", "--text", "初稿",
                                               "--quantity", "parks_built=1"])
            let id = try #require(Device.reportId(in: created))
            try await office.ok(["sync"])
            try await lead.ok(["sync"])
            try await lead.ok(["review", "return", id, "--reason", "缺少健身路径数量"])
            // The newcomer's cursor passes all of it while it cannot see task 9.
            try await newcomer.ok(["sync"])
            #expect(try await newcomer.reviews().isEmpty)

            // The plan now names it a lead unit of task 9 too.
            try await owner.execute("""
                INSERT INTO duban.assignments (task_id, unit_id, role, written_as)
                SELECT t.id, u.id, 'lead', u.name FROM duban.tasks t, duban.units u WHERE t.number = 9 AND u.code = \(outsider)
                """)

            let synced = try await newcomer.ok(["sync"])
            let listed = try await newcomer.reviews()
            #expect(listed.count == 1, "one sync brings task 9's report: \(synced) \(listed)")
            #expect(listed.first?.unitCode == "jd-tianma" && listed.first?.state == "returned", "\(listed)")
            #expect(listed.first?.lastReason == "缺少健身路径数量", "the review came with the history: \(listed)")
            // Nothing more is due: a second sync fetches nothing again.
            let again = try await newcomer.ok(["sync"])
            #expect(again.contains("pulled 0"), "\(again)")
        }
    }
}
