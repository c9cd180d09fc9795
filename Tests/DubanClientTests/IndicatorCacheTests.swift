@testable import DubanClient
import DubanCore
import Foundation
import Testing

/// Indicators and implementation plans in the cache: stored with the reference data, checked before
/// anything is saved, sent through the outbox, summed by the consolidation.
@Suite struct IndicatorCacheTests {
    let base = LocalCacheTests()
    static let now = LocalCacheTests.now
    static let planId = UUID()

    static let paths = Indicator(id: 1, taskId: 9, name: "健身路径", measure: "条", target: 30, source: .cityStandard,
                                 confirmed: true, phrase: "新建健身路径30条",
                                 splits: [IndicatorSplit(unitCode: "jd-jiahe", target: 10), IndicatorSplit(unitCode: "jd-tianma", target: 12)])
    static let parks = Indicator(id: 2, taskId: 9, name: "游园", measure: "个", target: 5, confirmed: false)

    static let plan = ImplementationPlanRecord(
        id: planId, taskId: 9, unitCode: "zjj", version: 2, state: .submitted, acceptedRevision: 1,
        revisions: [
            .init(revision: 1, measures: "分片包干", steps: [ImplementationStep(date: LocalDate(iso: "2022-06-30")!, values: ["健身路径": 10])],
                  splits: [], evidence: nil, reason: nil, accountLogin: "zjj1", authoredAt: now, receivedAt: now),
            .init(revision: 2, measures: "分片包干，月度调度", steps: [ImplementationStep(date: LocalDate(iso: "2022-06-30")!, values: ["健身路径": 12])],
                  splits: [], evidence: nil, reason: "加快进度", accountLogin: "zjj1", authoredAt: now, receivedAt: now),
        ],
        reviews: [.init(revision: 1, decision: .accept, reason: nil, reviewerLogin: "dcb1", decidedAt: now)])

    static let reference: ReferenceData = {
        var reference = ConsolidationTests.reference
        reference.plans[0].progressRule = ProgressLightRule(yellowGap: 4, redGap: 12)
        reference.indicators = [paths, parks]
        reference.implementationPlans = [plan]
        return reference
    }()

    /// A cache holding the plan with its indicators, signed in as `unit`.
    func withCache(unit: String = "jd-tianma", role: String = "staff", reference: ReferenceData = Self.reference,
                   _ body: (LocalCache) throws -> Void) throws {
        try base.withCache { cache in
            try cache.setAccount(unitCode: unit, role: role)
            _ = try cache.apply(SyncResponse(epoch: "e1", epochChanged: false, results: [], changes: [], cursor: 0, hasMore: false,
                                             referenceVersion: 1, reference: reference, serverTime: Self.now),
                                deviceId: LocalCacheTests.device, now: Self.now)
            try body(cache)
        }
    }

    /// The refusal `body` throws, as the command line shows it.
    func refusal(_ body: () throws -> Void) -> ClientError? {
        do {
            try body()
            return nil
        } catch let error as ClientError {
            return error
        } catch {
            return nil
        }
    }

    @Test func theCacheStoresAndReturnsIndicatorsAndPlans() throws {
        try withCache { cache in
            let held = try cache.reference()
            #expect(held.indicators == [Self.paths, Self.parks])
            #expect(held.implementationPlans == [Self.plan])
            #expect(held.plans.first?.progressRule == ProgressLightRule(yellowGap: 4, redGap: 12))
            #expect(try cache.indicators(taskId: 9).map(\.name) == ["健身路径", "游园"])
            #expect(try cache.indicators(taskId: 10).isEmpty)
            #expect(try cache.implementationPlan(taskId: 9, unitCode: "zjj")?.accepted?.revision == 1)

            // A new version replaces them whole.
            var next = Self.reference
            next.indicators = [Self.parks]
            next.implementationPlans = []
            _ = try cache.apply(SyncResponse(epoch: "e1", epochChanged: false, results: [], changes: [], cursor: 0, hasMore: false,
                                             referenceVersion: 2, reference: next, serverTime: Self.now),
                                deviceId: LocalCacheTests.device, now: Self.now)
            #expect(try cache.reference().indicators == [Self.parks])
            #expect(try cache.reference().implementationPlans.isEmpty)

            // What a target command stores from the server's answer.
            try cache.storeIndicators([Self.paths], taskId: 9)
            #expect(try cache.indicators(taskId: 9) == [Self.paths])
        }
    }

