import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

/// A device as the sync tests drive it: a token bound to its device id, a cursor, and helpers that
/// build mutations the way the client does.
struct TestDevice {
    let token: String
    let device: UUID
    var cursor: Int64 = 0
    var epoch: String?
    var seq: Int64 = 0

    static func signIn(_ login: String, client: some TestClientProtocol) async throws -> TestDevice {
        let device = UUID()
        return TestDevice(token: try await client.signIn(login, device: device), device: device)
    }

    mutating func write(report: UUID, task: Int64, node: Int64, base: Int, text: String, percent: Double? = nil,
                        id: UUID = UUID()) throws -> MutationEnvelope {
        seq += 1
        let payload = String(decoding: try WireJSON.encoder().encode(ReportWritePayload(
            reportId: report, taskId: task, nodeId: node, text: text, quantities: ["communities_completed": 3], percent: percent)),
            as: UTF8.self)
        return MutationEnvelope(id: id, deviceSeq: seq, kind: ReportWritePayload.kind, baseVersion: base, payload: payload,
                                payloadSha256: sha256Hex(payload), authoredAt: Date(timeIntervalSince1970: 1_650_000_000))
    }

    /// One sync round; updates the cursor and epoch.
    mutating func sync(_ client: some TestClientProtocol, _ mutations: [MutationEnvelope] = [], reference: Int64? = nil,
                       pageSize: Int? = nil) async throws -> SyncResponse {
        let request = SyncRequest(deviceId: device, epoch: epoch, cursor: cursor, referenceVersion: reference,
                                  mutations: mutations, pageSize: pageSize)
        let answer = try await client.call(.post, "/v1/sync", token: token, json: request)
        guard answer.status == .ok else { throw SyncFailed(status: answer.status.code, body: answer.body) }
        let response = try WireJSON.decoder().decode(SyncResponse.self, from: Data(answer.body.utf8))
        cursor = response.cursor
        epoch = response.epoch
        return response
    }

    /// Pulls until `has_more` is false; returns every change.
    mutating func pullAll(_ client: some TestClientProtocol, pageSize: Int? = nil) async throws -> [ChangeRecord] {
        var all: [ChangeRecord] = []
        while true {
            let response = try await sync(client, reference: Int64.max, pageSize: pageSize)
            all += response.changes
            if !response.hasMore { return all }
        }
    }

    struct SyncFailed: Error { var status: Int; var body: String }
}

func sha256Hex(_ text: String) -> String {
    // The test computes the hash independently of the server's helper.
    var hasher = SHA256Test()
    hasher.update(Array(text.utf8))
    return hasher.hexDigest()
}

@Suite struct SyncTests {
    /// Task 9 (every subdistrict office is responsible) and its first node, from the reference data.
    static func task9(_ reference: ReferenceData) throws -> (task: Int64, node: Int64, otherTask: Int64, naTask: Int64) {
        let task = try #require(reference.tasks.first { $0.number == 9 })
        let node = try #require(reference.nodes.first { $0.planId == task.planId && $0.ordinal == 1 })
        let one = try #require(reference.tasks.first { $0.number == 1 })
        let two = try #require(reference.tasks.first { $0.number == 2 })
        return (task.id, node.id, one.id, two.id)
    }

    @Test func pushPullReplayAndReuse() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var device = try await TestDevice.signIn("tianma1", client: client)
                let first = try await device.sync(client)
                let reference = try #require(first.reference)
                #expect(reference.tasks.count == 10)
                #expect(Set(reference.assignments.map(\.unitCode)) == ["jd-tianma"])
                let ids = try Self.task9(reference)

                let report = UUID()
                let write = try device.write(report: report, task: ids.task, node: ids.node, base: 0, text: "已完成2个游园选址", percent: 20)
                let pushed = try await device.sync(client, [write], reference: first.referenceVersion)
                #expect(pushed.reference == nil, "reference unchanged, not sent again")
                #expect(pushed.results.map(\.status) == [.applied])
                #expect(pushed.results[0].version == 1)
                #expect(pushed.changes.count == 1)
                #expect(pushed.changes[0].reportRevision?.text == "已完成2个游园选址")
                #expect(pushed.changes[0].reportRevision?.authoredAt == Date(timeIntervalSince1970: 1_650_000_000))

                // The same mutation again (a client that never saw the answer): the first answer, nothing stored twice.
                let replay = try await device.sync(client, [write], reference: first.referenceVersion)
                #expect(replay.results.map(\.status) == [.duplicate])
                #expect(replay.results[0].version == 1)
                #expect(replay.changes.isEmpty)

