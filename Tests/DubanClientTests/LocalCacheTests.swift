@testable import DubanClient
import DubanCore
import Foundation
import Testing

@Suite struct LocalCacheTests {
    static let device = UUID()
    static let otherDevice = UUID()
    static let now = Date(timeIntervalSince1970: 1_646_100_000)  // 2022-03-01

    /// A fresh cache that knows its unit, removed afterwards.
    func withCache(_ body: (LocalCache) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("duban-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = try LocalCache(url: folder.appendingPathComponent("cache/test.sqlite"))
        try cache.setAccount(unitCode: "jd-tianma", role: "staff")
        try cache.execute("UPDATE state SET login = 'tianma1'")
        try body(cache)
    }

    func response(results: [MutationResult] = [], changes: [ChangeRecord] = [], cursor: Int64, epoch: String = "e1",
                  epochChanged: Bool = false) -> SyncResponse {
        SyncResponse(epoch: epoch, epochChanged: epochChanged, results: results, changes: changes, cursor: cursor,
                     hasMore: false, referenceVersion: 1, reference: nil, serverTime: Self.now.addingTimeInterval(120))
    }

    func record(_ report: UUID, revision: Int, base: Int, text: String, conflict: Bool = false, version: Int? = nil,
                head: Int? = nil, open: Int = 0, node: Int64 = 1, device: UUID = otherDevice) -> ChangeRecord {
        let record = ReportRevisionRecord(
            reportId: report, taskId: 9, unitCode: "jd-tianma", nodeId: node, revision: revision, baseVersion: base,
            inConflict: conflict, text: text, quantities: ["parks": 1], percent: 10, evidence: [],
            authoredAt: Self.now, receivedAt: Self.now.addingTimeInterval(60), accountLogin: "tianma1", deviceId: device,
            reportVersion: version ?? revision, headRevision: head ?? revision, openConflicts: open)
        return ChangeRecord(seq: Int64(revision), entityType: "report_revision",
                            entityId: "\(report.uuidString.lowercased())/\(revision)", reportRevision: record)
    }

    @Test func anEditAndItsOutboxEntryAreWrittenTogetherOrNotAtAll() throws {
        try withCache { cache in
            let (id, mutation) = try cache.writeReport(reportId: nil, taskId: 9, nodeId: 1, unitCode: "jd-tianma",
                                                       content: ReportContent(text: "初稿", quantities: ["parks": 2], percent: 20),
                                                       authoredAt: Self.now.addingTimeInterval(0.7), now: Self.now)
            let report = try #require(try cache.report(id))
            #expect(report.current?.content.text == "初稿", "shows at once, before any sync")
            #expect(report.current?.state == .pending)
            let outbox = try cache.outbox()
            #expect(outbox.map(\.id) == [mutation])
            #expect(outbox[0].baseVersion == 0 && outbox[0].deviceSeq == 1)
            #expect(outbox[0].authoredAt == Self.now, "whole seconds, as the wire carries them")
            let payload = try WireJSON.decoder().decode(ReportWritePayload.self, from: Data(outbox[0].payload.utf8))
            #expect(payload.reportId == id && payload.text == "初稿")
            #expect(outbox[0].payloadSha256 == SHA256Hex.of(outbox[0].payload))

            // A second report for the same task and node is refused, and leaves no trace.
            #expect(throws: ClientError.self) {
                try cache.writeReport(reportId: nil, taskId: 9, nodeId: 1, unitCode: "jd-tianma",
                                      content: ReportContent(text: "重复"), authoredAt: Self.now, now: Self.now)
            }
            #expect(try cache.outbox().count == 1)
            #expect(try cache.integer("SELECT next_device_seq FROM state") == 2)

            // Offline edits on top of an unconfirmed one chain their base versions.
            try cache.writeReport(reportId: id, taskId: 9, nodeId: 1, unitCode: "jd-tianma", content: ReportContent(text: "二稿"),
                                  authoredAt: Self.now, now: Self.now)
            try cache.writeReport(reportId: id, taskId: 9, nodeId: 1, unitCode: "jd-tianma", content: ReportContent(text: "三稿"),
                                  authoredAt: Self.now, now: Self.now)
            #expect(try cache.outbox().map(\.baseVersion) == [0, 1, 2])
            #expect(try cache.report(id)?.current?.content.text == "三稿")
        }
    }

