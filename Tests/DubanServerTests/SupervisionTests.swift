import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

extension TestDevice {
    mutating func requestExtension(task: Int64, node: Int64, until: LocalDate?, reason: String, id: UUID = UUID()) throws
        -> MutationEnvelope
    {
        seq += 1
        let payload = String(decoding: try WireJSON.encoder().encode(
            ExtensionRequestPayload(extensionId: id, taskId: task, nodeId: node, requestedDueDate: until, reason: reason)),
            as: UTF8.self)
        return MutationEnvelope(id: UUID(), deviceSeq: seq, kind: ExtensionRequestPayload.kind, baseVersion: 0, payload: payload,
                                payloadSha256: sha256Hex(payload), authoredAt: Date())
    }
}

extension TestClientProtocol {
    /// Calls the API and decodes a 2xx answer; anything else fails the test with the body.
    func decoded<T: Decodable>(_ type: T.Type, _ method: HTTPRequest.Method, _ uri: String, token: String,
                               json: (any Encodable)? = nil) async throws -> T {
        let answer = try await call(method, uri, token: token, json: json)
        #expect((200..<300).contains(answer.status.code), "\(method) \(uri): \(answer.status) \(answer.body)")
        return try WireJSON.decoder().decode(T.self, from: Data(answer.body.utf8))
    }
}

/// The supervision office's side of a node, judged by a clock the test sets (plan zone Asia/Shanghai;
/// task 9's first node is 2022-03-28, responsible units due 2022-03-25).
@Suite struct SupervisionTests {
    static func standing(_ overview: SupervisionOverview, task: Int, unit: String) throws -> UnitStanding {
        try #require(overview.units.first { $0.taskNumber == task && $0.unitCode == unit })
    }

    @Test func deadlineEdgesJudgedByReceiptOnTheServer() async throws {
        let clock = TestClock("2022-03-25T12:00:00+08:00")
        try await AuthFixture.with(clock: clock.serverClock) { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                var jiahe = try await TestDevice.signIn("jiahe1", client: client)
                let office = try await client.signIn("super")
                let ids = try SyncTests.task9(try #require(try await tianma.sync(client).reference))
                _ = try await jiahe.sync(client)

                // Written (authored) long before, received at the last second of the due day: on time.
                clock.set("2022-03-25T23:59:59+08:00")
                _ = try await tianma.sync(client, [try tianma.write(report: UUID(), task: ids.task, node: ids.node, base: 0,
                                                                    text: "按时", percent: 30)])
                // Received at the first instant of the next day: one day late, whatever the client claims.
                clock.set("2022-03-26T00:00:00+08:00")
                _ = try await jiahe.sync(client, [try jiahe.write(report: UUID(), task: ids.task, node: ids.node, base: 0,
                                                                  text: "迟了", percent: 30)])
                let overview = try await client.decoded(SupervisionOverview.self, .get, "/v1/supervision/overview?node=2022-03-28",
                                                        token: office)
                let onTime = try Self.standing(overview, task: 9, unit: "jd-tianma")
                #expect(onTime.timeliness == .onTime && onTime.scheduledDueDate.description == "2022-03-25")
                #expect(onTime.firstAuthoredAt == Date(timeIntervalSince1970: 1_650_000_000), "the client's claim is kept and shown")
                let late = try Self.standing(overview, task: 9, unit: "jd-jiahe")
                #expect(late.timeliness == .late && late.daysLate == 1)
                #expect(late.light == .red && late.reasons.contains(.late))
                // Not yet due for the lead (due on the node itself); missing for offices that sent nothing.
                #expect(try Self.standing(overview, task: 9, unit: "zjj").timeliness == .pending)
                // Task 9: four bureaus and eight subdistrict offices are responsible; two reported.
                let silent = overview.units.filter { $0.taskNumber == 9 && $0.role == .responsible && $0.firstReceivedAt == nil }
                #expect(silent.count == 10 && silent.allSatisfy { $0.timeliness == .missing })
                // A not-applicable task has nobody due; a unit without an assignment is never due.
                #expect(!overview.units.contains { $0.taskNumber == 2 })
                #expect(overview.tasks.first { $0.taskNumber == 2 }?.notApplicable == true)
                let unassigned = try await client.call(.post, "/v1/supervision/urges", token: office,
                                                       json: UrgeRequest(taskNumber: 1, unitCode: "jd-tianma", message: "催"))
                #expect(unassigned.status == .unprocessableContent && errorCode(unassigned.body) == "unit.not_assigned")

                // The same plan in another zone: 23:59:59 in Berlin on the due day is on time there.
                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                try await owner.execute("UPDATE duban.plans SET time_zone = 'Europe/Berlin'")
                let berlin = try await client.decoded(SupervisionOverview.self, .get, "/v1/supervision/overview?node=2022-03-28",
                                                      token: office)
                // 2022-03-26T00:00+08:00 is 2022-03-25T17:00 in Berlin: on time there.
                #expect(try Self.standing(berlin, task: 9, unit: "jd-jiahe").timeliness == .onTime)
            }
        }
    }

