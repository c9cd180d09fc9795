import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

/// Oversight metrics (DHIS2 definitions) against hand-counted expectations, for both tiers, and the
/// SQL views against the API.
@Suite struct OversightTests {
    /// Task 9 at its first node (2022-03-28; responsible units due 03-25): two leads, twelve responsible units.
    /// tianma on time, jiahe one day late, baisha exempted, fgj on time within an extension to 03-27,
    /// eight responsible units missing; lead zjj on time, lead wtglj missing.
    static func playTask9(client: some TestClientProtocol, clock: TestClock) async throws -> (office: String, task: Int64, node: Int64) {
        var tianma = try await TestDevice.signIn("tianma1", client: client)
        var jiahe = try await TestDevice.signIn("jiahe1", client: client)
        var lead = try await TestDevice.signIn("zjj1", client: client)
        var fgj = try await TestDevice.signIn("fgj1", client: client)
        var baisha = try await TestDevice.signIn("baisha1", client: client)
        let office = try await client.signIn("super")
        let ids = try SyncTests.task9(try #require(try await tianma.sync(client).reference))
        _ = try await jiahe.sync(client)
        _ = try await lead.sync(client)
        _ = try await fgj.sync(client)
        _ = try await baisha.sync(client)

        clock.set("2022-03-20T09:00:00+08:00")
        let exemption = UUID()
        let extensionID = UUID()
        _ = try await baisha.sync(client, [try baisha.requestExtension(task: ids.task, node: ids.node, until: nil, reason: "已完工", id: exemption)])
        _ = try await fgj.sync(client, [try fgj.requestExtension(task: ids.task, node: ids.node, until: LocalDate(iso: "2022-03-27")!,
                                                                 reason: "数据核对", id: extensionID)])
        _ = try await client.decoded(ExtensionRecord.self, .post, "/v1/supervision/extensions/\(exemption)/decision", token: office,
                                     json: ExtensionDecisionRequest(decision: .exempt))
        _ = try await client.decoded(ExtensionRecord.self, .post, "/v1/supervision/extensions/\(extensionID)/decision", token: office,
                                     json: ExtensionDecisionRequest(decision: .grant))
        clock.set("2022-03-24T10:00:00+08:00")
        _ = try await tianma.sync(client, [try tianma.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "按时", percent: 30)])
        clock.set("2022-03-26T10:00:00+08:00")
        _ = try await jiahe.sync(client, [try jiahe.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "迟", percent: 30)])
        clock.set("2022-03-27T23:00:00+08:00")
        _ = try await fgj.sync(client, [try fgj.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "延期内", percent: 30)])
        clock.set("2022-03-28T18:00:00+08:00")
        _ = try await lead.sync(client, [try lead.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "汇总", percent: 30)])
        clock.set("2022-03-29T12:00:00+08:00")
        return (office, ids.task, ids.node)
    }

    static func extraAccounts(_ fixture: AuthFixture) async throws {
        let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
        defer { owner.close() }
        try await owner.execute("""
            INSERT INTO duban.accounts (unit_id, login, display_name, role, password_hash, must_change_password)
            SELECT u.id, l.login, l.login, 'staff', a.password_hash, false
              FROM (VALUES ('fgj1', 'fgj'), ('baisha1', 'jd-baisha')) AS l(login, code)
              JOIN duban.units u ON u.code = l.code CROSS JOIN (SELECT password_hash FROM duban.accounts WHERE login = 'zjj1') a
            """)
    }

    @Test func metricsMatchHandCountsForBothTiers() async throws {
        let clock = TestClock("2022-03-01T09:00:00+08:00")
        try await AuthFixture.with(clock: clock.serverClock) { fixture in
            try await Self.extraAccounts(fixture)
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let played = try await Self.playTask9(client: client, clock: clock)
                let audit = try await client.signIn("audit")

                let progress = try await client.decoded(OversightAnswer<TaskProgressRow>.self, .get,
                                                        "/v1/oversight/progress?node=2022-03-28", token: audit)
                let task9 = try #require(progress.rows.first { $0.taskNumber == 9 })
                // 14 assignments, baisha exempted: 13 expected; tianma, jiahe, fgj and zjj received; jiahe late.
                #expect(task9.counts == ReportingCounts(expected: 13, received: 4, onTime: 3))
                #expect(task9.counts.reportingRate.map { ($0 * 100).rounded() / 100 } == 30.77)
                #expect(task9.counts.onTimeRate.map { ($0 * 100).rounded() / 100 } == 23.08)
                let task2 = try #require(progress.rows.first { $0.taskNumber == 2 })
                #expect(task2.notApplicable && task2.counts == ReportingCounts() && task2.counts.reportingRate == nil,
                        "a not-applicable task leaves the denominator")
                #expect(progress.rows.count == 10)

                // Per unit and tier.
                let timeliness = try await client.decoded(OversightAnswer<UnitTimelinessRow>.self, .get,
                                                          "/v1/oversight/timeliness?node=2022-03-28", token: audit)
                func unit(_ code: String, _ tier: AssignmentRole) -> ReportingCounts? {
                    timeliness.rows.first { $0.unitCode == code && $0.tier == tier }?.counts
                }
                #expect(unit("jd-tianma", .responsible) == ReportingCounts(expected: 1, received: 1, onTime: 1))
                #expect(unit("jd-jiahe", .responsible) == ReportingCounts(expected: 1, received: 1, onTime: 0))
                #expect(unit("jd-baisha", .responsible) == ReportingCounts(expected: 0, received: 0, onTime: 0), "exempted")
                #expect(unit("wtglj", .lead) == ReportingCounts(expected: 1, received: 0, onTime: 0))
                // zjj leads tasks 1, 4, 8 and 9 and reported only on task 9.
                #expect(unit("zjj", .lead) == ReportingCounts(expected: 4, received: 1, onTime: 1))
                let one = try await client.decoded(OversightAnswer<UnitTimelinessRow>.self, .get,
                                                   "/v1/oversight/timeliness?unit=jd-jiahe", token: audit)
                #expect(one.rows.map(\.unitCode) == ["jd-jiahe"])
                // Over every node at 29 March only the first node is due: the same counts.
                #expect(one.rows.first?.counts == ReportingCounts(expected: 1, received: 1, onTime: 0))

                // Per node and tier: the other nodes are not due yet.
                let completeness = try await client.decoded(OversightAnswer<NodeCompletenessRow>.self, .get,
                                                            "/v1/oversight/completeness", token: audit)
                let later = completeness.rows.filter { $0.nodeDate.description != "2022-03-28" }
                #expect(later.count == 6 && later.allSatisfy { $0.counts == ReportingCounts() })
                let leadTier = try #require(completeness.rows.first { $0.nodeDate.description == "2022-03-28" && $0.tier == .lead })
                // Leads of the applicable tasks 1, 4, 8, 9: zjj on four, wtglj on 9 → 5 expected, 1 received on time.
                #expect(leadTier.counts == ReportingCounts(expected: 5, received: 1, onTime: 1))
                #expect(leadTier.dueDate.description == "2022-03-28")

                let overdue = try await client.decoded(OversightAnswer<OverdueRow>.self, .get,
                                                       "/v1/oversight/overdue?node=2022-03-28&unit=jd-jiahe", token: audit)
                #expect(overdue.rows.count == 1 && overdue.rows.first?.timeliness == .late && overdue.rows.first?.daysLate == 1)
                let missing = try await client.decoded(OversightAnswer<OverdueRow>.self, .get, "/v1/oversight/overdue", token: audit)
                #expect(!missing.rows.contains { $0.unitCode == "jd-baisha" || $0.unitCode == "fgj" && $0.taskNumber == 9 })
                #expect(missing.rows.filter { $0.taskNumber == 9 && $0.timeliness == .missing }.count == 9)

                // Staff cannot ask; bad input is named.
                let staff = try await client.signIn("tianma1")
                #expect(try await client.call(.get, "/v1/oversight/progress", token: staff).status == .forbidden)
                let badNode = try await client.call(.get, "/v1/oversight/progress?node=2022-13-01", token: audit)
                #expect(badNode.status == .unprocessableContent && errorCode(badNode.body) == "bad_date")
                let noSuchNode = try await client.call(.get, "/v1/oversight/progress?node=2022-03-29", token: audit)
                #expect(noSuchNode.status == .notFound && errorCode(noSuchNode.body) == "node.not_found")
                _ = played
            }
        }
    }

    @Test func theSQLViewsAgreeWithTheAPI() async throws {
        // The views judge at now(), so the server does too here.
        try await AuthFixture.with { fixture in
            try await Self.extraAccounts(fixture)
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                var baisha = try await TestDevice.signIn("baisha1", client: client)
                let office = try await client.signIn("super")
                let ids = try SyncTests.task9(try #require(try await tianma.sync(client).reference))
                _ = try await baisha.sync(client)
                _ = try await tianma.sync(client, [try tianma.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "迟到", percent: 50)])
                let exemption = UUID()
                _ = try await baisha.sync(client, [try baisha.requestExtension(task: ids.task, node: ids.node, until: nil, reason: "免报", id: exemption)])
                _ = try await client.decoded(ExtensionRecord.self, .post, "/v1/supervision/extensions/\(exemption)/decision", token: office,
                                             json: ExtensionDecisionRequest(decision: .exempt))

                let api = try await client.decoded(OversightAnswer<NodeCompletenessRow>.self, .get, "/v1/oversight/completeness", token: office)
                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                let sql = try await owner.query("""
                    SELECT node_date::text, tier, expected, received, on_time FROM oversight.node_completeness ORDER BY 1, 2
                    """)
                #expect(sql.count == api.rows.count)
                for row in sql {
                    let match = api.rows.first { $0.nodeDate.description == row[0] && $0.tier.rawValue == row[1] }
                    #expect(match?.counts == ReportingCounts(expected: try row.decode(Int.self, at: 2), received: try row.decode(Int.self, at: 3),
                                                             onTime: try row.decode(Int.self, at: 4)), "\(row[0] ?? "") \(row[1] ?? "")")
                }
                let apiUnits = try await client.decoded(OversightAnswer<UnitTimelinessRow>.self, .get, "/v1/oversight/timeliness", token: office)
                let sqlUnits = try await owner.query("SELECT unit_code, tier, expected, received, on_time FROM oversight.unit_timeliness")
                #expect(sqlUnits.count == apiUnits.rows.count)
                for row in sqlUnits {
                    let match = apiUnits.rows.first { $0.unitCode == row[0] && $0.tier.rawValue == row[1] }
                    #expect(match?.counts == ReportingCounts(expected: try row.decode(Int.self, at: 2), received: try row.decode(Int.self, at: 3),
                                                             onTime: try row.decode(Int.self, at: 4)), "\(row[0] ?? "")")
                }
                let late = try await owner.query("""
                    SELECT timeliness, days_late FROM oversight.report_timeliness
                     WHERE unit_code = 'jd-tianma' AND task_number = 9 AND node_date = '2022-03-28'
                    """)[0]
                let daysLate = try late.decode(Int.self, at: 1)
                #expect(late[0] == "late" && daysLate > 1000, "received in 2026 for a 2022 node")
                let exempt = try await owner.query("""
                    SELECT timeliness FROM oversight.report_timeliness WHERE unit_code = 'jd-baisha' AND task_number = 9 AND node_date = '2022-03-28'
                    """)[0]
                #expect(exempt[0] == "exempted")

                // The light keeper writes what the API computes; the views read it.
                let written = try await refreshStatusLights(database: AppDatabase(pool: fixture.pool), clock: .system)
                let apiLights = try await client.decoded(OversightAnswer<StatusLightRow>.self, .get, "/v1/oversight/lights", token: office)
                #expect(written == apiLights.rows.count && written > 0)
                let stored = try await owner.query("""
                    SELECT task_number, coalesce(unit_code, ''), light FROM oversight.status_lights
                    """)
                #expect(stored.count == written)
                for row in stored {
                    let number = try row.decode(Int.self, at: 0)
                    let match = apiLights.rows.first { $0.taskNumber == number && ($0.unitCode ?? "") == row[1] }
                    #expect(match?.light.rawValue == row[2], "task \(row[0] ?? "") \(row[1] ?? "")")
                }
                let progress = try await owner.query("SELECT light FROM oversight.task_progress WHERE task_number = 9")[0]
                #expect(progress[0] == "red", "missing units at a passed node make the task red")
            }
        }
    }
}