    /// What `duban status` reads: one unit's reports without their synced history, and counts of
    /// the reports waiting for a decision, taken in SQLite.
    @Test func statusReadsOneUnitsReportsAndCountsTheRest() throws {
        try withCache { cache in
            let own = UUID()
            let other = UUID()
            var foreign = record(other, revision: 1, base: 0, text: "驾鹤一稿")
            foreign.reportRevision?.unitCode = "jd-jiahe"
            foreign.seq = 3
            _ = try cache.apply(response(changes: [record(own, revision: 1, base: 0, text: "一稿"),
                                                   record(own, revision: 2, base: 1, text: "二稿"), foreign], cursor: 3),
                                deviceId: Self.device, now: Self.now)
            try cache.writeReport(reportId: own, taskId: 9, nodeId: 1, unitCode: "jd-tianma", content: ReportContent(text: "三稿"),
                                  authoredAt: Self.now, now: Self.now)

            let full = try cache.reports(unit: "jd-tianma")
            #expect(full.map(\.id) == [own], "only the unit's own report")
            #expect(full[0].revisions.map(\.content.text) == ["一稿", "二稿", "三稿"])
            let light = try cache.reports(unit: "jd-tianma", history: false)
            #expect(light.map(\.id) == [own])
            #expect(light[0].revisions.map(\.content.text) == ["三稿"], "only the unsent edit")
            #expect(light[0].status == full[0].status && light[0].status == "pending")
            #expect(light[0].pendingCount == 1 && light[0].headRevision == 2)

            #expect(try cache.countAwaitingReview(onTasks: [9], notOf: "jd-tianma") == 1)
            #expect(try cache.countAwaitingReview(onTasks: [8], notOf: "jd-tianma") == 0)
            #expect(try cache.countAwaitingReview(onTasks: [9], notOf: "jd-jiahe") == 1, "tianma's report, head 2")
            #expect(try cache.countAwaitingReview(ofLeads: [(taskId: 9, unitCode: "jd-jiahe")]) == 1)
            #expect(try cache.countAwaitingReview(ofLeads: [(taskId: 9, unitCode: "zjj"), (taskId: 8, unitCode: "jd-jiahe")]) == 0)
            #expect(try cache.countAwaitingReview(ofLeads: []) == 0)
        }
    }

    @Test func answersAndChangesApplyOnceHoweverOftenTheyArrive() throws {
        try withCache { cache in
            let (id, mutation) = try cache.writeReport(reportId: nil, taskId: 9, nodeId: 1, unitCode: "jd-tianma",
                                                       content: ReportContent(text: "初稿"), authoredAt: Self.now, now: Self.now)
            let answer = response(results: [MutationResult(id: mutation, status: .applied, reportId: id, version: 1, serverVersion: 1)],
                                  changes: [record(id, revision: 1, base: 0, text: "初稿", device: Self.device)], cursor: 1)
            for _ in 0..<3 {
                let outcome = try cache.apply(answer, deviceId: Self.device, now: Self.now)
                #expect(outcome.pulled == 1)
            }
            var report = try #require(try cache.report(id))
            #expect(report.revisions.count == 1 && report.revisions[0].state == .synced)
            #expect(report.version == 1 && report.headRevision == 1 && report.status == "synced")
            #expect(try cache.outbox().isEmpty)
            #expect(try cache.outbox(includingConfirmed: true).count == 1, "kept for re-sending after a restore")

            // A later page with another device's conflicting revision, applied twice, then an older page again.
            let later = response(changes: [record(id, revision: 2, base: 1, text: "他人"),
                                           record(id, revision: 3, base: 1, text: "冲突", conflict: true, version: 3, head: 2, open: 1)],
                                 cursor: 3)
            _ = try cache.apply(later, deviceId: Self.device, now: Self.now)
            _ = try cache.apply(later, deviceId: Self.device, now: Self.now)
            _ = try cache.apply(answer, deviceId: Self.device, now: Self.now)
            report = try #require(try cache.report(id))
            #expect(report.revisions.map(\.revision) == [1, 2, 3])
            #expect(report.version == 3 && report.headRevision == 2 && report.openConflicts == 1, "an older page never rolls the state back")
            #expect(report.status == "conflict")
            #expect(try cache.state().cursor == 1, "the cursor is the last page stored")
            #expect(try cache.state().clockSkew == 120)
        }
    }

