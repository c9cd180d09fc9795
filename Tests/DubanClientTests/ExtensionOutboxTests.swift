@testable import DubanClient
import DubanCore
import Foundation
import Testing

/// `extension.request` through the outbox: written offline, confirmed by an answer that names no
/// report, refused into the quarantine with the server's message, retried as the same request.
@Suite struct ExtensionOutboxTests {
    let base = LocalCacheTests()
    let until = LocalDate(iso: "2022-04-02")!

    @Test func aRequestGoesToTheOutboxAndItsAnswerNeedsNoReport() throws {
        try base.withCache { cache in
            let (extensionId, mutation) = try cache.writeExtensionRequest(taskId: 9, nodeId: 1, requestedDueDate: until,
                                                                          reason: " 雨天停工 ", authoredAt: LocalCacheTests.now,
                                                                          now: LocalCacheTests.now)
            let outbox = try cache.outbox()
            #expect(outbox.map(\.id) == [mutation])
            #expect(outbox[0].kind == "extension.request" && outbox[0].baseVersion == 0 && outbox[0].entityId == extensionId)
            #expect(outbox[0].payloadSha256 == SHA256Hex.of(outbox[0].payload))
            let payload = try WireJSON.decoder().decode(ExtensionRequestPayload.self, from: Data(outbox[0].payload.utf8))
            #expect(payload == ExtensionRequestPayload(extensionId: extensionId, taskId: 9, nodeId: 1, requestedDueDate: until,
                                                       reason: "雨天停工"))
            #expect(try cache.localExtensionRequests().map(\.status) == ["pending"])
            #expect(try cache.reports().isEmpty, "a request for more time is not a report")

            // A second request for the same task and node while the first waits is refused here.
            #expect(throws: ClientError.self) {
                try cache.writeExtensionRequest(taskId: 9, nodeId: 1, requestedDueDate: nil, reason: "再申请",
                                                authoredAt: LocalCacheTests.now, now: LocalCacheTests.now)
            }
            #expect(throws: ClientError.self, "a reason is required") {
                try cache.writeExtensionRequest(taskId: 9, nodeId: 2, requestedDueDate: nil, reason: "  ",
                                                authoredAt: LocalCacheTests.now, now: LocalCacheTests.now)
            }
            #expect(try cache.outbox().count == 1)

            // Applied: no report id in the answer; confirmed, no report made up; the record comes with the pull.
            let record = SupervisionFixtures.extensionRecord(extensionId, state: .requested)
            let answer = base.response(results: [MutationResult(id: mutation, status: .applied)],
                                       changes: [SupervisionFixtures.change(2, extension: record)], cursor: 2)
            let outcome = try cache.apply(answer, deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            #expect(outcome.confirmed == 1 && outcome.rejected == 0)
            #expect(try cache.outbox().isEmpty)
            #expect(try cache.integer("SELECT count(*) FROM outbox WHERE status = 'confirmed' AND result_status = 'applied'") == 1)
            #expect(try cache.integer("SELECT count(*) FROM reports") == 0)
            #expect(try cache.localExtensionRequests().isEmpty)
            #expect(try cache.extensions() == [record])

            // Undecided on the server: still one at a time.
            #expect(throws: ClientError.self) {
                try cache.writeExtensionRequest(taskId: 9, nodeId: 1, requestedDueDate: nil, reason: "再申请",
                                                authoredAt: LocalCacheTests.now, now: LocalCacheTests.now)
            }
            // A duplicate answer (a replay) is fine too.
            let (_, second) = try cache.writeExtensionRequest(taskId: 9, nodeId: 2, requestedDueDate: nil, reason: "豁免",
                                                              authoredAt: LocalCacheTests.now, now: LocalCacheTests.now)
            _ = try cache.apply(base.response(results: [MutationResult(id: second, status: .duplicate)], cursor: 3),
                                deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            #expect(try cache.outbox().isEmpty)
        }
    }

    @Test func aRejectedRequestIsQuarantinedWithTheServersMessageAndCanBeRetried() throws {
        try base.withCache { cache in
            let (extensionId, mutation) = try cache.writeExtensionRequest(taskId: 9, nodeId: 1, requestedDueDate: until,
                                                                          reason: "雨天停工", authoredAt: LocalCacheTests.now,
                                                                          now: LocalCacheTests.now)
            let refusal = MutationResult(id: mutation, status: .rejected, code: "extension.not_assigned",
                                         message: "your unit is not assigned to task 9", messageZh: "本单位未承担任务 9")
            let outcome = try cache.apply(base.response(results: [refusal], cursor: 1), deviceId: LocalCacheTests.device,
                                          now: LocalCacheTests.now)
            #expect(outcome.rejected == 1)
            #expect(try cache.outbox().isEmpty)
            let quarantined = try cache.quarantine()
            #expect(quarantined.count == 1)
            #expect(quarantined.first?.code == "extension.not_assigned" && quarantined.first?.kind == "extension.request")
            #expect(quarantined.first?.message == LocalizedText(en: "your unit is not assigned to task 9", zh: "本单位未承担任务 9"))
            #expect(quarantined.first?.entityId == extensionId)
            let local = try cache.localExtensionRequests()
            #expect(local.map(\.status) == ["rejected"])
            #expect(local.first?.rejection?.zh == "extension.not_assigned: 本单位未承担任务 9")
            #expect(try cache.integer("SELECT count(*) FROM reports") == 0)

            // Retried: the same request (same extension id) under a new mutation id.
            let retried = try cache.retry(quarantined: mutation, now: LocalCacheTests.now)
            #expect(retried != mutation)
            let outbox = try cache.outbox()
            #expect(outbox.map(\.id) == [retried] && outbox[0].kind == "extension.request")
            let payload = try WireJSON.decoder().decode(ExtensionRequestPayload.self, from: Data(outbox[0].payload.utf8))
            #expect(payload.extensionId == extensionId && payload.requestedDueDate == until)
            #expect(try cache.quarantine().isEmpty)
        }
    }

    @Test func anEpochChangeSendsAConfirmedRequestAgain() throws {
        try base.withCache { cache in
            let (extensionId, mutation) = try cache.writeExtensionRequest(taskId: 9, nodeId: 1, requestedDueDate: nil, reason: "豁免",
                                                                          authoredAt: LocalCacheTests.now, now: LocalCacheTests.now)
            _ = try cache.apply(base.response(results: [MutationResult(id: mutation, status: .applied)],
                                              changes: [SupervisionFixtures.change(1, extension: SupervisionFixtures.extensionRecord(extensionId, state: .requested, requested: nil))],
                                              cursor: 1), deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            #expect(try cache.outbox().isEmpty)
            #expect(try cache.extensions().count == 1)
            _ = try cache.apply(base.response(cursor: 0, epoch: "e2", epochChanged: true), deviceId: LocalCacheTests.device,
                                now: LocalCacheTests.now)
            #expect(try cache.outbox().map(\.id) == [mutation], "re-sent after the restore")
            #expect(try cache.extensions().isEmpty, "pulled again from zero")
            #expect(try cache.localExtensionRequests().map(\.payload.extensionId) == [extensionId])
        }
    }
}
