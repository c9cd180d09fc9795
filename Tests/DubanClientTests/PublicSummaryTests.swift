@testable import DubanClient
import DubanCore
import Foundation
import Testing

/// `--public-summary`: what a unit marks for the public progress page travels with each revision,
/// stays on later revisions unless cleared, and is kept by the cache and by consolidation.
@Suite struct PublicSummaryTests {
    let base = LocalCacheTests()
    let now = LocalCacheTests.now

    func payloads(_ cache: LocalCache) throws -> [(summary: String?, raw: String)] {
        try cache.outbox().map { entry in
            (try WireJSON.decoder().decode(ReportWritePayload.self, from: Data(entry.payload.utf8)).publicSummary, entry.payload)
        }
    }

    func serverRecord(_ report: UUID, revision: Int, summary: String?, unit: String = "jd-tianma") -> ChangeRecord {
        let record = ReportRevisionRecord(
            reportId: report, taskId: 9, unitCode: unit, nodeId: 1, revision: revision, baseVersion: revision - 1,
            inConflict: false, text: "第\(revision)版", quantities: [:], percent: 50, evidence: [],
            authoredAt: now, receivedAt: now.addingTimeInterval(60), accountLogin: "tianma1", deviceId: LocalCacheTests.device,
            reportVersion: revision, headRevision: revision, openConflicts: 0, publicSummary: summary)
        return ChangeRecord(seq: Int64(revision), entityType: "report_revision", entityId: "\(report)/\(revision)",
                            reportRevision: record)
    }

    @Test func typedSummariesKeepReplaceOrClear() {
        let content = ReportContent(text: "正文", publicSummary: "  已完成选址\n")
        #expect(content.publicSummary == "已完成选址", "trimmed, as the server stores it")
        #expect(content.withPublicSummary(nil).publicSummary == "已完成选址", "left out: kept")
        #expect(content.withPublicSummary("新摘要").publicSummary == "新摘要")
        #expect(content.withPublicSummary("").publicSummary == nil, "empty: removed")
        #expect(content.withPublicSummary("  \n").publicSummary == nil, "blank: removed")
        #expect(ReportContent(text: "x", publicSummary: "   ").publicSummary == nil)
    }

    @Test func eachRevisionCarriesTheSummaryUntilItIsCleared() throws {
        try base.withCache { cache in
            let (id, _) = try cache.writeReport(reportId: nil, taskId: 9, nodeId: 1, unitCode: "jd-tianma",
                                                content: ReportContent(text: "初稿", publicSummary: " 已完成选址 "),
                                                authoredAt: now, now: now)
            var current = try #require(try cache.report(id)?.current)
            #expect(current.content.publicSummary == "已完成选址", "shows at once, before any sync")

            // `report edit --text 二稿` (no --public-summary): the summary goes on.
            var content = current.content
            content.text = "二稿"
            try cache.writeReport(reportId: id, taskId: 9, nodeId: 1, unitCode: "jd-tianma", content: content.withPublicSummary(nil),
                                  authoredAt: now, now: now)
            current = try #require(try cache.report(id)?.current)
            #expect(current.content.text == "二稿" && current.content.publicSummary == "已完成选址")

            // `--public-summary ""`: removed from the next revision.
            try cache.writeReport(reportId: id, taskId: 9, nodeId: 1, unitCode: "jd-tianma",
                                  content: current.content.withPublicSummary(""), authoredAt: now, now: now)
            current = try #require(try cache.report(id)?.current)
            #expect(current.content.publicSummary == nil)

            let sent = try payloads(cache)
            #expect(sent.map(\.summary) == ["已完成选址", "已完成选址", nil])
            #expect(sent[0].raw.contains(#""public_summary":"已完成选址""#), "\(sent[0].raw)")
            #expect(!sent[2].raw.contains("public_summary"), "no summary: the key is left out")
        }
    }

    @Test func theCacheKeepsTheSummaryFromTheAnswerAndFromThePull() throws {
        try base.withCache { cache in
            let (id, mutation) = try cache.writeReport(reportId: nil, taskId: 9, nodeId: 1, unitCode: "jd-tianma",
                                                       content: ReportContent(text: "初稿", publicSummary: "完成 30%"),
                                                       authoredAt: now, now: now)
            // Known from the server's answer (confirmed, not yet pulled).
            _ = try cache.apply(base.response(results: [MutationResult(id: mutation, status: .applied, reportId: id, version: 1,
                                                                       serverVersion: 1)], cursor: 0),
                                deviceId: LocalCacheTests.device, now: now)
            var report = try #require(try cache.report(id))
            #expect(report.current?.state == .confirmed && report.current?.content.publicSummary == "完成 30%")

            // The pull brings the server's record: its summary is what counts.
            _ = try cache.apply(base.response(changes: [serverRecord(id, revision: 1, summary: "完成三成")], cursor: 1),
                                deviceId: LocalCacheTests.device, now: now)
            report = try #require(try cache.report(id))
            #expect(report.current?.state == .synced && report.current?.content.publicSummary == "完成三成")

            // `report show --json` shows it.
            let json = String(decoding: try WireJSON.encoder(pretty: true).encode(report), as: UTF8.self)
            #expect(json.contains(#""public_summary" : "完成三成""#), "\(json)")

            // A revision without one (cleared elsewhere) has none; a snapshot restores them as they are.
            _ = try cache.apply(base.response(changes: [serverRecord(id, revision: 2, summary: nil)], cursor: 2),
                                deviceId: LocalCacheTests.device, now: now)
            #expect(try cache.report(id)?.current?.content.publicSummary == nil)
            try cache.replace(with: ScopeSnapshot(taskId: 9, revisions: [serverRecord(id, revision: 1, summary: "完成三成").reportRevision!]),
                              now: now)
            #expect(try cache.report(id)?.current?.content.publicSummary == "完成三成")
        }
    }