    @Test func aReportAnotherDeviceCreatedFirstTakesOverTheLocalOne() throws {
        try withCache { cache in
            let (local, mutation) = try cache.writeReport(reportId: nil, taskId: 9, nodeId: 1, unitCode: "jd-tianma",
                                                          content: ReportContent(text: "我的"), authoredAt: Self.now, now: Self.now)
            let edit = try cache.writeReport(reportId: local, taskId: 9, nodeId: 1, unitCode: "jd-tianma",
                                             content: ReportContent(text: "我的二稿"), authoredAt: Self.now, now: Self.now).mutationId
            let server = UUID()
            let answer = response(results: [
                MutationResult(id: mutation, status: .conflict, reportId: server, version: 2, serverVersion: 2),
                MutationResult(id: edit, status: .conflict, reportId: server, version: 3, serverVersion: 3),
            ], changes: [record(server, revision: 1, base: 0, text: "别人的")], cursor: 5)
            _ = try cache.apply(answer, deviceId: Self.device, now: Self.now)
            #expect(try cache.report(local) == nil)
            let report = try #require(try cache.report(server))
            #expect(report.revisions.map(\.content.text) == ["别人的", "我的", "我的二稿"])
            #expect(report.revisions.dropFirst().allSatisfy { $0.inConflict && $0.state == .confirmed })
            #expect(try cache.resolveReport(String(local.uuidString.prefix(8))) == server, "the old id still finds it")
            #expect(try cache.reports().count == 1)

            // A pulled report for the same task, unit and node also takes over a local one.
            let (second, _) = try cache.writeReport(reportId: nil, taskId: 9, nodeId: 2, unitCode: "jd-tianma",
                                                    content: ReportContent(text: "节点二"), authoredAt: Self.now, now: Self.now)
            let pulledId = UUID()
            _ = try cache.apply(response(changes: [record(pulledId, revision: 1, base: 0, text: "先到", node: 2)], cursor: 6),
                                deviceId: Self.device, now: Self.now)
            #expect(try cache.report(second) == nil)
            #expect(try cache.outbox().last?.entityId == pulledId)
        }
    }

    @Test func aRejectedMutationMovesToTheQuarantineAndNeverBlocksTheRest() throws {
        try withCache { cache in
            let (a, bad) = try cache.writeReport(reportId: nil, taskId: 9, nodeId: 1, unitCode: "jd-tianma",
                                                 content: ReportContent(text: "坏的"), authoredAt: Self.now, now: Self.now)
            let (b, good) = try cache.writeReport(reportId: nil, taskId: 9, nodeId: 2, unitCode: "jd-tianma",
                                                  content: ReportContent(text: "好的"), authoredAt: Self.now, now: Self.now)
            let outcome = try cache.apply(response(results: [
                MutationResult(id: bad, status: .rejected, code: "report.no_assignment", message: "no", messageZh: "否"),
                MutationResult(id: good, status: .applied, reportId: b, version: 1, serverVersion: 1),
            ], cursor: 2), deviceId: Self.device, now: Self.now)
            #expect(outcome.rejected == 1 && outcome.confirmed == 1)
            #expect(try cache.unsent().isEmpty)
            let quarantined = try cache.quarantine()
            #expect(quarantined.map(\.id) == [bad] && quarantined[0].code == "report.no_assignment")
            #expect(try cache.report(a)?.status == "rejected")

            // Retry: a new mutation (a replay of the refused id would be refused again).
            let retried = try cache.retry(quarantined: bad, now: Self.now)
            #expect(retried != bad)
            #expect(try cache.quarantine().isEmpty)
            #expect(try cache.unsent().map(\.id) == [retried])

            // Refused again, then dropped: the report that existed only in it goes too.
            _ = try cache.apply(response(results: [MutationResult(id: retried, status: .rejected, code: "x", message: "x")], cursor: 2),
                                deviceId: Self.device, now: Self.now)
            try cache.drop(quarantined: try cache.resolveQuarantined(String(retried.uuidString.prefix(6))))
            #expect(try cache.quarantine().isEmpty)
            #expect(try cache.report(a) == nil)
            #expect(try cache.report(b) != nil)
        }
    }