                // The same id with another payload: refused loudly.
                var forged = try device.write(report: report, task: ids.task, node: ids.node, base: 1, text: "篡改", id: write.id)
                forged.deviceSeq = 99
                let reused = try await device.sync(client, [forged], reference: first.referenceVersion)
                #expect(reused.results[0].status == .rejected)
                #expect(reused.results[0].code == "mutation.id_reused")

                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                let count = try await owner.query("SELECT count(*) FROM duban.report_revisions")
                #expect(try count[0].decode(Int.self, at: 0) == 1)
            }
        }
    }

    @Test func twoDevicesOfOneUnitConflictAndAResolutionEndsIt() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var a = try await TestDevice.signIn("tianma1", client: client)
                var b = try await TestDevice.signIn("tianma1", client: client)
                let ids = try Self.task9(try #require(try await a.sync(client).reference))
                _ = try await b.sync(client)
                let report = UUID()
                _ = try await a.sync(client, [try a.write(report: report, task: ids.task, node: ids.node, base: 0, text: "v1")])
                _ = try await b.sync(client)
                // Both edit version 1 offline; A syncs first.
                let fromA = try a.write(report: report, task: ids.task, node: ids.node, base: 1, text: "A 的修改")
                let fromB = try b.write(report: report, task: ids.task, node: ids.node, base: 1, text: "B 的修改")
                let pushedA = try await a.sync(client, [fromA])
                #expect(pushedA.results[0].status == .applied)
                let pushedB = try await b.sync(client, [fromB])
                #expect(pushedB.results[0].status == .conflict)
                #expect(pushedB.results[0].version == 3)
                #expect(pushedB.results[0].serverVersion == 3)
                let seenByB = pushedB.changes.compactMap(\.reportRevision)
                #expect(seenByB.map(\.text) == ["A 的修改", "B 的修改"], "B gets both revisions")
                #expect(seenByB.last?.inConflict == true)
                #expect(seenByB.last?.openConflicts == 1)
                #expect(seenByB.last?.headRevision == 2)

                let pulledByA = try await a.sync(client)
                #expect(pulledByA.changes.compactMap(\.reportRevision).map(\.text) == ["B 的修改"])

                // A resolves on top of both.
                let resolve = try a.write(report: report, task: ids.task, node: ids.node, base: 3, text: "合并：A 与 B")
                let resolved = try await a.sync(client, [resolve])
                #expect(resolved.results[0].status == .applied)
                #expect(resolved.changes.last?.reportRevision?.openConflicts == 0)
                #expect(resolved.changes.last?.reportRevision?.headRevision == 4)
            }
        }
    }

    @Test func aSecondDeviceCreatingTheSameReportJoinsTheFirst() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var a = try await TestDevice.signIn("tianma1", client: client)
                var b = try await TestDevice.signIn("tianma1", client: client)
                let ids = try Self.task9(try #require(try await a.sync(client).reference))
                let first = try await a.sync(client, [try a.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "A")])
                let second = try await b.sync(client, [try b.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "B")])
                #expect(second.results[0].status == .conflict)
                #expect(second.results[0].reportId == first.results[0].reportId, "B adopts the report A created")
            }
        }
    }

    @Test func rejectionsNameTheReasonAndChangeNothing() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var device = try await TestDevice.signIn("tianma1", client: client)
                let ids = try Self.task9(try #require(try await device.sync(client).reference))
                var badHash = try device.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "x")
                badHash.payloadSha256 = String(repeating: "0", count: 64)
                var notJSON = try device.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "x")
                notJSON.payload = "{not json"
                notJSON.payloadSha256 = sha256Hex(notJSON.payload)
                var unknownKind = try device.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "x")
                unknownKind.kind = "report.delete"
                let batch = [
                    try device.write(report: UUID(), task: ids.otherTask, node: ids.node, base: 0, text: "不是我的任务"),
                    try device.write(report: UUID(), task: ids.naTask, node: ids.node, base: 0, text: "不涉及"),
                    try device.write(report: UUID(), task: ids.task, node: ids.node, base: 7, text: "未来版本"),
                    badHash, notJSON, unknownKind,
                    try device.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "正常", percent: 150),
                    try device.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "正常"),
                ]
                let answer = try await device.sync(client, batch)
                #expect(answer.results.map(\.code) == [
                    "report.no_assignment", "report.not_applicable", "report.base_from_future", "mutation.bad_hash",
                    "mutation.bad_payload", "mutation.unknown_kind", "report.bad_percent", nil,
                ])
                #expect(answer.results.last?.status == .applied, "one bad entry never blocks the rest")
                #expect(answer.results.dropLast().allSatisfy { $0.message?.isEmpty == false && $0.messageZh?.isEmpty == false })

                // Wrong protocol version and another device's token: refused as a whole.
                let old = SyncRequest(protocolVersion: 0, deviceId: device.device, epoch: nil, cursor: 0, referenceVersion: nil, mutations: [])
                let refused = try await client.call(.post, "/v1/sync", token: device.token, json: old)
                #expect(refused.status == .badRequest)
                #expect(errorCode(refused.body) == "sync.bad_protocol")
                let stranger = SyncRequest(deviceId: UUID(), epoch: nil, cursor: 0, referenceVersion: nil, mutations: [])
                #expect(errorCode(try await client.call(.post, "/v1/sync", token: device.token, json: stranger).body) == "sync.wrong_device")
                let wrongType = try await client.call(.post, "/v1/sync", token: device.token,
                                                      raw: ByteBuffer(string: #"{"protocol_version":"1","device_id":"x","cursor":0,"mutations":[]}"#))
                #expect(wrongType.status == .badRequest)

                // Huge: a payload over 256 KiB is rejected alone; a body over the limit is refused whole.
                var huge = try device.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "x")
                huge.payload = String(repeating: "字", count: 100_000)
                huge.payloadSha256 = sha256Hex(huge.payload)
                let hugeAnswer = try await device.sync(client, [huge])
                #expect(hugeAnswer.results[0].code == "mutation.too_large")
                let body = SyncRequest(deviceId: device.device, epoch: nil, cursor: 0, referenceVersion: nil,
                                       mutations: Array(repeating: huge, count: 40))
                let tooBig = try await client.call(.post, "/v1/sync", token: device.token, json: body)
                #expect(tooBig.status == .contentTooLarge)
                #expect(errorCode(tooBig.body) == "too_large")

                // An admin never writes a unit's report.
                var admin = try await TestDevice.signIn("admin", client: client)
                let adminWrite = try await admin.sync(client, [try admin.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "管理员")])
                #expect(adminWrite.results[0].code == "report.not_staff")

                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                #expect(try await owner.query("SELECT count(*) FROM duban.report_revisions")[0].decode(Int.self, at: 0) == 1)
            }
        }
    }

    @Test func eachAccountPullsOnlyWhatItMaySee() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                var jiahe = try await TestDevice.signIn("jiahe1", client: client)
                var lead = try await TestDevice.signIn("zjj1", client: client)
                var supervisor = try await TestDevice.signIn("super", client: client)
                let ids = try Self.task9(try #require(try await tianma.sync(client).reference))
                _ = try await tianma.sync(client, [try tianma.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "天马")])
                _ = try await jiahe.sync(client, [try jiahe.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "驾鹤")])
                #expect(try await tianma.pullAll(client).compactMap(\.reportRevision?.text) == [])
                var fresh = try await TestDevice.signIn("tianma1", client: client)
                #expect(try await fresh.pullAll(client).compactMap(\.reportRevision?.text) == ["天马"])
                #expect(try await lead.pullAll(client).compactMap(\.reportRevision?.text) == ["天马", "驾鹤"])
                #expect(try await supervisor.pullAll(client).compactMap(\.reportRevision?.text) == ["天马", "驾鹤"])
            }
        }
    }

    @Test func anUnknownEpochOrACursorFromTheFutureStartsOver() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var device = try await TestDevice.signIn("tianma1", client: client)
                let ids = try Self.task9(try #require(try await device.sync(client).reference))
                _ = try await device.sync(client, [try device.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "一")])
                var lost = device
                lost.cursor = 1_000_000
                let restarted = try await lost.sync(client, reference: 1)
                #expect(restarted.epochChanged)
                #expect(restarted.reference != nil)
                #expect(restarted.changes.count == 1)
                var other = device
                other.epoch = "another-epoch"
                let again = try await other.sync(client, reference: 1)
                #expect(again.epochChanged)
                #expect(again.changes.count == 1)
                let normal = try await device.sync(client, reference: 1)
                #expect(!normal.epochChanged)
            }
        }
    }

    /// The pitfall of DESIGN.md: a sequence number is not a commit order. Many writers and pullers at
    /// once; no puller may ever miss a change behind its cursor.
    @Test func concurrentWritersNeverLeaveAPullerBehind() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var probe = try await TestDevice.signIn("tianma1", client: client)
                let ids = try Self.task9(try #require(try await probe.sync(client).reference))
                let writers = 6
                let perWriter = 12
                let pulled = try await withThrowingTaskGroup(of: [Int64]?.self) { group in
                    for writer in 0..<writers {
                        group.addTask {
                            var device = try await TestDevice.signIn(writer.isMultiple(of: 2) ? "tianma1" : "jiahe1", client: client)
                            let report = UUID()
                            var base = 0
                            // Each writer creates its own report for another node so they do not conflict.
                            _ = try await device.sync(client, reference: 1)
                            for n in 0..<perWriter {
                                let write = try device.write(report: report, task: ids.task, node: ids.node + Int64(writer / 2),
                                                             base: base, text: "w\(writer) #\(n)")
                                let answer = try await device.sync(client, [write], reference: 1)
                                base = answer.results[0].serverVersion ?? base
                            }
                            return nil
                        }
                    }
                    for _ in 0..<3 {
                        group.addTask {
                            var puller = try await TestDevice.signIn("super", client: client)
                            var seen: [Int64] = []
                            for _ in 0..<40 {
                                seen += try await puller.pullAll(client, pageSize: 7).map(\.seq)
                            }
                            return seen
                        }
                    }
                    var lists: [[Int64]] = []
                    for try await list in group { if let list { lists.append(list) } }
                    return lists
                }
                // After the writers are done, one more pull by each puller's cursor must not reveal a
                // change numbered below what it had already passed.
                var final = try await TestDevice.signIn("super", client: client)
                let all = try await final.pullAll(client).map(\.seq)
                #expect(all.count == writers * perWriter)
                #expect(all == Array(1...Int64(all.count)), "numbers are gap-free and in order")
                for list in pulled {
                    #expect(list == list.sorted() && Set(list).count == list.count, "a puller never sees a change twice")
                    // Everything a puller saw is a prefix of the full feed: nothing skipped behind its cursor.
                    #expect(list == Array(all.prefix(list.count)), "a puller never skipped a change")
                }
            }
        }
    }
}

