import DubanCore
import DubanServer
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import Testing

/// `POST /v1/admin/plans/import` and `POST /v1/admin/units/import`: the admins' imports through the API,
/// against a real database without the seed plan.
@Suite struct AdminImportRoutesTests {
    static func count(_ table: String, _ fixture: AuthFixture) async throws -> Int {
        let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
        defer { owner.close() }
        return try await owner.query("SELECT count(*)::int FROM duban.\(unescaped: table)")[0].decode(Int.self, at: 0)
    }

    static func upload(_ client: some TestClientProtocol, _ uri: String, token: String, _ data: Data) async throws
        -> (status: HTTPResponse.Status, body: String)
    {
        try await client.call(.post, uri, token: token, raw: ByteBuffer(bytes: data))
    }

    @Test func theSeedNoticeIsPreviewedThenImportedOnce() async throws {
        try await AuthFixture.with(seedPlan: false) { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let admin = try await client.signIn("admin")
                let docx = try Data(contentsOf: Fixtures.noticeDocx)
                let dry = try await Self.upload(client, "/v1/admin/plans/import?dry_run=true&name=notice-2022.docx", token: admin, docx)
                #expect(dry.status == .ok, "\(dry.body)")
                let preview = try WireJSON.decoder().decode(PlanImportResult.self, from: Data(dry.body.utf8))
                #expect(preview.dryRun && preview.summary == nil)
                #expect(!preview.preview.tasks.isEmpty)
                #expect(preview.preview.rosterChecked && preview.preview.unresolved.isEmpty)
                #expect(preview.preview.tasks.contains { !$0.lead.isEmpty })
                #expect(preview.preview.tasks.allSatisfy { ($0.lead + $0.responsible).allSatisfy { $0.how != .unresolved } })
                #expect(try await Self.count("plans", fixture) == 0)
                #expect(try await Self.count("tasks", fixture) == 0)

                let real = try await Self.upload(client, "/v1/admin/plans/import?name=notice-2022.docx", token: admin, docx)
                #expect(real.status == .ok, "\(real.body)")
                let first = try #require(try WireJSON.decoder().decode(PlanImportResult.self, from: Data(real.body.utf8)).summary)
                #expect(first.planCreated && first.changed && first.tasksCreated == preview.preview.tasks.count)
                #expect(try await Self.count("plans", fixture) == 1)

                let again = try await Self.upload(client, "/v1/admin/plans/import?name=notice-2022.docx", token: admin, docx)
                #expect(again.status == .ok, "\(again.body)")
                let second = try #require(try WireJSON.decoder().decode(PlanImportResult.self, from: Data(again.body.utf8)).summary)
                #expect(!second.changed)

                // Audited with the admin's account.
                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                let actors = try await owner.query("""
                    SELECT DISTINCT l.actor FROM duban.audit_log l JOIN duban.accounts a ON a.id = l.account_id
                     WHERE a.login = 'admin' AND l.entity_type = 'plans'
                    """)
                #expect(!actors.isEmpty)
            }
        }
    }

    @Test func unknownUnitsNonNoticesLargeFilesAndOtherRolesAreRefused() async throws {
        try await AuthFixture.with(seedPlan: false) { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let admin = try await client.signIn("admin")
                var text = try String(contentsOf: Fixtures.noticeText, encoding: .utf8)
                let lead = try #require(["区住建局", "区财政局"].first { text.contains($0) })
                text = text.replacingOccurrences(of: lead, with: "区月球开发局")
                let unknown = try await Self.upload(client, "/v1/admin/plans/import?name=n.txt", token: admin, Data(text.utf8))
                #expect(unknown.status == .conflict, "\(unknown.body)")
                #expect(errorCode(unknown.body) == "import.unknown_units")
                #expect(unknown.body.contains("区月球开发局"))
                #expect(try await Self.count("plans", fixture) == 0)

                let junk = try await Self.upload(client, "/v1/admin/plans/import?name=n.txt", token: admin, Data("just words\n".utf8))
                #expect(junk.status == .unprocessableContent, "\(junk.body)")
                #expect(errorCode(junk.body)?.hasPrefix("notice.") == true)

                let huge = Data(count: NoticeFile.maxFileBytes + 1)
                let large = try await Self.upload(client, "/v1/admin/plans/import?name=n.docx", token: admin, huge)
                #expect(large.status == .contentTooLarge)
                #expect(errorCode(large.body) == "too_large")

                for login in ["super", "audit", "zjj1"] {
                    let token = try await client.signIn(login)
                    let answer = try await Self.upload(client, "/v1/admin/plans/import?dry_run=true&name=n.txt", token: token,
                                                       try Data(contentsOf: Fixtures.noticeText))
                    #expect(answer.status == .forbidden, "\(login)")
                    let roster = try await Self.upload(client, "/v1/admin/units/import?dry_run=true", token: token,
                                                       Data(try Fixtures.rosterText().utf8))
                    #expect(roster.status == .forbidden, "\(login)")
                }
                #expect(try await Self.count("plans", fixture) == 0)
            }
        }
    }

    @Test func aRosterIsPreviewedThenImported() async throws {
        try await AuthFixture.with(seedPlan: false) { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let admin = try await client.signIn("admin")
                let before = try await Self.count("units", fixture)
                let csv = try Fixtures.rosterText().trimmingCharacters(in: .newlines) + "\nt-new,新建测试局,bureau,yf,测试局\n"
                let dry = try await Self.upload(client, "/v1/admin/units/import?dry_run=true", token: admin, Data(csv.utf8))
                #expect(dry.status == .ok, "\(dry.body)")
                let preview = try WireJSON.decoder().decode(UnitImportResult.self, from: Data(dry.body.utf8))
                #expect(preview.dryRun && preview.created == ["t-new"] && preview.updated.isEmpty)
                #expect(try await Self.count("units", fixture) == before)

                let real = try await Self.upload(client, "/v1/admin/units/import", token: admin, Data(csv.utf8))
                #expect(real.status == .ok, "\(real.body)")
                #expect(try WireJSON.decoder().decode(UnitImportResult.self, from: Data(real.body.utf8)).created == ["t-new"])
                #expect(try await Self.count("units", fixture) == before + 1)
                let again = try await Self.upload(client, "/v1/admin/units/import", token: admin, Data(csv.utf8))
                #expect(try WireJSON.decoder().decode(UnitImportResult.self, from: Data(again.body.utf8)).created.isEmpty)

                let bad = try await Self.upload(client, "/v1/admin/units/import", token: admin, Data("code,name\n".utf8))
                #expect(bad.status == .unprocessableContent, "\(bad.body)")
                #expect(errorCode(bad.body)?.hasPrefix("roster.") == true)
            }
        }
    }

    @Test func aSpreadsheetIsReadWithItsPlanFactsAndTheAdminsOptionsOverThem() async throws {
        try await AuthFixture.with(seedPlan: false) { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let admin = try await client.signIn("admin")
                let csv = "# 标题 title,2023年为民办实事项目\r\n# 年度 year,2023\r\n# 责任单位提前天数 lead days,3\r\n"
                    + "# 节点 nodes,2023-06-30、2023-12-20\r\n"
                    + PlanWorkbook.taskHeadings.joined(separator: ",") + "\r\n"
                    + "1,,改造老旧小区,改造50个小区,完成50个,2023年12月底前,区住建局,区财政局\r\n"
                let sheet = try await Self.upload(client, "/v1/admin/plans/import?dry_run=true&name=plan.csv", token: admin, Data(csv.utf8))
                #expect(sheet.status == .ok, "\(sheet.body)")
                let read = try WireJSON.decoder().decode(PlanImportResult.self, from: Data(sheet.body.utf8)).preview
                #expect(read.year == 2023 && read.responsibleLeadDays == 3 && read.nodes.map(\.nodeDate.description) == ["2023-06-30", "2023-12-20"])
                #expect(read.tasks.map(\.title) == ["改造老旧小区"] && read.unresolved.isEmpty)

                let over = try await Self.upload(
                    client, "/v1/admin/plans/import?dry_run=true&name=plan.csv&lead_days=0&nodes=2023-09-30", token: admin, Data(csv.utf8))
                #expect(over.status == .ok, "\(over.body)")
                let overridden = try WireJSON.decoder().decode(PlanImportResult.self, from: Data(over.body.utf8)).preview
                #expect(overridden.responsibleLeadDays == 0 && overridden.nodes.map(\.nodeDate.description) == ["2023-09-30"])

                for query in ["lead_days=99", "lead_days=three", "nodes=2023-13-01", "year=1999"] {
                    let bad = try await Self.upload(client, "/v1/admin/plans/import?dry_run=true&name=plan.csv&\(query)", token: admin,
                                                    Data(csv.utf8))
                    #expect(bad.status == .unprocessableContent, "\(query): \(bad.body)")
                    #expect(errorCode(bad.body) == "notice.bad_option", "\(query): \(bad.body)")
                }
                #expect(try await Self.count("plans", fixture) == 0)
            }
        }
    }

    @Test func aTaskTheCorrectedNoticeNoLongerListsIsClosedWithItsReportsKept() async throws {
        let clock = TestClock("2022-03-20T10:00:00+08:00")
        try await AuthFixture.with(clock: clock.serverClock) { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                let reference = try #require(try await tianma.sync(client).reference)
                let ids = try SyncTests.task9(reference)
                let write = try tianma.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "游园选址完成", percent: 20)
                #expect(try await tianma.sync(client, [write]).results.map(\.status) == [.applied])

                // The corrected notice drops task 9, on 1 May.
                clock.set("2022-05-01T09:00:00+08:00")
                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                var corrected = try Fixtures.parsedSeedPlan()
                corrected.tasks.removeAll { $0.number == 9 }
                let summary = try await PlanImporter(clock: clock.serverClock)
                    .importPlan(corrected, sourceName: "notice-corrected.docx", on: owner)
                #expect(summary.tasksClosed == [9])
                #expect(PlanImportSummary(summary).line(language: .zh).contains("关闭（通知中已无）第 9 项"))

                // Kept: the task, its assignments and its report; expected of it: nothing (no due date, light or sheet).
                #expect(try await owner.query("SELECT count(*)::int FROM duban.reports WHERE task_id = \(ids.task)")[0]
                    .decode(Int.self, at: 0) == 1)
                #expect(try await owner.query("SELECT count(*)::int FROM duban.assignments WHERE task_id = \(ids.task)")[0]
                    .decode(Int.self, at: 0) > 0)
                #expect(try await owner.query("SELECT count(*)::int FROM duban.report_expectations WHERE task_id = \(ids.task)")[0]
                    .decode(Int.self, at: 0) == 0)
                #expect(try await owner.query("SELECT count(*)::int FROM duban.report_expectations WHERE task_number = 8")[0]
                    .decode(Int.self, at: 0) > 0)

                // No new report is taken; the office's overview and the public page leave it out.
                let another = try tianma.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "又一份")
                let refused = try await tianma.sync(client, [another])
                #expect(refused.results.map(\.code) == ["task.closed"])
                let office = try await client.signIn("super")
                let overview = try await client.decoded(SupervisionOverview.self, .get, "/v1/supervision/overview", token: office)
                #expect(!overview.tasks.contains { $0.taskNumber == 9 } && overview.tasks.contains { $0.taskNumber == 8 })
                let page = try await client.call(.get, "/public/progress.json")
                let shown = try WireJSON.decoder().decode(PublicProgress.self, from: Data(page.body.utf8)).tasks.map(\.number)
                #expect(!shown.contains(9) && shown.contains(8), "\(shown)")

                // The admin's preview of the same notice says so; a notice listing it again reopens it.
                let admin = try await client.signIn("admin")
                let text = try String(contentsOf: Fixtures.noticeText, encoding: .utf8)
                let again = try await Self.upload(client, "/v1/admin/plans/import?name=notice-2022.txt", token: admin, Data(text.utf8))
                #expect(again.status == .ok, "\(again.body)")
                let reopened = try #require(try WireJSON.decoder().decode(PlanImportResult.self, from: Data(again.body.utf8)))
                #expect(reopened.preview.changes?.contains(PlanChange(.taskReopened, task: 9)) == true, "\(reopened.preview.changes ?? [])")
                #expect(reopened.summary?.tasksReopened == [9])
                let task = try #require(reference.tasks.first { $0.id == ids.task })
                let second = try #require(reference.nodes.first { $0.planId == task.planId && $0.ordinal == 2 })
                let resumed = try await tianma.sync(client, [try tianma.write(report: UUID(), task: ids.task, node: second.id, base: 0,
                                                                              text: "恢复后")])
                #expect(resumed.results.map(\.status) == [.applied], "\(resumed.results)")
            }
        }
    }

    @Test func anUnfinishedTaskIsCarriedIntoTheNextYearsPlanOnceWithItsUnitsAndALink() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let admin = try await client.signIn("admin")
                let carry = CarryOverRequest(fromYear: 2022, taskNumber: 9)
                let early = try await client.call(.post, "/v1/admin/plans/carry-over", token: admin, json: carry)
                #expect(early.status == .conflict && errorCode(early.body) == "carry_over.no_later_plan", "\(early.body)")

                // Next year's notice: a plan beside the old one.
                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                var next = try Fixtures.parsedSeedPlan()
                next.year = 2023
                next.title = "2023年为民办实事项目"
                let imported = try await PlanImporter().importPlan(next, sourceName: "notice-2023.txt", on: owner)
                #expect(imported.planCreated)
                #expect(try await Self.count("plans", fixture) == 2)

                let made = try await client.decoded(CarryOverResult.self, .post, "/v1/admin/plans/carry-over", token: admin, json: carry)
                #expect(made.toYear == 2023 && made.number == CarryOverRule.firstNumber && made.fromNumber == 9)
                let units = try await owner.query("""
                    SELECT array_agg(u.code || ':' || a.role ORDER BY u.code, a.role) FROM duban.assignments a
                      JOIN duban.units u ON u.id = a.unit_id WHERE a.task_id = ANY(\([made.fromTaskId, made.taskId]))
                     GROUP BY a.task_id ORDER BY a.task_id
                    """).map { $0[0] }
                #expect(units.count == 2 && units[0] == units[1], "\(units)")
                let again = try await client.call(.post, "/v1/admin/plans/carry-over", token: admin, json: carry)
                #expect(again.status == .conflict && errorCode(again.body) == "carry_over.already")
                let missing = try await client.call(.post, "/v1/admin/plans/carry-over", token: admin,
                                                    json: CarryOverRequest(fromYear: 2022, taskNumber: 99))
                #expect(missing.status == .notFound && errorCode(missing.body) == "carry_over.no_task")
                let farOff = try await client.call(.post, "/v1/admin/plans/carry-over", token: admin,
                                                   json: CarryOverRequest(fromYear: 2022, taskNumber: 9, toYear: 3_000_000_000))
                #expect(farOff.status == .unprocessableContent && errorCode(farOff.body) == "carry_over.bad_year", "\(farOff.body)")
                // A notice's own numbers stay below the carried ones.
                var clashing = next
                clashing.tasks[0].number = CarryOverRule.firstNumber
                let clash = await #expect(throws: ImportError.self) {
                    try await PlanImporter().importPlan(clashing, sourceName: "notice-2023.txt", on: owner)
                }
                #expect(clash?.code == "import.reserved_number")
                let office = try await client.signIn("super")
                #expect(try await client.call(.post, "/v1/admin/plans/carry-over", token: office, json: carry).status == .forbidden)

                // Re-importing next year's notice leaves the carried task alone; the unit sees the link.
                let reimported = try await PlanImporter().importPlan(next, sourceName: "notice-2023.txt", on: owner)
                #expect(!reimported.changed && reimported.tasksClosed.isEmpty)
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                let reference = try #require(try await tianma.sync(client).reference)
                let carried = try #require(reference.tasks.first { $0.id == made.taskId })
                #expect(carried.carriedFromTaskId == made.fromTaskId && carried.number == made.number && carried.closedOn == nil)
                #expect(made.line(language: .zh).contains("结转至 2023 年"))
            }
        }
    }
}