    @Test func aReportWithAnUnknownIndicatorOrABadValueIsRefusedBeforeSaving() throws {
        try withCache { cache in
            func write(_ quantities: [String: Double], task: Int64 = 9) throws {
                try cache.writeReport(reportId: nil, taskId: task, nodeId: 1, unitCode: "jd-tianma",
                                      content: ReportContent(text: "进展", quantities: quantities, difficulties: "资金未到位"),
                                      authoredAt: Self.now, now: Self.now)
            }
            let unknown = try #require(refusal { try write(["篮球场": 2]) })
            #expect(unknown.code == "report.unknown_indicator")
            #expect(unknown.message.en.contains("篮球场") && unknown.message.en.contains("健身路径"))
            #expect(unknown.message.zh.contains("没有指标「篮球场」"))
            // A proposal the office has not confirmed does not count yet.
            #expect(refusal { try write(["游园": 1]) }?.code == "report.unknown_indicator")
            let negative = try #require(refusal { try write(["健身路径": -1]) })
            #expect(negative.code == "report.bad_indicator_value")
            #expect(negative.message.zh.contains("不小于零"))
            let infinite = try #require(refusal { try write(["健身路径": .infinity]) }, "refused with a rule's message")
            #expect(infinite.message.zh.contains("健身路径"))
            #expect(refusal { try write(["健身路径": .nan]) } != nil)
            #expect(try cache.outbox().isEmpty, "nothing in the outbox")
            #expect(try cache.integer("SELECT count(*) FROM reports") == 0, "and no report row")

            // A known indicator is saved, with the difficulties; a task without indicators takes any name.
            try write(["健身路径": 5])
            try write(["任意数量": 3], task: 10)
            #expect(try cache.outbox().count == 2)
            let report = try #require(try cache.reports().first { $0.taskId == 9 })
            #expect(report.current?.content.difficulties == "资金未到位")
            let payload = try WireJSON.decoder().decode(ReportWritePayload.self, from: Data(try cache.outbox()[0].payload.utf8))
            #expect(payload.difficulties == "资金未到位")

            // Warnings, never refusals: over the unit's share (12).
            let warnings = try cache.indicatorWarnings(taskId: 9, nodeId: 2, unitCode: "jd-tianma", values: ["健身路径": 13])
            #expect(warnings.count == 1 && warnings[0].zh.contains("超过目标 12"))
            let lower = try cache.indicatorWarnings(taskId: 9, nodeId: 2, unitCode: "jd-tianma", values: ["健身路径": 4])
            #expect(lower.count == 1 && lower[0].en.contains("lower than 5"))
        }
    }