    /// What the server would refuse is refused here, before anything is saved: a text within its
    /// limit whose payload is larger than the server takes (99 000 Chinese characters are 290 KiB).
    @Test func aPayloadLargerThanTheServerTakesIsRefusedBeforeSaving() throws {
        try withCache { cache in
            let error = #expect(throws: ClientError.self) {
                try cache.writeReport(reportId: nil, taskId: 9, nodeId: 1, unitCode: "jd-tianma",
                                      content: ReportContent(text: String(repeating: "中", count: 99_000)), authoredAt: Self.now, now: Self.now)
            }
            #expect(error?.code == "mutation.too_large")
            #expect(try cache.outbox().isEmpty && cache.reports().isEmpty, "nothing saved")
            try cache.writeReport(reportId: nil, taskId: 9, nodeId: 1, unitCode: "jd-tianma",
                                  content: ReportContent(text: String(repeating: "中", count: 80_000)), authoredAt: Self.now, now: Self.now)
            #expect(try cache.outbox().count == 1)
        }
    }

    @Test func aNewEpochResendsRecentMutationsAndPullsFromZero() throws {
        try withCache { cache in
            let (id, mutation) = try cache.writeReport(reportId: nil, taskId: 9, nodeId: 1, unitCode: "jd-tianma",
                                                       content: ReportContent(text: "初稿"), authoredAt: Self.now, now: Self.now)
            _ = try cache.apply(response(results: [MutationResult(id: mutation, status: .applied, reportId: id, version: 1, serverVersion: 1)],
                                         changes: [record(id, revision: 1, base: 0, text: "初稿")], cursor: 7),
                                deviceId: Self.device, now: Self.now)
            let old = UUID()
            try cache.execute("""
                INSERT INTO outbox (id, device_seq, kind, entity_id, base_version, payload, payload_sha256, authored_at, status,
                                    created_at, confirmed_at)
                VALUES ('\(old.uuidString.lowercased())', 0, 'report.write', '\(id.uuidString.lowercased())', 0, '{}', '', 0,
                        'confirmed', 0, \(Self.now.timeIntervalSince1970 - 40 * 86_400))
                """)
            let outcome = try cache.apply(response(cursor: 0, epoch: "e2", epochChanged: true), deviceId: Self.device, now: Self.now)
            #expect(outcome.epochChanged)
            #expect(try cache.unsent().map(\.id) == [mutation], "confirmed within 30 days: sent again")
            #expect(try cache.state().epoch == "e2" && cache.state().cursor == 0)
            let report = try #require(try cache.report(id))
            #expect(report.revisions.map(\.state) == [.pending], "the server's copy is forgotten; the local edit stays")
        }
    }

    @Test func digestsUseTheServersCanonicalText() throws {
        let a = UUID(uuidString: "B0000000-0000-0000-0000-000000000001")!
        let b = UUID(uuidString: "A0000000-0000-0000-0000-000000000002")!
        let text = ScopeDigest.canonicalText(of: [(a, 2), (b, 1), (a, 1), (a, 10)])
        #expect(text == "a0000000-0000-0000-0000-000000000002:1,b0000000-0000-0000-0000-000000000001:1,"
                + "b0000000-0000-0000-0000-000000000001:10,b0000000-0000-0000-0000-000000000001:2")
        #expect(SHA256Hex.of("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        try withCache { cache in
            _ = try cache.apply(response(changes: [record(a, revision: 1, base: 0, text: "x"), record(a, revision: 2, base: 1, text: "y")],
                                         cursor: 2), deviceId: Self.device, now: Self.now)
            let digest = try #require(try cache.digests()[9])
            #expect(digest.revisions == 2)
            #expect(digest.checksum == SHA256Hex.of(ScopeDigest.canonicalText(of: [(a, 1), (a, 2)])))

            // A snapshot replaces the task's revisions.
            try cache.replace(with: ScopeSnapshot(taskId: 9, revisions: [record(a, revision: 1, base: 0, text: "x").reportRevision!]),
                              now: Self.now)
            #expect(try cache.digests()[9]?.revisions == 1)
        }
    }

    @Test func theCacheFileIsNamedByServerAndLogin() {
        let paths = ClientPaths(home: URL(fileURLWithPath: "/data"))
        let one = LocalCache.url(paths: paths, server: "https://duban.example", login: "a")
        #expect(one.path.hasPrefix("/data/cache/") && one.pathExtension == "sqlite")
        #expect(one != LocalCache.url(paths: paths, server: "https://duban.example", login: "b"))
        #expect(one != LocalCache.url(paths: paths, server: "https://other.example", login: "a"))
    }
}
