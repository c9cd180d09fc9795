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
}