    @Test func anImplementationPlanOutsideTheYearOrByAUnitNotLeadingIsRefusedBeforeSaving() throws {
        try withCache(unit: "zjj") { cache in
            let outside = ImplementationDraft(taskId: 9, unitCode: "zjj", measures: "分片包干",
                                              steps: [ImplementationStep(date: LocalDate(iso: "2023-01-15")!, values: ["健身路径": 30])],
                                              updatedAt: Self.now)
            try cache.saveImplementationDraft(outside, now: Self.now)
            #expect(try cache.implementationProblem(outside)?.code == "implementation.step_outside_year")
            let refused = try #require(refusal { try cache.submitImplementation(taskId: 9, authoredAt: Self.now, now: Self.now) })
            #expect(refused.code == "implementation.step_outside_year")
            #expect(refused.message.zh.contains("不在计划年度 2022 年内"))
            #expect(try cache.outbox().isEmpty)
            #expect(try cache.implementationDraft(taskId: 9) == outside, "the draft stays to be corrected")

            // An unknown indicator, a split over the target without a reason: refused too.
            var draft = outside
            draft.steps = [ImplementationStep(date: LocalDate(iso: "2022-06-30")!, values: ["篮球场": 3])]
            try cache.saveImplementationDraft(draft, now: Self.now)
            #expect(refusal { try cache.submitImplementation(taskId: 9, authoredAt: Self.now, now: Self.now) }?.code == "report.unknown_indicator")
            draft.steps = [ImplementationStep(date: LocalDate(iso: "2022-06-30")!, values: ["健身路径": 10])]
            draft.splits = [ProposedSplit(indicator: "健身路径", unitCode: "jd-tianma", target: 31)]
            try cache.saveImplementationDraft(draft, now: Self.now)
            #expect(refusal { try cache.submitImplementation(taskId: 9, authoredAt: Self.now, now: Self.now) }?.code == "target.split_over")
            #expect(try cache.outbox().isEmpty)

            // The plan held was accepted: a revision needs its reason, as the server says.
            draft.splits = [ProposedSplit(indicator: "健身路径", unitCode: "jd-tianma", target: 12)]
            try cache.saveImplementationDraft(draft, now: Self.now)
            #expect(refusal { try cache.submitImplementation(taskId: 9, authoredAt: Self.now, now: Self.now) }?.code
                    == "implementation.reason_required")
            // A valid plan goes into the outbox on the newest version held (2), under the plan's id.
            draft.reason = "调整分解"
            try cache.saveImplementationDraft(draft, now: Self.now)
            let (id, mutation) = try cache.submitImplementation(taskId: 9, authoredAt: Self.now, now: Self.now)
            #expect(id == Self.planId)
            let outbox = try cache.outbox()
            #expect(outbox.map(\.id) == [mutation] && outbox[0].kind == "implementation.write" && outbox[0].baseVersion == 2)
            #expect(try cache.implementationDraft(taskId: 9) == nil)
        }