    @Test func aRetriedQuarantinedWriteKeepsItsSummary() throws {
        try base.withCache { cache in
            let (_, bad) = try cache.writeReport(reportId: nil, taskId: 9, nodeId: 1, unitCode: "jd-tianma",
                                                 content: ReportContent(text: "x", publicSummary: "摘要"), authoredAt: now, now: now)
            _ = try cache.apply(base.response(results: [MutationResult(id: bad, status: .rejected, code: "x", message: "x")], cursor: 0),
                                deviceId: LocalCacheTests.device, now: now)
            try cache.retry(quarantined: bad, now: now)
            #expect(try payloads(cache).map(\.summary) == ["摘要"])
        }
    }

    @Test func anOlderCacheGainsTheColumn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("duban-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("cache/old.sqlite")
        let id = UUID()
        do {
            // A cache as the previous version left it: no public_summary column, the v4 migration not run.
            let cache = try LocalCache(url: url)
            try cache.setAccount(unitCode: "jd-tianma", role: "staff")
            try cache.execute("""
                ALTER TABLE revisions DROP COLUMN public_summary;
                DELETE FROM grdb_migrations WHERE identifier = 'v4-public-summary';
                INSERT INTO reports (id, task_id, unit_code, node_id, version, head_revision, created_at)
                VALUES ('\(id.uuidString.lowercased())', 9, 'jd-tianma', 1, 1, 1, 0);
                INSERT INTO revisions (report_id, revision, base_version, in_conflict, text, quantities, percent, evidence,
                                       authored_at, received_at, account_login, device_id)
                VALUES ('\(id.uuidString.lowercased())', 1, 0, 0, '旧的', '{}', NULL, '[]', 0, 60, 'tianma1',
                        '\(LocalCacheTests.device.uuidString.lowercased())');
                """)
        }
        let cache = try LocalCache(url: url)
        #expect(try cache.integer("SELECT count(*) FROM pragma_table_info('revisions') WHERE name = 'public_summary'") == 1)
        let report = try #require(try cache.report(id))
        #expect(report.current?.content.text == "旧的" && report.current?.content.publicSummary == nil)
        _ = try cache.apply(base.response(changes: [serverRecord(id, revision: 2, summary: "新的摘要")], cursor: 2),
                            deviceId: LocalCacheTests.device, now: now)
        #expect(try cache.report(id)?.current?.content.publicSummary == "新的摘要")
    }

    @Test func consolidatingOverTheLeadsReportKeepsItsSummaryAndFiles() throws {
        let consolidation = ConsolidationTests()
        try consolidation.cacheWithReports { cache in
            let reference = ConsolidationTests.reference
            let draft = try ReportConsolidation.draft(task: reference.tasks[0], node: reference.nodes[0], leadUnit: "zjj",
                                                      reference: reference, reports: try cache.reports())
            let evidence = String(repeating: "a", count: 64)
            let existing = ReportContent(text: "牵头单位自己写的", percent: 10, evidence: [evidence], publicSummary: "已建成口袋公园3个")
            let saved = draft.content(over: existing)
            #expect(saved.text == draft.text && saved.quantities == draft.content.quantities && saved.percent == 40)
            #expect(saved.publicSummary == "已建成口袋公园3个" && saved.evidence == [evidence])
            #expect(draft.content(over: nil) == draft.content && draft.content.publicSummary == nil)

            // Saved over the lead's report: the next revision's payload still carries the summary.
            let (id, _) = try cache.writeReport(reportId: nil, taskId: 9, nodeId: 1, unitCode: "zjj", content: existing,
                                                authoredAt: now, now: now)
            let current = try #require(try cache.report(id)?.current?.content)
            try cache.writeReport(reportId: id, taskId: 9, nodeId: 1, unitCode: "zjj", content: draft.content(over: current),
                                  authoredAt: now, now: now)
            #expect(try payloads(cache).map(\.summary) == ["已建成口袋公园3个", "已建成口袋公园3个"])
        }
    }
}