    @Test func extensionsGrantAndExemptCountAsOnTime() async throws {
        let clock = TestClock("2022-03-20T09:00:00+08:00")
        try await AuthFixture.with(clock: clock.serverClock) { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var jiahe = try await TestDevice.signIn("jiahe1", client: client)
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                let office = try await client.signIn("super")
                let ids = try SyncTests.task9(try #require(try await jiahe.sync(client).reference))
                _ = try await tianma.sync(client)

                let wanted = LocalDate(iso: "2022-03-27")!
                let extensionID = UUID()
                // Illegal: no reason; a date not after the schedule; a second request while one waits.
                let noReason = try await jiahe.sync(client, [try jiahe.requestExtension(task: ids.task, node: ids.node, until: wanted, reason: " ")])
                #expect(noReason.results[0].code == "extension.reason_required")
                let early = try await jiahe.sync(client, [try jiahe.requestExtension(task: ids.task, node: ids.node,
                                                                                     until: LocalDate(iso: "2022-03-25")!, reason: "x")])
                #expect(early.results[0].code == "extension.not_later")
                let asked = try await jiahe.sync(client, [try jiahe.requestExtension(task: ids.task, node: ids.node, until: wanted,
                                                                                     reason: "社区换届", id: extensionID)])
                #expect(asked.results[0].status == .applied)
                let twice = try await jiahe.sync(client, [try jiahe.requestExtension(task: ids.task, node: ids.node, until: wanted, reason: "再次")])
                #expect(twice.results[0].code == "extension.pending_exists")
                let notAssigned = try await jiahe.sync(client, [try jiahe.requestExtension(task: ids.otherTask, node: ids.node,
                                                                                            until: wanted, reason: "x")])
                #expect(notAssigned.results[0].code == "report.no_assignment")

                let refuseBare = try await client.call(.post, "/v1/supervision/extensions/\(extensionID)/decision", token: office,
                                                       json: ExtensionDecisionRequest(decision: .refuse))
                #expect(errorCode(refuseBare.body) == "extension.note_required")
                let granted = try await client.decoded(ExtensionRecord.self, .post, "/v1/supervision/extensions/\(extensionID)/decision",
                                                       token: office, json: ExtensionDecisionRequest(decision: .grant, note: "同意"))
                #expect(granted.state == .granted && granted.grantedDueDate == wanted)
                let again = try await client.call(.post, "/v1/supervision/extensions/\(extensionID)/decision", token: office,
                                                  json: ExtensionDecisionRequest(decision: .exempt))
                #expect(again.status == .conflict && errorCode(again.body) == "extension.decided")
                // The unit sees the decision on its next sync.
                let seen = try await jiahe.sync(client)
                #expect(seen.changes.compactMap(\.extension).last?.state == .granted)

                // Received after the scheduled day but within the extension: on time.
                clock.set("2022-03-27T23:00:00+08:00")
                _ = try await jiahe.sync(client, [try jiahe.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "延期内")])
                // An exemption: nothing reported and still on time.
                let exemptID = UUID()
                _ = try await tianma.sync(client, [try tianma.requestExtension(task: ids.task, node: ids.node, until: nil,
                                                                               reason: "该社区已完成", id: exemptID)])
                _ = try await client.decoded(ExtensionRecord.self, .post, "/v1/supervision/extensions/\(exemptID)/decision",
                                             token: office, json: ExtensionDecisionRequest(decision: .exempt))
                clock.set("2022-03-29T10:00:00+08:00")
                let overview = try await client.decoded(SupervisionOverview.self, .get, "/v1/supervision/overview?node=2022-03-28",
                                                        token: office)
                let extended = try Self.standing(overview, task: 9, unit: "jd-jiahe")
                #expect(extended.timeliness == .onTime && extended.extendedTo == wanted)
                #expect(try Self.standing(overview, task: 9, unit: "jd-tianma").timeliness == .exempted)
                let urgeExempt = try await client.call(.post, "/v1/supervision/urges", token: office,
                                                       json: UrgeRequest(taskNumber: 9, unitCode: "jd-tianma", message: "催"))
                #expect(urgeExempt.status == .conflict && errorCode(urgeExempt.body) == "urge.not_late")
            }
        }
    }

    @Test func urgesAndGradedOrdersFollowTheirStateMachine() async throws {
        let clock = TestClock("2022-03-25T10:00:00+08:00")
        try await AuthFixture.with(clock: clock.serverClock) { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                var jiahe = try await TestDevice.signIn("jiahe1", client: client)
                let office = try await client.signIn("super")
                let ids = try SyncTests.task9(try #require(try await tianma.sync(client).reference))
                _ = try await jiahe.sync(client)
                _ = try await tianma.sync(client, [try tianma.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "按时")])

                // Before the deadline nobody is late; after it, the on-time unit still cannot be urged or ordered.
                let early = try await client.call(.post, "/v1/supervision/urges", token: office,
                                                  json: UrgeRequest(taskNumber: 9, unitCode: "jd-jiahe", message: "催"))
                #expect(errorCode(early.body) == "urge.not_late")
                clock.set("2022-03-26T09:00:00+08:00")
                let onTime = try await client.call(.post, "/v1/supervision/urges", token: office,
                                                   json: UrgeRequest(taskNumber: 9, unitCode: "jd-tianma", message: "催"))
                #expect(onTime.status == .conflict && errorCode(onTime.body) == "urge.not_late")
                let onTimeOrder = try await client.call(.post, "/v1/supervision/orders", token: office,
                                                        json: OrderRequest(taskNumber: 9, unitCode: "jd-tianma", note: "督办"))
                #expect(errorCode(onTimeOrder.body) == "order.not_late")

                let urge = try await client.decoded(UrgeRecord.self, .post, "/v1/supervision/urges", token: office,
                                                    json: UrgeRequest(taskNumber: 9, unitCode: "jd-jiahe", message: "请今日报送"))
                #expect(urge.timeliness == .missing && urge.nodeDate.description == "2022-03-28")
                let seen = try await jiahe.sync(client)
                #expect(seen.changes.compactMap(\.urge).map(\.message) == ["请今日报送"])
                #expect(try await tianma.sync(client).changes.compactMap(\.urge).isEmpty, "another unit never sees it")

                var order = try await client.decoded(SupervisionOrderRecord.self, .post, "/v1/supervision/orders", token: office,
                                                     json: OrderRequest(taskNumber: 9, unitCode: "jd-jiahe", note: "逾期未报"))
                #expect(order.grade == .blue && order.state == .open)
                let duplicate = try await client.call(.post, "/v1/supervision/orders", token: office,
                                                      json: OrderRequest(taskNumber: 9, unitCode: "jd-jiahe", note: "再次"))
                #expect(errorCode(duplicate.body) == "order.open_exists")
                clock.set("2022-03-26T10:00:00+08:00")
                let noNewLateness = try await client.call(.post, "/v1/supervision/orders/\(order.id)/escalate", token: office,
                                                          json: OrderRequest(note: "升级"))
                #expect(noNewLateness.status == .conflict && errorCode(noNewLateness.body) == "order.no_new_lateness")
                for expected in [OrderGrade.yellow, .red] {
                    clock.set(expected == .yellow ? "2022-03-26T11:00:00+08:00" : "2022-03-26T13:00:00+08:00")
                    _ = try await client.decoded(UrgeRecord.self, .post, "/v1/supervision/urges", token: office,
                                                 json: UrgeRequest(taskNumber: 9, unitCode: "jd-jiahe", message: "再催"))
                    clock.set(expected == .yellow ? "2022-03-26T12:00:00+08:00" : "2022-03-26T14:00:00+08:00")
                    order = try await client.decoded(SupervisionOrderRecord.self, .post, "/v1/supervision/orders/\(order.id)/escalate",
                                                     token: office, json: OrderRequest(note: "屡催不报"))
                    #expect(order.grade == expected)
                }
                clock.set("2022-03-27T10:00:00+08:00")
                _ = try await client.decoded(UrgeRecord.self, .post, "/v1/supervision/urges", token: office,
                                             json: UrgeRequest(taskNumber: 9, unitCode: "jd-jiahe", message: "三催"))
                let beyondRed = try await client.call(.post, "/v1/supervision/orders/\(order.id)/escalate", token: office,
                                                      json: OrderRequest(note: "升级"))
                #expect(errorCode(beyondRed.body) == "order.max_grade")
                let noNote = try await client.call(.post, "/v1/supervision/orders/\(order.id)/close", token: office,
                                                   json: OrderRequest(note: ""))
                #expect(errorCode(noNote.body) == "supervision.note_required")
                order = try await client.decoded(SupervisionOrderRecord.self, .post, "/v1/supervision/orders/\(order.id)/close",
                                                 token: office, json: OrderRequest(note: "已补报"))
                #expect(order.state == .closed && order.grade == .red)
                #expect(order.history.map(\.action) == [.issued, .escalated, .escalated, .closed])
                #expect(order.history.map(\.grade) == [.blue, .yellow, .red, .red])
                let closedAgain = try await client.call(.post, "/v1/supervision/orders/\(order.id)/close", token: office,
                                                        json: OrderRequest(note: "x"))
                #expect(errorCode(closedAgain.body) == "order.closed")
                // The unit holds the order's whole history after one sync.
                let orders = try await jiahe.sync(client).changes.compactMap(\.supervisionOrder)
                #expect(orders.last?.history.count == 4 && orders.last?.state == .closed)
                // Staff cannot call the office's routes.
                #expect(try await client.call(.post, "/v1/supervision/urges", token: jiahe.token,
                                              json: UrgeRequest(taskNumber: 9, unitCode: "jd-tianma", message: "x")).status == .forbidden)
            }
        }
    }

    @Test func circularsAreNumberedIssuedOnceAndReachEveryUnit() async throws {
        let clock = TestClock("2022-03-29T09:00:00+08:00")
        try await AuthFixture.with(clock: clock.serverClock) { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                let office = try await client.signIn("super")
                _ = try await tianma.sync(client)
                let draft = try await client.decoded(CircularRecord.self, .post, "/v1/supervision/circulars", token: office,
                                                     json: CircularDraftRequest(nodeDate: LocalDate(iso: "2022-03-28")!))
                #expect(draft.state == .draft && draft.number == nil)
                #expect(draft.snapshot.missingUnits.contains { $0.unitCode == "jd-tianma" && $0.taskNumber == 9 })
                #expect(draft.body.contains("天马街道办事处（第9项）"), "the body names the missing unit and its task")
                #expect(draft.body.hasSuffix("区委区政府督查绩效办"), "signed by the office")
                #expect(try await tianma.sync(client).changes.compactMap(\.circular).isEmpty, "a draft reaches nobody")
                let unitDraft = try await client.call(.get, "/v1/supervision/circulars/\(draft.id)", token: tianma.token)
                #expect(unitDraft.status == .forbidden)

                let edited = try await client.decoded(CircularRecord.self, .put, "/v1/supervision/circulars/\(draft.id)", token: office,
                                                      json: CircularEditRequest(body: draft.body + "\n特此通报。"))
                #expect(edited.body.hasSuffix("特此通报。"))
                let issued = try await client.decoded(CircularRecord.self, .post, "/v1/supervision/circulars/\(draft.id)/issue", token: office)
                #expect(issued.number == 1 && issued.documentNumber == "〔2022〕1号" && issued.state == .issued)
                // The foot of an issued circular witnesses the audit chain's newest signed checkpoint (none yet).
                #expect(issued.body == edited.body + "\n\n审计链检查点：尚无签署的检查点\n", "\(issued.body)")
                let change = try await client.call(.put, "/v1/supervision/circulars/\(draft.id)", token: office,
                                                   json: CircularEditRequest(title: "改标题"))
                #expect(change.status == .conflict && errorCode(change.body) == "circular.issued")
                let reissue = try await client.call(.post, "/v1/supervision/circulars/\(draft.id)/issue", token: office)
                #expect(errorCode(reissue.body) == "circular.issued")
                // Not even the database owner changes an issued circular.
                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                await #expect(throws: PostgresError.self) {
                    try await owner.execute("UPDATE duban.circulars SET body = 'x' WHERE id = \(draft.id)")
                }
                await #expect(throws: PostgresError.self) {
                    try await owner.execute("DELETE FROM duban.circulars WHERE id = \(draft.id)")
                }

                let second = try await client.decoded(CircularRecord.self, .post, "/v1/supervision/circulars", token: office,
                                                      json: CircularDraftRequest(nodeDate: LocalDate(iso: "2022-03-28")!))
                try await owner.execute("""
                    INSERT INTO duban.audit_checkpoints (seq, head_hash, signed_at, key_id, public_key, signature)
                    VALUES (7, repeat('ab', 32), '2022-03-28T02:00:00Z', '0123456789abcdef', repeat('A', 43) || '=', repeat('B', 86) || '==')
                    """)
                let secondIssued = try await client.decoded(CircularRecord.self, .post, "/v1/supervision/circulars/\(second.id)/issue",
                                                            token: office)
                #expect(secondIssued.documentNumber == "〔2022〕2号")
                #expect(secondIssued.body.hasSuffix("\n\n审计链检查点：第 7 条，哈希 abababababab，2022年3月28日 10:00:00 签署（密钥 0123456789abcdef）\n"),
                        "\(secondIssued.body.suffix(200))")
                let received = try await tianma.sync(client).changes.compactMap(\.circular)
                #expect(received.map(\.documentNumber) == ["〔2022〕1号", "〔2022〕2号"])
                #expect(received.first?.body == issued.body)
            }
        }
    }

    @Test func theOfficeReviewsConsolidatedReportsAndFollowsInspections() async throws {
        let clock = TestClock("2022-03-28T10:00:00+08:00")
        try await AuthFixture.with(clock: clock.serverClock) { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var lead = try await TestDevice.signIn("zjj1", client: client)
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                var office = try await TestDevice.signIn("super", client: client)
                let reference = try #require(try await lead.sync(client).reference)
                let ids = try SyncTests.task9(reference)
                let leads = reference.assignments.filter { $0.taskId == ids.task && $0.role == .lead }.map(\.unitCode)
                #expect(leads.count == 2 && leads.contains("zjj"))
                _ = try await tianma.sync(client)
                _ = try await office.sync(client)
                let responsible = UUID()
                let consolidated = UUID()
                _ = try await tianma.sync(client, [try tianma.write(report: responsible, task: ids.task, node: ids.node, base: 0, text: "街道")])
                _ = try await lead.sync(client, [try lead.write(report: consolidated, task: ids.task, node: ids.node, base: 0, text: "汇总")])

                let wrongTier = try await office.sync(client, [try office.review(report: responsible, revision: 1, decision: .accept)])
                #expect(wrongTier.results[0].code == "review.not_consolidated")
                let ownLead = try await lead.sync(client, [try lead.review(report: consolidated, revision: 1, decision: .accept)])
                #expect(ownLead.results[0].code == "review.not_lead", "a lead unit does not review its own consolidated report")
                let returned = try await office.sync(client, [try office.review(report: consolidated, revision: 1, decision: .return,
                                                                                reason: "缺少数据")])
                #expect(returned.results[0].status == .applied)
                #expect(try await lead.sync(client).changes.compactMap(\.reportReview).last?.reviewState == .returned)
                _ = try await lead.sync(client, [try lead.write(report: consolidated, task: ids.task, node: ids.node, base: 1, text: "补充")])
                let accepted = try await office.sync(client, [try office.review(report: consolidated, revision: 2, decision: .accept)])
                #expect(accepted.results[0].status == .applied)

                let inspection = try await client.decoded(InspectionRecord.self, .post, "/v1/supervision/inspections", token: office.token,
                                                          json: InspectionRequest(taskNumber: 9, unitCode: "jd-tianma", kind: .onSite,
                                                                                  inspectedOn: LocalDate(iso: "2022-04-02")!,
                                                                                  inspectors: ["李明", "王芳"], findings: "器材老化",
                                                                                  rectification: "更换器材", rectificationDue: LocalDate(iso: "2022-04-30")!))
                #expect(inspection.state == .rectifying && inspection.unitCode == "jd-tianma")
                _ = try await client.decoded(InspectionRecord.self, .post, "/v1/supervision/inspections/\(inspection.id)/progress",
                                             token: office.token, json: InspectionNoteRequest(note: "已采购"))
                let closed = try await client.decoded(InspectionRecord.self, .post, "/v1/supervision/inspections/\(inspection.id)/close",
                                                      token: office.token, json: InspectionNoteRequest(note: "已更换，复查合格"))
                #expect(closed.state == .closed && closed.history.map(\.action) == [.recorded, .progress, .closed])
                let again = try await client.call(.post, "/v1/supervision/inspections/\(inspection.id)/close", token: office.token,
                                                  json: InspectionNoteRequest(note: "x"))
                #expect(again.status == .conflict && errorCode(again.body) == "inspection.closed")
                let seen = try await tianma.sync(client).changes.compactMap(\.inspection)
                #expect(seen.last?.state == .closed && seen.count == 3)
                let noRectification = try await client.decoded(InspectionRecord.self, .post, "/v1/supervision/inspections",
                                                               token: office.token,
                                                               json: InspectionRequest(taskNumber: 9, kind: .online,
                                                                                       inspectedOn: LocalDate(iso: "2022-04-03")!,
                                                                                       inspectors: ["李明"], findings: "台账齐全"))
                #expect(noRectification.state == .closed && noRectification.unitCode == leads.sorted().first, "the lead unit by default")
            }
        }
    }
}