        // A unit that does not lead the task: neither a draft nor a submission.
        try withCache(unit: "jd-tianma") { cache in
            let draft = ImplementationDraft(taskId: 9, unitCode: "jd-tianma", measures: "",
                                            steps: [ImplementationStep(date: LocalDate(iso: "2022-06-30")!, percent: 50)],
                                            updatedAt: Self.now)
            #expect(refusal { try cache.saveImplementationDraft(draft, now: Self.now) }?.code == "implementation.not_lead")
            // A draft left by another account of the cache is still refused at submission.
            try cache.execute("""
                INSERT INTO implementation_drafts (task_id, unit_code, json, updated_at)
                VALUES (9, 'jd-tianma', '\(String(decoding: try WireJSON.encoder().encode(draft), as: UTF8.self))', 0)
                """)
            let refused = try #require(refusal { try cache.submitImplementation(taskId: 9, authoredAt: Self.now, now: Self.now) })
            #expect(refused.code == "implementation.not_lead")
            #expect(refused.message.zh.contains("不是第 9 项任务的牵头单位"))
            #expect(try cache.outbox().isEmpty)
        }
    }

    @Test func theOutboxHandlersConfirmAndRecordRefusals() throws {
        var reference = Self.reference
        reference.implementationPlans = []
        try withCache(unit: "zjj", reference: reference) { cache in
            let draft = ImplementationDraft(taskId: 9, unitCode: "zjj", measures: "分片包干",
                                            steps: [ImplementationStep(date: LocalDate(iso: "2022-06-30")!, values: ["健身路径": 10])],
                                            updatedAt: Self.now)
            try cache.saveImplementationDraft(draft, now: Self.now)
            let (id, first) = try cache.submitImplementation(taskId: 9, authoredAt: Self.now, now: Self.now)
            #expect(try cache.outbox().first?.baseVersion == 0)
            // Applied: the answer's report_id carries the plan and version the revision.
            let outcome = try cache.apply(base.response(results: [MutationResult(id: first, status: .applied, reportId: id, version: 1,
                                                                                serverVersion: 1)], cursor: 1),
                                          deviceId: LocalCacheTests.device, now: Self.now)
            #expect(outcome.confirmed == 1)
            #expect(try cache.outbox().isEmpty)
            #expect(try cache.integer("SELECT version FROM implementation_heads") == 1)

            // The next submission builds on revision 1 under the same id, before the reference data brings it.
            try cache.saveImplementationDraft(draft, now: Self.now)
            let (again, second) = try cache.submitImplementation(taskId: 9, authoredAt: Self.now, now: Self.now)
            #expect(try again == id && cache.outbox().first?.baseVersion == 1)
            let refusal = MutationResult(id: second, status: .rejected, code: "implementation.reason_required",
                                         message: "a revised plan needs a reason", messageZh: "修订方案须说明理由")
            #expect(try cache.apply(base.response(results: [refusal], cursor: 2), deviceId: LocalCacheTests.device, now: Self.now).rejected == 1)
            let quarantined = try cache.quarantine()
            #expect(quarantined.map(\.id) == [second] && quarantined.first?.kind == "implementation.write")
            #expect(quarantined.first?.message == LocalizedText(en: "a revised plan needs a reason", zh: "修订方案须说明理由"))
            #expect(try cache.localImplementationMutations(taskId: 9).map(\.status) == ["rejected"])
            let retried = try cache.retry(quarantined: second, now: Self.now)
            #expect(try cache.unsent().map(\.id) == [retried] && cache.unsent().first?.baseVersion == 1)
        }

        // The office's decision: on the newest revision held; a refusal is quarantined and retried.
        try withCache(unit: "dcb", role: "supervisor") { cache in
            let (mutation, revision) = try cache.writeImplementationReview(taskId: 9, unitCode: "zjj", decision: .return, reason: "步骤过粗",
                                                                           authoredAt: Self.now, now: Self.now)
            #expect(revision == 2)
            let entry = try #require(try cache.outbox().first)
            #expect(entry.kind == "implementation.review" && entry.entityId == Self.planId)
            let payload = try WireJSON.decoder().decode(ImplementationReviewPayload.self, from: Data(entry.payload.utf8))
            #expect(payload == ImplementationReviewPayload(implementationId: Self.planId, revision: 2, decision: .return, reason: "步骤过粗"))
            #expect(refusal { try cache.writeImplementationReview(taskId: 9, unitCode: "zjj", decision: .return, reason: " ",
                                                                  authoredAt: Self.now, now: Self.now) } != nil, "a return needs a reason")
            let rejected = MutationResult(id: mutation, status: .rejected, code: "implementation.stale_revision",
                                          message: "not the newest", messageZh: "不是最新版本")
            _ = try cache.apply(base.response(results: [rejected], cursor: 1), deviceId: LocalCacheTests.device, now: Self.now)
            #expect(try cache.quarantine().map(\.kind) == ["implementation.review"])
            let retried = try cache.retry(quarantined: mutation, now: Self.now)
            #expect(try cache.unsent().map(\.id) == [retried])
            let resent = try WireJSON.decoder().decode(ImplementationReviewPayload.self, from: Data(try #require(cache.unsent().first).payload.utf8))
            #expect(resent.revision == 2, "the decision stays on the revision it was made on")
            let confirm = try cache.apply(base.response(results: [MutationResult(id: retried, status: .applied, reportId: Self.planId,
                                                                                 version: 2)], cursor: 2),
                                          deviceId: LocalCacheTests.device, now: Self.now)
            #expect(confirm.confirmed == 1)
            #expect(try cache.unsent().isEmpty)
        }
    }

    @Test func targetChangesAreCheckedBeforeSending() throws {
        let task = Self.reference.tasks.first { $0.number == 9 }!
        func refused(_ body: () throws -> Void) -> ClientError? { refusal(body) }
        // 12 + 10 = 22 of 30: jiahe at 20 makes 32, over the target, and needs a reason.
        let over = try #require(refused {
            _ = try TargetEdits.split(task: task, indicator: "健身路径", unitCode: "jd-jiahe", target: 20, reason: nil, reference: Self.reference)
        })
        #expect(over.code == "target.split_over")
        #expect(over.message.en.contains("32") && over.message.zh.contains("超过总目标 30"))
        let withReason = try TargetEdits.split(task: task, indicator: "健身路径", unitCode: "jd-jiahe", target: 20, reason: "含市级补助项目",
                                               reference: Self.reference)
        #expect(withReason == TargetSplitRequest(planYear: 2022, taskNumber: 9, indicator: "健身路径", unitCode: "jd-jiahe", target: 20,
                                                 reason: "含市级补助项目"))
        #expect(refused { _ = try TargetEdits.split(task: task, indicator: "健身路径", unitCode: "jd-jiahe", target: 0, reason: nil,
                                                    reference: Self.reference) }?.code == "target.bad_share")
        #expect(refused { _ = try TargetEdits.split(task: task, indicator: "健身路径", unitCode: "nobody", target: 1, reason: nil,
                                                    reference: Self.reference) }?.code == "target.split_unit")
        let removal = try TargetEdits.split(task: task, indicator: "健身路径", unitCode: "jd-jiahe", target: nil, reason: nil,
                                            reference: Self.reference)
        #expect(removal.target == nil)

        let zero = try #require(refused {
            _ = try TargetEdits.set(task: task, indicator: "健身路径", measure: nil, target: 0, notCumulative: false, reference: Self.reference)
        })
        #expect(zero.code == "target.bad_target" && zero.message.zh.contains("大于零"))
        #expect(refused { _ = try TargetEdits.set(task: task, indicator: "健身路径", measure: nil, target: -3, notCumulative: false,
                                                  reference: Self.reference) }?.code == "target.bad_target")
        #expect(refused { _ = try TargetEdits.set(task: task, indicator: "篮球场", measure: nil, target: 3, notCumulative: false,
                                                  reference: Self.reference) }?.code == "target.measure_required")
        let new = try TargetEdits.set(task: task, indicator: " 篮球场 ", measure: "个", target: 3, notCumulative: false, reference: Self.reference)
        #expect(new == TargetSetRequest(planYear: 2022, taskNumber: 9, indicator: "篮球场", measure: "个", target: 3, cumulative: true))
        #expect(refused { _ = try TargetEdits.remove(task: task, indicator: "篮球场", reference: Self.reference) }?.code == "target.unknown_indicator")
        #expect(try TargetEdits.confirm(task: task, indicators: [], reference: Self.reference).indicators.isEmpty)
    }

    @Test func stepsAndSplitsAreReadAsDocumented() throws {
        let step = try ImplementationInput.step("2022-06-30:游园=10, 健身路径=5:开工: 分两批")
        #expect(step == ImplementationStep(date: LocalDate(iso: "2022-06-30")!, values: ["游园": 10, "健身路径": 5], note: "开工: 分两批"))
        #expect(try ImplementationInput.step("2022-09-30:40%") == ImplementationStep(date: LocalDate(iso: "2022-09-30")!, percent: 40))
        #expect(try ImplementationInput.split("健身路径:jd-tianma=12") == ProposedSplit(indicator: "健身路径", unitCode: "jd-tianma", target: 12))
        for bad in ["2022-13-01:游园=1", "游园=1", "2022-06-30:", "2022-06-30:游园=x", "2022-06-30:x%"] {
            #expect(throws: ClientError.self, "\(bad)") { _ = try ImplementationInput.step(bad) }
        }
        #expect(throws: ClientError.self) { _ = try ImplementationInput.split("健身路径=12") }
    }

    @Test func consolidationSumsSplitValuesAndNamesTheContributors() throws {
        try withCache(unit: "zjj") { cache in
            let c = ConsolidationTests()
            let (tianma, jiahe, jiaheEarlier, donghuan) = (UUID(), UUID(), UUID(), UUID())
            _ = try cache.apply(base.response(changes: [
                c.revision(tianma, unit: "jd-tianma", revision: 1, text: "建成3条", quantities: ["健身路径": 3], percent: 30, node: 2, seq: 1),
                c.review(tianma, unit: "jd-tianma", revision: 1, decision: .accept, seq: 2),
                // Jiahe reported at node 1 only: its latest value counts (cumulative).
                c.revision(jiaheEarlier, unit: "jd-jiahe", revision: 1, text: "建成4条", quantities: ["健身路径": 4], percent: 40, node: 1, seq: 3),
                // Donghuan has no share: its value is not part of the split sum.
                c.revision(donghuan, unit: "jd-donghuan", revision: 1, text: "建成1条", quantities: ["健身路径": 1], percent: 10, node: 2, seq: 4),
            ], cursor: 4), deviceId: LocalCacheTests.device, now: Self.now)
            _ = jiahe
            let reference = try cache.reference()
            let task = reference.tasks.first { $0.number == 9 }!
            let node = reference.nodes.first { $0.ordinal == 2 }!
            let draft = try ReportConsolidation.draft(task: task, node: node, leadUnit: "zjj", reference: reference, reports: try cache.reports())
            let total = try #require(draft.totals.first { $0.key == "健身路径" })
            #expect(total.split && total.sum == 7 && total.value == 7)
            #expect(total.contributors.map(\.unitCode) == ["jd-jiahe", "jd-tianma"])
            #expect(total.contributors.map(\.amount) == [4, 3])
            #expect(total.contributors.first?.nodeDate == LocalDate(iso: "2022-03-28"))
            #expect(draft.content.quantities["健身路径"] == 7)
            #expect(draft.text.contains("健身路径=7（佳禾街道办事处 4（2022-03-28 节点），天马街道办事处 3）"))

            // The lead's own figure needs a reason, which the text quotes.
            #expect(throws: ClientError.self) {
                _ = try ReportConsolidation.draft(task: task, node: node, leadUnit: "zjj", reference: reference,
                                                  reports: try cache.reports(), overrides: ["健身路径": 8])
            }
            let overridden = try ReportConsolidation.draft(task: task, node: node, leadUnit: "zjj", reference: reference,
                                                           reports: try cache.reports(), overrides: ["健身路径": 8],
                                                           overrideReason: "区级直建1条")
            #expect(overridden.content.quantities["健身路径"] == 8)
            #expect(overridden.text.contains("【调整说明】区级直建1条") && overridden.text.contains("各单位合计 7"))
            #expect(overridden.overrideReason == "区级直建1条")
        }
    }

    @Test func aClosedTaskTakesNoReportOfflineAsOnTheServer() throws {
        var closed = Self.reference
        let index = try #require(closed.tasks.firstIndex { $0.id == 9 })
        closed.tasks[index].closedOn = LocalDate(iso: "2022-05-01")
        try withCache(reference: closed) { cache in
            #expect(try cache.reference().tasks[index].closedOn == LocalDate(iso: "2022-05-01"))
            let refused = try #require(refusal {
                try cache.writeReport(reportId: nil, taskId: 9, nodeId: 1, unitCode: "jd-tianma",
                                      content: ReportContent(text: "进展", quantities: ["健身路径": 1]), authoredAt: Self.now, now: Self.now)
            })
            #expect(refused.code == TaskClosing.closed(taskNumber: 9).code && refused.message.zh.contains("已关闭"))
            #expect(try cache.outbox().isEmpty)
            #expect(TaskRow.rows(unit: "jd-tianma", reference: try cache.reference(), reports: [], now: Self.now).allSatisfy { $0.taskId != 9 })
        }
    }
}
