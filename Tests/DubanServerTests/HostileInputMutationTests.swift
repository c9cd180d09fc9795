import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

/// Replayed and forged mutation ids, and payloads that lie about themselves: a replay gets the first
/// answer and is applied once; a forgery is rejected and applies nothing.
@Suite struct HostileInputMutationTests {
    @Test func replaysAreAppliedOnceAndForgeriesNever() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                var tianmaLaptop = try await TestDevice.signIn("tianma1", client: client)
                var jiahe = try await TestDevice.signIn("jiahe1", client: client)
                let reference = try #require(try await tianma.sync(client).reference)
                _ = try await tianmaLaptop.sync(client)
                _ = try await jiahe.sync(client)
                let ids = try SyncTests.task9(reference)

                let report = UUID()
                let write = try tianma.write(report: report, task: ids.task, node: ids.node, base: 0, text: "第一次", percent: 10)
                let first = try await tianma.sync(client, [write])
                #expect(first.results.map(\.status) == [.applied])
                let applied = try await HostileInputSnapshot.take(fixture)

                // The same mutation again, alone, twice in one batch, and from the account's other device.
                var answers: [MutationResult] = []
                answers += try await tianma.sync(client, [write]).results
                answers += try await tianma.sync(client, [write, write]).results
                for answer in answers {
                    #expect(answer.status == .duplicate)
                    #expect(answer.version == first.results[0].version)
                    #expect(answer.reportId == report)
                }
                try await HostileInputSnapshot.take(fixture).expectUnchanged(since: applied, "a replayed mutation")

                // Forgeries of that id: another payload from the same device, from the account's other device,
                // from another unit's account (with its own payload and with the very same payload).
                var samePayloadOtherText = try tianma.write(report: report, task: ids.task, node: ids.node, base: 1, text: "篡改",
                                                            id: write.id)
                samePayloadOtherText.deviceSeq = 50
                let fromLaptop = try tianmaLaptop.write(report: report, task: ids.task, node: ids.node, base: 1, text: "另一台",
                                                        id: write.id)
                let fromJiahe = try jiahe.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "冒用编号", id: write.id)
                var forged: [(String, MutationResult)] = []
                forged.append(("same device, other payload", try await tianma.sync(client, [samePayloadOtherText]).results[0]))
                forged.append(("other device, other payload", try await tianmaLaptop.sync(client, [fromLaptop]).results[0]))
                forged.append(("other account, other payload", try await jiahe.sync(client, [fromJiahe]).results[0]))
                forged.append(("other account, same payload", try await jiahe.sync(client, [write]).results[0]))
                for (name, result) in forged {
                    #expect(result.status == .rejected, "\(name): \(result)")
                    #expect(result.code == "mutation.id_reused", "\(name): \(result)")
                    #expect(result.version == nil && result.reportId == nil, "\(name) learns nothing of the first: \(result)")
                }
                try await HostileInputSnapshot.take(fixture).expectUnchanged(since: applied, "a forged mutation id")

                // A payload whose declared SHA-256 is not its own, and a token used for another device's id.
                var lying = try tianma.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "哈希不符")
                lying.payloadSha256 = String(repeating: "0", count: 64)
                let lied = try await tianma.sync(client, [lying]).results[0]
                #expect(lied.status == .rejected && lied.code == "mutation.bad_hash", "\(lied)")
                let wrongDevice = SyncRequest(deviceId: jiahe.device, epoch: nil, cursor: 0, referenceVersion: nil,
                                              mutations: [try tianma.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "别的设备")])
                let refused = try await client.call(.post, "/v1/sync", token: tianma.token, json: wrongDevice)
                #expect(refused.status == .forbidden)
                #expect(errorCode(refused.body) == "sync.wrong_device")
                try await HostileInputSnapshot.take(fixture).expectUnchanged(since: applied, "a lying payload hash or device id")

                // A NUL in a payload's text is rejected alone; the batch's other mutation is applied.
                let nulPayload = String(decoding: try WireJSON.encoder().encode(ReportWritePayload(
                    reportId: UUID(), taskId: ids.task, nodeId: ids.node, text: "前\u{0}后")), as: UTF8.self)
                #expect(nulPayload.contains("\\u0000"))
                tianma.seq += 1
                let nul = MutationEnvelope(id: UUID(), deviceSeq: tianma.seq, kind: ReportWritePayload.kind, baseVersion: 0,
                                           payload: nulPayload, payloadSha256: sha256Hex(nulPayload), authoredAt: Date())
                let next = try tianma.write(report: report, task: ids.task, node: ids.node, base: 1, text: "第二次")
                let mixed = try await tianma.sync(client, [nul, next]).results
                #expect(mixed.map(\.status) == [.rejected, .applied], "\(mixed)")
                #expect(mixed.first?.code == "mutation.bad_text")

                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                let revisions = try await owner.query("SELECT text FROM duban.report_revisions ORDER BY received_at, revision")
                    .map { try $0.decode(String.self, at: 0) }
                #expect(revisions == ["第一次", "第二次"], "each applied once, nothing forged: \(revisions)")
            }
        }
    }
}
