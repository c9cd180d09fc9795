@testable import DubanClient
import DubanCore
import Foundation
import GRDB
import Testing

/// A cache of an earlier schema opens, migrates, and keeps every entry an office holds.
@Suite struct CacheSchemaTests {
    static let now = Date(timeIntervalSince1970: 1_646_100_000)

    @Test func aCacheWithTheQuarantineTableKeepsEveryEntryInTheOneOutbox() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("duban-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("old.sqlite")
        let report = UUID(), pendingId = UUID(), sentId = UUID(), confirmedId = UUID(), refusedId = UUID(), extensionId = UUID()
        let payload = try ReportWritePayload(reportId: report, taskId: 9, nodeId: 1, text: "离线写的",
                                             quantities: ["fitness_paths": 2]).payloadText()
        let request = try ExtensionRequestPayload(extensionId: extensionId, taskId: 9, nodeId: 1, requestedDueDate: nil,
                                                  reason: "施工受阻").payloadText()
        do {
            // The schema as a cache of the previous release has it, with what an office holds.
            let queue = try DatabaseQueue(path: url.path)
            try CacheSchema.migrator.migrate(queue, upTo: "v4-public-summary")
            try queue.write { db in
                try db.execute(sql: "UPDATE state SET unit_code = 'jd-tianma', role = 'staff', login = 'tianma1', next_device_seq = 6")
                try db.execute(sql: "INSERT INTO reports (id, task_id, unit_code, node_id, created_at) VALUES (?, 9, 'jd-tianma', 1, 0)",
                               arguments: [report.lowercased])
                for (id, seq, status) in [(pendingId, 1, "pending"), (sentId, 2, "sent"), (confirmedId, 3, "confirmed")] {
                    try db.execute(sql: """
                        INSERT INTO outbox (id, device_seq, kind, report_id, base_version, payload, payload_sha256, authored_at,
                                            status, attempts, created_at, confirmed_at)
                        VALUES (?, ?, 'report.write', ?, 0, ?, ?, ?, ?, 1, ?, ?)
                        """, arguments: [id.lowercased, seq, report.lowercased, payload, SHA256Hex.of(payload),
                                         Self.now.timeIntervalSince1970, status, Self.now.timeIntervalSince1970,
                                         status == "confirmed" ? Self.now.timeIntervalSince1970 : nil])
                }
                try db.execute(sql: """
                    INSERT INTO quarantine (id, device_seq, kind, report_id, base_version, payload, payload_sha256, authored_at,
                                            attempts, code, message, message_zh, quarantined_at)
                    VALUES (?, 4, 'extension.request', ?, 0, ?, ?, ?, 2, 'extension.not_assigned', 'not assigned', '未承担', ?)
                    """, arguments: [refusedId.lowercased, extensionId.lowercased, request, SHA256Hex.of(request),
                                     Self.now.timeIntervalSince1970, Self.now.timeIntervalSince1970 + 60])
            }
        }

        let cache = try LocalCache(url: url)
        #expect(try cache.unsent().map(\.id) == [pendingId, sentId], "pending and sent entries are sent again")
        #expect(try cache.outbox(includingConfirmed: true).map(\.id) == [pendingId, sentId, confirmedId])
        #expect(try cache.outbox(includingConfirmed: true).allSatisfy { $0.entityId == report && $0.payload == payload })
        let quarantined = try cache.quarantine()
        #expect(quarantined.map(\.id) == [refusedId])
        #expect(quarantined.first?.entityId == extensionId && quarantined.first?.code == "extension.not_assigned")
        #expect(quarantined.first?.message == LocalizedText(en: "not assigned", zh: "未承担"))
        #expect(quarantined.first?.quarantinedAt == Self.now.addingTimeInterval(60))
        #expect(try cache.report(report)?.revisions.map(\.state) == [.pending, .pending], "the report shows both local edits")

        // A retried entry leaves the quarantine and waits in the outbox as a new mutation.
        let retried = try cache.retry(quarantined: refusedId, now: Self.now)
        #expect(try cache.quarantine().isEmpty)
        #expect(try cache.unsent().map(\.id) == [pendingId, sentId, retried])
        #expect(try cache.unsent().last?.entityId == extensionId && cache.unsent().last?.kind == ExtensionRequestPayload.kind)

        // Answers land on the migrated rows.
        let outcome = try cache.apply(SyncResponse(epoch: "e1", epochChanged: false, results: [
            MutationResult(id: pendingId, status: .rejected, code: "report.no_assignment", message: "no", messageZh: "否"),
            MutationResult(id: sentId, status: .applied, reportId: report, version: 1, serverVersion: 1),
        ], changes: [], cursor: 1, hasMore: false, referenceVersion: 1, reference: nil, serverTime: Self.now),
            deviceId: UUID(), now: Self.now)
        #expect(outcome.rejected == 1 && outcome.confirmed == 1)
        #expect(try cache.quarantine().map(\.id) == [pendingId])
        #expect(try cache.unsent().map(\.id) == [retried])
    }

