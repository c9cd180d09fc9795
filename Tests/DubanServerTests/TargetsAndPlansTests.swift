import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import NIOCore
import HummingbirdTesting
import Postgres
import Testing

extension TestDevice {
    mutating func mutation(_ payload: some MutationPayload, base: Int = 0) throws -> MutationEnvelope {
        seq += 1
        let text = try payload.payloadText()
        return MutationEnvelope(id: UUID(), deviceSeq: seq, kind: type(of: payload).kind, baseVersion: base, payload: text,
                                payloadSha256: sha256Hex(text), authoredAt: Date())
    }
}

/// Targets set and split by the office, a lead unit's implementation plan reviewed like a report,
/// indicator values in reports, 序时进度 from the plan's steps and 督办 for a unit behind schedule
/// (task 9 of the seed plan: 区住建局 leads, 天马 and 驾鹤 are responsible; first node 2022-03-28).
@Suite struct TargetsAndPlansTests {
    static func step(_ date: String, _ value: Double, _ note: String) -> ImplementationStep {
        ImplementationStep(date: LocalDate(iso: date)!, values: ["健身路径": value], note: note)
    }

    @Test func aNodeAgainstTheLeadsPlan() async throws {
        let clock = TestClock("2022-03-20T09:00:00+08:00")
        try await AuthFixture.with(clock: clock.serverClock) { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let office = try await client.signIn("super")
                var officeDevice = try await TestDevice.signIn("super", client: client)
                var zjj = try await TestDevice.signIn("zjj1", client: client)
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                var jiahe = try await TestDevice.signIn("jiahe1", client: client)
                let ids = try SyncTests.task9(try #require(try await zjj.sync(client).reference))

                // Targets: set by the office; bad values refused with both languages; staff refused.
                let set = try await client.decoded(TargetList.self, .put, "/v1/targets", token: office,
                                                   json: TargetSetRequest(taskNumber: 9, indicator: "健身路径", measure: "套", target: 30))
                // The import proposed three from the city standard; setting one confirms it as the office's.
                #expect(set.indicators.map(\.name) == ["游园", "健身路径", "篮球场"])
                let fitness = try #require(set.indicators.first { $0.name == "健身路径" })
                #expect(fitness.confirmed && fitness.source == .office && set.indicators.filter { $0.confirmed }.count == 1)
                for bad in [0.0, -3] {
                    let refused = try await client.call(.put, "/v1/targets", token: office,
                                                        json: TargetSetRequest(taskNumber: 9, indicator: "篮球场", measure: "个", target: bad))
                    #expect(refused.status == .unprocessableContent && errorCode(refused.body) == "target.bad_target")
                    #expect(refused.body.contains("目标值须为大于零"))
                }
                let staffSet = try await client.call(.put, "/v1/targets", token: zjj.token,
                                                     json: TargetSetRequest(taskNumber: 9, indicator: "健身路径", measure: "套", target: 3))
                #expect(staffSet.status == .forbidden)
                _ = try await client.decoded(TargetList.self, .post, "/v1/targets/split", token: office,
                                             json: TargetSplitRequest(taskNumber: 9, indicator: "健身路径", unitCode: "jd-tianma", target: 4))
                let split = try await client.decoded(TargetList.self, .post, "/v1/targets/split", token: office,
                                                     json: TargetSplitRequest(taskNumber: 9, indicator: "健身路径", unitCode: "jd-jiahe", target: 4))
                #expect(split.indicators.first { $0.name == "健身路径" }?.splits == [IndicatorSplit(unitCode: "jd-jiahe", target: 4), IndicatorSplit(unitCode: "jd-tianma", target: 4)])
                #expect(split.warnings.first?.zh.contains("尚有 22 套未分解") == true)
                let over = try await client.call(.post, "/v1/targets/split", token: office,
                                                 json: TargetSplitRequest(taskNumber: 9, indicator: "健身路径", unitCode: "jd-jiahe", target: 27))
                #expect(errorCode(over.body) == "target.split_over")
                let unknownUnit = try await client.call(.post, "/v1/targets/split", token: office,
                                                        json: TargetSplitRequest(taskNumber: 9, indicator: "健身路径", unitCode: "zhen-luorong", target: 1))
                #expect(errorCode(unknownUnit.body) == "unit.not_assigned")

                // The lead's implementation plan: three steps. A unit that does not lead, a step
                // outside the plan's year and an unknown indicator are refused alone.
                let planID = UUID()
                let steps = [Self.step("2022-03-31", 3, "设计招标"), Self.step("2022-06-30", 15, "开工建设"),
                             Self.step("2022-11-30", 30, "完工验收")]
                let plan = ImplementationWritePayload(implementationId: planID, taskId: ids.task, measures: "分片包干，每月调度。",
                                                      steps: steps, splits: [ProposedSplit(indicator: "健身路径", unitCode: "jd-tianma", target: 4)])
                var outside = plan
                outside.implementationId = UUID()
                outside.steps.append(Self.step("2023-01-10", 30, "收尾"))
                var unknown = plan
                unknown.steps = [ImplementationStep(date: LocalDate(iso: "2022-05-01")!, values: ["篮球场": 2])]
                let written = try await zjj.sync(client, [try zjj.mutation(outside), try zjj.mutation(unknown), try zjj.mutation(plan)])
                #expect(written.results.map(\.status) == [.rejected, .rejected, .applied])
                #expect(written.results.map(\.code) == ["implementation.step_outside_year", "report.unknown_indicator", nil])
                #expect(written.results[2].reportId == planID && written.results[2].version == 1)
                let notLead = try await tianma.sync(client, [try tianma.mutation(ImplementationWritePayload(
                    implementationId: UUID(), taskId: ids.task, measures: "x", steps: steps))])
                #expect(notLead.results[0].code == "implementation.not_lead")
                #expect(notLead.results[0].messageZh?.contains("只有牵头单位编写实施方案") == true)

                // The office accepts it; a revision after acceptance needs its reason.
                let byStaff = try await zjj.sync(client, [try zjj.mutation(ImplementationReviewPayload(
                    implementationId: planID, revision: 1, decision: .accept))])
                #expect(byStaff.results[0].code == "implementation.not_office")
                let accepted = try await officeDevice.sync(client, [try officeDevice.mutation(ImplementationReviewPayload(
                    implementationId: planID, revision: 1, decision: .accept))])
                #expect(accepted.results[0].status == .applied)
                let unexplained = try await zjj.sync(client, [try zjj.mutation(plan, base: 1)])
                #expect(unexplained.results[0].code == "implementation.reason_required")
                // The revised plan cites evidence: the office reviewing it reads the file; a responsible
                // unit, which reads only the accepted revision, does not.
                let pdf = "%PDF-1.7\n% 实施方案附件\n"
                let sha = sha256Hex(pdf)
                _ = try await client.decoded(EvidenceStatus.self, .post, "/v1/evidence", token: zjj.token,
                                             json: EvidenceDeclaration(sha256: sha, size: Int64(pdf.utf8.count), mediaType: "application/pdf"))
                let uploaded = try await client.call(.put, "/v1/evidence/\(sha)?offset=0", token: zjj.token, raw: ByteBuffer(string: pdf))
                #expect(uploaded.status == .ok, "\(uploaded.body)")
                var revised = plan
                revised.reason = "工期调整"
                revised.measures = "第二版：草稿中的内部安排"
                revised.evidence = [sha]
                #expect(try await zjj.sync(client, [try zjj.mutation(revised, base: 1)]).results[0].status == .applied)
                #expect(try await client.call(.get, "/v1/evidence/\(sha)", token: office).status == .ok)
                #expect(try await client.call(.get, "/v1/evidence/\(sha)", token: jiahe.token).status == .notFound)

                // The database holds the same rules: a unit never decides on its own plan nor rewrites
                // its numbers, and a responsible unit reads the accepted revision only.
                for change in ["state = 'accepted', accepted_revision = version", "accepted_revision = NULL", "version = version + 5",
                               "unit_id = unit_id + 1"] {
                    let refused: Int? = try? await RowLevelSecurityTests.asAccount("zjj1", fixture: fixture) { connection in
                        try await connection.execute("UPDATE duban.implementation_plans SET \(unescaped: change)")
                        return 1
                    }
                    #expect(refused == nil, "the lead's own update passed: \(change)")
                }
                let readByTianma = try await RowLevelSecurityTests.asAccount("tianma1", fixture: fixture) { connection in
                    try await RowLevelSecurityTests.count("implementation_revisions", on: connection)
                }
                let readByLead = try await RowLevelSecurityTests.asAccount("zjj1", fixture: fixture) { connection in
                    try await RowLevelSecurityTests.count("implementation_revisions", on: connection)
                }
                #expect(readByTianma == 1 && readByLead == 2, "responsible \(readByTianma), lead \(readByLead)")

                // Responsible units see the accepted plan; the admin sees none.
                let seenByTianma = try #require(try await tianma.sync(client).reference).implementationPlans
                #expect(seenByTianma.count == 1 && seenByTianma[0].accepted?.steps == steps && seenByTianma[0].state == .accepted)
                var admin = try await TestDevice.signIn("admin", client: client)
                #expect(try #require(try await admin.sync(client).reference).implementationPlans.isEmpty)
                for table in ["implementation_plans", "implementation_revisions", "implementation_reviews"] {
                    let byAdmin = try await RowLevelSecurityTests.asAccount("admin", fixture: fixture) { connection in
                        try await RowLevelSecurityTests.count(table, on: connection)
                    }
                    let byOffice = try await RowLevelSecurityTests.asAccount("super", fixture: fixture) { connection in
                        try await RowLevelSecurityTests.count(table, on: connection)
                    }
                    #expect(byAdmin == 0 && byOffice > 0, "\(table): admin \(byAdmin), office \(byOffice)")
                }

                // Indicator values in reports, on time; an unknown indicator and a negative value are refused.
                clock.set("2022-03-24T10:00:00+08:00")
                func report(_ device: inout TestDevice, _ values: [String: Double]) throws -> MutationEnvelope {
                    try device.mutation(ReportWritePayload(reportId: UUID(), taskId: ids.task, nodeId: ids.node, text: "进展",
                                                           quantities: values, difficulties: "用地待协调"))
                }
                let badValues = try await tianma.sync(client, [try report(&tianma, ["篮球场": 1]), try report(&tianma, ["健身路径": -1])])
                #expect(badValues.results.map(\.code) == ["report.unknown_indicator", "report.bad_indicator_value"])
                #expect(try await tianma.sync(client, [try report(&tianma, ["健身路径": 0])]).results[0].status == .applied)
                #expect(try await jiahe.sync(client, [try report(&jiahe, ["健身路径": 1])]).results[0].status == .applied)

                // 序时进度 on 28 March follows the steps: 3 × 86/89 for the task, its 4/30 for each share.
                clock.set("2022-03-28T12:00:00+08:00")
                let figures = try await client.decoded(IndicatorReport.self, .get, "/v1/oversight/indicators?task=9&date=2022-03-28",
                                                       token: office)
                let expectedTask = 3.0 * 86 / 89
                let taskRow = try #require(figures.rows.first { $0.unitCode == nil })
                #expect(abs(taskRow.expected - expectedTask) < 1e-9 && taskRow.actual == 1 && taskRow.basis == .implementationPlan)
                #expect(abs(taskRow.gap - (expectedTask - 1)) < 1e-9)
                let tianmaRow = try #require(figures.rows.first { $0.unitCode == "jd-tianma" })
                #expect(abs(tianmaRow.expected - expectedTask * 4 / 30) < 1e-9 && tianmaRow.actual == 0 && tianmaRow.target == 4)
                #expect(abs(tianmaRow.gapPoints - expectedTask / 30 * 100) < 1e-9)

                // On time but behind: urged for the work, not the report; an office ahead is not.
                let late = try await client.call(.post, "/v1/supervision/urges", token: office,
                                                 json: UrgeRequest(taskNumber: 9, unitCode: "jd-tianma", message: ""))
                #expect(errorCode(late.body) == "urge.not_late")
                let urge = try await client.decoded(UrgeRecord.self, .post, "/v1/supervision/urges", token: office,
                                                    json: UrgeRequest(taskNumber: 9, unitCode: "jd-tianma", message: "", reason: .behindSchedule))
                #expect(urge.reason == .behindSchedule && urge.timeliness == .onTime)
                #expect(abs((urge.figures?.gapPoints ?? 0) - expectedTask / 30 * 100) < 1e-9)
                #expect(urge.message.contains("滞后序时进度9.7个百分点"))
                let ahead = try await client.call(.post, "/v1/supervision/urges", token: office,
                                                  json: UrgeRequest(taskNumber: 9, unitCode: "jd-jiahe", message: "", reason: .behindSchedule))
                #expect(ahead.status == .conflict && errorCode(ahead.body) == "urge.not_behind")
                let order = try await client.decoded(SupervisionOrderRecord.self, .post, "/v1/supervision/orders", token: office,
                                                     json: OrderRequest(taskNumber: 9, unitCode: "jd-tianma", note: "进度滞后", reason: .behindSchedule))
                #expect(order.reason == .behindSchedule && order.figures != nil)
                // The circular's draft says what was done against the target and the gap, and names
                // each missing unit once with all its tasks.
                let circular = try await client.decoded(CircularRecord.self, .post, "/v1/supervision/circulars", token: office,
                                                        json: CircularDraftRequest(nodeDate: LocalDate(iso: "2022-03-28")!))
                #expect(circular.body.contains("健身路径已完成1套，占目标3.3%，滞后序时进度6.3个百分点"), "\(circular.body)")
                #expect(circular.body.range(of: #"区财政局（第\d+(、\d+)+项）"#, options: .regularExpression) != nil, "\(circular.body)")
                // The unit reads why it was urged.
                #expect(try await tianma.sync(client).changes.compactMap(\.urge).last?.reason == .behindSchedule)
            }
        }
    }
}