@Suite struct SyncVerifyTests {
    @Test func digestsMatchWhatThePullDeliveredAndAScopeCanBeRefetched() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                let ids = try SyncTests.task9(try #require(try await tianma.sync(client).reference))
                let report = UUID()
                _ = try await tianma.sync(client, [try tianma.write(report: report, task: ids.task, node: ids.node, base: 0, text: "一")])
                _ = try await tianma.sync(client, [try tianma.write(report: report, task: ids.task, node: ids.node, base: 1, text: "二")])
                var jiahe = try await TestDevice.signIn("jiahe1", client: client)
                _ = try await jiahe.sync(client, [try jiahe.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "驾鹤")])

                var fresh = try await TestDevice.signIn("tianma1", client: client)
                let held = try await fresh.pullAll(client).compactMap(\.reportRevision)
                let verify = try WireJSON.decoder().decode(SyncVerification.self, from: Data(
                    try await client.call(.get, "/v1/sync/verify", token: fresh.token).body.utf8))
                #expect(verify.scopes.count == 1)
                #expect(verify.scopes[0].taskId == ids.task)
                #expect(verify.scopes[0].revisions == 2)
                let text = ScopeDigest.canonicalText(of: held.map { ($0.reportId, $0.revision) })
                #expect(verify.scopes[0].checksum == sha256Hex(text))

                let scope = try WireJSON.decoder().decode(ScopeSnapshot.self, from: Data(
                    try await client.call(.get, "/v1/sync/scope/\(ids.task)", token: fresh.token).body.utf8))
                #expect(scope.revisions.map(\.text) == ["一", "二"])
                #expect(scope.revisions == held.map { var r = $0; r.reportVersion = 2; r.headRevision = 2; return r })

                let lead = try await client.signIn("zjj1")
                let leadVerify = try WireJSON.decoder().decode(SyncVerification.self, from: Data(
                    try await client.call(.get, "/v1/sync/verify", token: lead).body.utf8))
                #expect(leadVerify.scopes.first?.revisions == 3)
                // The lead unit re-fetching the task gets every responsible unit's revisions, written by other accounts.
                let leadScope = try WireJSON.decoder().decode(ScopeSnapshot.self, from: Data(
                    try await client.call(.get, "/v1/sync/scope/\(ids.task)", token: lead).body.utf8))
                #expect(leadScope.revisions.count == 3)
                #expect(Set(leadScope.revisions.map(\.accountLogin)) == ["tianma1", "jiahe1"])
            }
        }
    }
}