    @Test func theIndicatorMigrationKeepsThePlanTheRevisionsAndTheOutbox() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("duban-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("v6.sqlite")
        let report = UUID(), pending = UUID()
        let payload = try ReportWritePayload(reportId: report, taskId: 9, nodeId: 1, text: "二稿", quantities: ["健身路径": 3]).payloadText()
        do {
            let queue = try DatabaseQueue(path: url.path)
            try CacheSchema.migrator.migrate(queue, upTo: "v6-task-history")
            try queue.write { db in
                try db.execute(sql: """
                    UPDATE state SET unit_code = 'jd-tianma', role = 'staff', login = 'tianma1', reference_version = 7, next_device_seq = 2;
                    INSERT INTO plans VALUES (1, 2022, '2022年为民办实事', 'Asia/Shanghai', 3);
                    INSERT INTO nodes VALUES (1, 1, 1, '2022-03-28', '2022-03-28', '2022-03-25');
                    INSERT INTO tasks VALUES (9, 1, 9, '全民健身', '', '', 0, '', '');
                    INSERT INTO assignments VALUES (9, 'jd-tianma', 'responsible');
                    """)
                try db.execute(sql: "INSERT INTO reports (id, task_id, unit_code, node_id, version, head_revision, created_at) VALUES (?, 9, 'jd-tianma', 1, 1, 1, 0)",
                               arguments: [report.lowercased])
                try db.execute(sql: """
                    INSERT INTO revisions (report_id, revision, base_version, in_conflict, text, quantities, percent, evidence,
                                           authored_at, received_at, account_login, device_id, public_summary)
                    VALUES (?, 1, 0, 0, '一稿', '{"健身路径":2}', 20, '[]', ?, ?, 'tianma1', ?, '摘要')
                    """, arguments: [report.lowercased, Self.now.timeIntervalSince1970, Self.now.timeIntervalSince1970,
                                     UUID().lowercased])
                try db.execute(sql: """
                    INSERT INTO outbox (id, device_seq, kind, entity_id, base_version, payload, payload_sha256, authored_at, status, created_at)
                    VALUES (?, 1, 'report.write', ?, 1, ?, ?, ?, 'pending', ?)
                    """, arguments: [pending.lowercased, report.lowercased, payload, SHA256Hex.of(payload),
                                     Self.now.timeIntervalSince1970, Self.now.timeIntervalSince1970])
            }
        }

        let cache = try LocalCache(url: url)
        let reference = try cache.reference()
        #expect(reference.plans.map(\.title) == ["2022年为民办实事"] && reference.plans.first?.progressRule == nil)
        #expect(reference.tasks.map(\.number) == [9] && reference.assignments.count == 1)
        #expect(reference.indicators.isEmpty && reference.implementationPlans.isEmpty)
        // The task columns added since are filled by a fresh reference at the next sync: the version is forgotten.
        #expect(try cache.state().referenceVersion == nil)
        #expect(reference.tasks.allSatisfy { $0.closedOn == nil && $0.carriedFromTaskId == nil })
        let held = try #require(try cache.report(report))
        #expect(held.revisions.map(\.content.text) == ["一稿", "二稿"])
        #expect(held.revisions.first?.content.quantities == ["健身路径": 2] && held.revisions.first?.content.publicSummary == "摘要")
        #expect(held.revisions.first?.content.difficulties == nil)
        #expect(try cache.unsent().map(\.id) == [pending])
        #expect(try cache.implementationDraft(taskId: 9) == nil)
    }
}
