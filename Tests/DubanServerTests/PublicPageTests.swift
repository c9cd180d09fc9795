import DubanCore
@testable import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

extension TestDevice {
    /// A report.write that also carries a summary for the public page.
    mutating func write(report: UUID, task: Int64, node: Int64, base: Int, text: String, percent: Double?,
                        publicSummary: String) throws -> MutationEnvelope {
        seq += 1
        let payload = String(decoding: try WireJSON.encoder().encode(ReportWritePayload(
            reportId: report, taskId: task, nodeId: node, text: text, percent: percent, publicSummary: publicSummary)),
            as: UTF8.self)
        return MutationEnvelope(id: UUID(), deviceSeq: seq, kind: ReportWritePayload.kind, baseVersion: base, payload: payload,
                                payloadSha256: sha256Hex(payload), authoredAt: Date())
    }
}

/// A public page answer: status, the headers that matter here, and the body.
struct PublicAnswer {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String

    var etag: String? { headers[.eTag] }
}

extension TestClientProtocol {
    /// A GET without a token, optionally conditional on an ETag.
    func publicGet(_ uri: String, ifNoneMatch: String? = nil) async throws -> PublicAnswer {
        var headers: HTTPFields = [:]
        if let ifNoneMatch { headers[.ifNoneMatch] = ifNoneMatch }
        return try await execute(uri: uri, method: .get, headers: headers) { response in
            PublicAnswer(status: response.status, headers: response.headers, body: String(buffer: response.body))
        }
    }
}

/// `GET /public`, `/public/tasks/{number}` and `/public/progress.json`: what the public may see, and only that.
@Suite struct PublicPageTests {
    /// The application's routes without its background services, so no light keeper rewrites
    /// `duban.status_lights` while a test compares pages: the lights are what the test puts there.
    static func application(_ fixture: AuthFixture) async throws -> some ApplicationProtocol {
        let (router, _) = await buildRouter(configuration: fixture.serverConfiguration, database: AppDatabase(pool: fixture.pool),
                                            migrator: try Fixtures.migrator())
        return Application(router: router, logger: Fixtures.logger)
    }

    /// The text of one task's `<article>` on the index.
    static func section(_ html: String, task: Int) throws -> String {
        let start = try #require(html.range(of: "<article class=\"task\" id=\"task-\(task)\""))
        let end = try #require(html.range(of: "</article>", range: start.upperBound..<html.endIndex))
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func listsEveryTaskOfTheSeedPlanWithoutSignIn() async throws {
        let plan = try Fixtures.parsedSeedPlan()
        #expect(plan.tasks.count == 10)
        try await AuthFixture.with { fixture in
            let app = try await Self.application(fixture)
            try await app.test(.router) { client in
                let page = try await client.publicGet("/public")
                #expect(page.status == .ok)
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.headers[.cacheControl] == "public, max-age=60")
                #expect(page.body.hasPrefix("<!DOCTYPE html>"))
                #expect(page.body.contains("<html lang=\"zh-CN\">"))
                #expect(page.body.contains("name=\"viewport\""))
                #expect(!page.body.contains("<script"), "no JavaScript")
                #expect(page.body.contains("<h1>"))
                for task in plan.tasks {
                    let section = try Self.section(page.body, task: task.number)
                    #expect(section.contains(PublicPage.escape(task.title)), "task \(task.number)")
                    #expect(section.contains("<h2"))
                    if task.notApplicable {
                        #expect(section.contains("不涉及本区"), "task \(task.number) does not involve the district")
                        #expect(!section.contains("暂无公开进展"))
                    } else {
                        #expect(!section.contains("不涉及本区"))
                        #expect(section.contains("暂无公开进展"), "nothing accepted yet on task \(task.number)")
                        #expect(section.contains("未评估"), "no light computed yet on task \(task.number)")
                        #expect(section.contains("完成标准") && section.contains("牵头单位"))
                    }
                }
                #expect(plan.tasks.contains { $0.notApplicable } && plan.tasks.contains { !$0.notApplicable })
                let section9 = try Self.section(page.body, task: 9)
                #expect(section9.contains("/public/tasks/9"))

                let json = try await client.publicGet("/public/progress.json")
                #expect(json.status == .ok)
                #expect(json.headers[.contentType] == "application/json; charset=utf-8")
                #expect(json.body.contains("\"completion_standard\""), "snake_case keys")
                let progress = try WireJSON.decoder().decode(PublicProgress.self, from: Data(json.body.utf8))
                #expect(progress.planYear == plan.year)
                #expect(progress.tasks.map(\.number) == plan.tasks.map(\.number))
                #expect(progress.tasks.map(\.title) == plan.tasks.map(\.title))
                #expect(progress.tasks.map(\.notApplicable) == plan.tasks.map(\.notApplicable))
                #expect(progress.tasks.allSatisfy { $0.summary == nil && $0.percent == nil && $0.light == nil })

                let task = try await client.publicGet("/public/tasks/9")
                #expect(task.status == .ok)
                #expect(task.body.contains(PublicPage.escape(plan.tasks[8].title)) && task.body.contains("项目内容"))
                #expect(try await client.publicGet("/public/tasks/99").status == .notFound)
                #expect(try await client.publicGet("/public/tasks/x").status == .notFound)
                #expect(try await client.publicGet("/public?year=1999").status == .notFound)
                #expect(try await client.publicGet("/public?year=\(plan.year)").status == .ok)
                #expect(try await client.publicGet("/public?year=abc").status == .badRequest)
                #expect(try await client.publicGet("/public/progress.json?year=1999").status == .notFound)
            }
        }
    }

    @Test func onlyALeadSummaryTheOfficeAcceptedIsShown() async throws {
        let clock = TestClock("2022-03-28T10:00:00+08:00")
        try await AuthFixture.with(clock: clock.serverClock) { fixture in
            let app = try await Self.application(fixture)
            try await app.test(.router) { client in
                var lead = try await TestDevice.signIn("zjj1", client: client)
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                var office = try await TestDevice.signIn("super", client: client)
                let ids = try SyncTests.task9(try #require(try await lead.sync(client).reference))
                _ = try await tianma.sync(client)
                _ = try await office.sync(client)
                let secrets = ["街道内部文本", "牵头内部文本", "补充内部文本", "缺少入户数据", "街道公开摘要", "第一稿公开摘要"]
                func expectNoSecrets(_ body: String, _ note: String) {
                    for secret in secrets { #expect(!body.contains(secret), "\(secret) leaked (\(note))") }
                    for login in ["zjj1", "tianma1", "super"] { #expect(!body.contains(login), "\(login) leaked (\(note))") }
                }

                // A responsible unit's summary: accepted by its lead unit, still never public.
                let street = UUID()
                _ = try await tianma.sync(client, [try tianma.write(report: street, task: ids.task, node: ids.node, base: 0,
                                                                    text: "街道内部文本", percent: 30, publicSummary: "街道公开摘要")])
                let leadAccepts = try await lead.sync(client, [try lead.review(report: street, revision: 1, decision: .accept)])
                #expect(leadAccepts.results[0].status == .applied)

                // The lead unit's report, returned by the office: nothing of it appears.
                let consolidated = UUID()
                _ = try await lead.sync(client, [try lead.write(report: consolidated, task: ids.task, node: ids.node, base: 0,
                                                                text: "牵头内部文本", percent: 35, publicSummary: "第一稿公开摘要")])
                let before = try await client.publicGet("/public")
                #expect(try Self.section(before.body, task: 9).contains("暂无公开进展"), "not yet accepted")
                expectNoSecrets(before.body, "before review")
                let returned = try await office.sync(client, [try office.review(report: consolidated, revision: 1, decision: .return,
                                                                                reason: "缺少入户数据")])
                #expect(returned.results[0].status == .applied)
                let afterReturn = try await client.publicGet("/public")
                #expect(try Self.section(afterReturn.body, task: 9).contains("暂无公开进展"))
                #expect(afterReturn.etag == before.etag, "nothing public changed")
                expectNoSecrets(afterReturn.body, "after return")
                expectNoSecrets(try await client.publicGet("/public/tasks/9").body, "task page after return")

                // Revised with markup in its summary, then accepted by the office: the summary shows, escaped.
                let summary = "<script>alert('x')</script> 已建成 12 个 & 更多"
                _ = try await lead.sync(client, [try lead.write(report: consolidated, task: ids.task, node: ids.node, base: 1,
                                                                text: "补充内部文本", percent: 40, publicSummary: summary)])
                let accepted = try await office.sync(client, [try office.review(report: consolidated, revision: 2, decision: .accept)])
                #expect(accepted.results[0].status == .applied)

                let page = try await client.publicGet("/public")
                #expect(page.status == .ok)
                #expect(page.etag != before.etag)
                let section = try Self.section(page.body, task: 9)
                #expect(section.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; 已建成 12 个 &amp; 更多"), "\(section)")
                #expect(!page.body.contains("<script"))
                #expect(section.contains("已完成 40%"))
                #expect(!section.contains("暂无公开进展"))
                #expect(section.contains("3月28日节点报告"))
                expectNoSecrets(page.body, "after acceptance")

                let json = try await client.publicGet("/public/progress.json")
                let progress = try WireJSON.decoder().decode(PublicProgress.self, from: Data(json.body.utf8))
                let task9 = try #require(progress.tasks.first { $0.number == 9 })
                #expect(task9.summary == summary && task9.percent == 40)
                #expect(task9.nodeDate == LocalDate(iso: "2022-03-28"))
                let accepted9 = try #require(task9.updatedAt)
                #expect(section.contains("<time datetime=\"\(LocalDate(accepted9, in: PublicPage.timeZone))\">"))
                #expect(task9.leadUnits.count == 2)
                for name in task9.leadUnits { #expect(section.contains(PublicPage.escape(name))) }
                #expect(progress.tasks.filter { $0.summary != nil }.map(\.number) == [9])
                expectNoSecrets(json.body, "json")

                let taskPage = try await client.publicGet("/public/tasks/9")
                #expect(taskPage.body.contains("&lt;script&gt;") && !taskPage.body.contains("<script"))
                expectNoSecrets(taskPage.body, "task page")
            }
        }
    }

    @Test func theProgressLightIsABadgeWithWordsAndNeverThePunctuality() async throws {
        try await AuthFixture.with { fixture in
            let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
            defer { owner.close() }
            // The reporting light (late, missing) is the opposite of the progress light on every task.
            for (task, reporting, progress) in [(1, "red", "green"), (4, "red", "yellow"), (9, "green", "red")] {
                try await owner.execute("""
                    INSERT INTO duban.status_lights (task_id, unit_id, light, evaluated_at, progress_light)
                    SELECT id, NULL, \(reporting), now(), \(progress) FROM duban.tasks WHERE number = \(task)
                    """)
            }
            let app = try await Self.application(fixture)
            try await app.test(.router) { client in
                let page = try await client.publicGet("/public")
                #expect(try Self.section(page.body, task: 1).contains("<span class=\"badge light-green\">按序时推进</span>"))
                #expect(try Self.section(page.body, task: 4).contains("<span class=\"badge light-yellow\">略滞后</span>"))
                #expect(try Self.section(page.body, task: 9).contains("<span class=\"badge light-red\">明显滞后</span>"))
                #expect(try Self.section(page.body, task: 8).contains("未评估"))
                for word in ["逾期", "迟报", "未报", "按时"] { #expect(!page.body.contains(word), "punctuality shown: \(word)") }
                let progress = try WireJSON.decoder().decode(PublicProgress.self,
                                                             from: Data(try await client.publicGet("/public/progress.json").body.utf8))
                #expect(progress.tasks.first { $0.number == 9 }?.light == .red)
                #expect(progress.tasks.first { $0.number == 1 }?.light == .green)
            }
        }
    }

    @Test func conditionalRequestsGetABodiless304() async throws {
        try await AuthFixture.with { fixture in
            let app = try await Self.application(fixture)
            try await app.test(.router) { client in
                for uri in ["/public", "/public/tasks/9", "/public/progress.json"] {
                    let first = try await client.publicGet(uri)
                    #expect(first.status == .ok)
                    let etag = try #require(first.etag, "\(uri)")
                    #expect(etag == "\"\(sha256Hex(first.body))\"", "a strong ETag: the body's SHA-256")
                    let again = try await client.publicGet(uri)
                    #expect(again.etag == etag && again.body == first.body, "stable for the same data")

                    let cached = try await client.publicGet(uri, ifNoneMatch: etag)
                    #expect(cached.status == .notModified, "\(uri)")
                    #expect(cached.body.isEmpty)
                    #expect(cached.etag == etag)
                    #expect(cached.headers[.cacheControl] == "public, max-age=60")
                    #expect(try await client.publicGet(uri, ifNoneMatch: "\"other\", \(etag)").status == .notModified)
                    #expect(try await client.publicGet(uri, ifNoneMatch: "W/\(etag)").status == .notModified)
                    #expect(try await client.publicGet(uri, ifNoneMatch: "*").status == .notModified)
                    #expect(try await client.publicGet(uri, ifNoneMatch: "\"stale\"").status == .ok)
                }
            }
        }
    }

    @Test func escapingCoversMarkupAndQuotes() {
        #expect(PublicPage.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(PublicPage.percentText(40) == "40%")
        #expect(PublicPage.percentText(37.5) == "37.5%")
        let task = PublicTaskProgress(number: 1, title: "<b>标题</b>", content: "内容", completionStandard: "标准\n第二行",
                                      notApplicable: false, leadUnits: ["<i>局</i>"], percent: 12, summary: "\"摘要\"")
        let html = PublicPage.index(PublicProgress(planYear: 2022, planTitle: "<计划>", tasks: [task]), year: nil)
        #expect(!html.contains("<b>") && !html.contains("<i>") && !html.contains("<计划>"))
        #expect(html.contains("&lt;b&gt;标题&lt;/b&gt;") && html.contains("&quot;摘要&quot;") && html.contains("&lt;计划&gt;"))
        let empty = PublicPage.index(PublicProgress(planYear: nil, planTitle: nil, tasks: []), year: nil)
        #expect(empty.contains("暂无公开的年度计划"))
    }
}
