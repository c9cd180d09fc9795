import DubanCore
import Foundation
import Testing

/// The rules of targets, values and implementation plans, and 序时进度 from a plan's steps.
@Suite struct IndicatorRulesTests {
    static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }
    static let fitness = Indicator(id: 1, taskId: 9, name: "健身路径", measure: "套", target: 30,
                                   splits: [IndicatorSplit(unitCode: "jd-tianma", target: 4)])

    @Test func targetsAndSharesAreNumbersAboveZero() throws {
        for bad in [0.0, -1, .nan, .infinity, 1e13, 1.7e308] {
            #expect(throws: RuleViolation.self) { try IndicatorRules.checkTarget(bad) }
            #expect(throws: RuleViolation.self) { try IndicatorRules.checkShare(bad) }
        }
        try IndicatorRules.checkTarget(0.5)
        #expect(throws: RuleViolation.self) { try IndicatorRules.measure("  ") }
        #expect(try IndicatorRules.measure(" 平方米 ") == "平方米")
        #expect(try IndicatorRules.name(" 健身路径 ") == "健身路径")
    }

    @Test func aSplitOverItsTargetNeedsAReason() throws {
        try IndicatorRules.checkSplit(target: 30, shares: [4, 4, 22], reason: nil)
        try IndicatorRules.checkSplit(target: 30, shares: [4, 4], reason: nil)
        let over = #expect(throws: RuleViolation.self) { try IndicatorRules.checkSplit(target: 30, shares: [20, 11], reason: " ") }
        #expect(over?.code == "target.split_over" && over?.message.zh.contains("超过总目标 30") == true)
        try IndicatorRules.checkSplit(target: 30, shares: [20, 11], reason: "区本级另建1套")
        // Shares as decimals that add up exactly are not "over" by a rounding error.
        try IndicatorRules.checkSplit(target: 0.3, shares: [0.1, 0.2], reason: nil)
    }

    @Test func valuesNameTheTasksIndicatorsAndAreNotNegative() throws {
        try IndicatorRules.checkValues(["健身路径": 4], taskNumber: 9, indicators: [Self.fitness])
        let unknown = #expect(throws: RuleViolation.self) {
            try IndicatorRules.checkValues(["篮球场": 1], taskNumber: 9, indicators: [Self.fitness])
        }
        #expect(unknown?.code == "report.unknown_indicator" && unknown?.message.zh.contains("健身路径") == true)
        for bad in [-1.0, .nan, -.infinity, 1.7e308] {
            #expect(throws: RuleViolation.self) { try IndicatorRules.checkValues(["健身路径": bad], taskNumber: 9, indicators: [Self.fitness]) }
        }
        // A task without indicators takes any name, as before.
        try IndicatorRules.checkValues(["自定": 3], taskNumber: 9, indicators: [])
        let payload = ReportWritePayload(reportId: UUID(), taskId: 9, nodeId: 1, text: "", quantities: ["健身路径": -2])
        #expect(throws: RuleViolation.self) { try payload.validate() }
    }

    @Test func warningsForAValueThatFallsOrPassesItsTarget() {
        let warnings = IndicatorRules.warnings(values: ["健身路径": 5], previous: ["健身路径": 6], unitCode: "jd-tianma",
                                               indicators: [Self.fitness])
        #expect(warnings.count == 2)
        #expect(warnings[0].zh.contains("低于上一节点") && warnings[1].zh.contains("超过目标 4 套"))
        #expect(IndicatorRules.warnings(values: ["健身路径": 3], previous: ["健身路径": 2], unitCode: "jd-tianma",
                                        indicators: [Self.fitness]).isEmpty)
    }

    @Test func theExpectedValueFollowsThePlansStepsPiecewise() {
        let start = Self.day("2022-01-01")
        let curve = ScheduleCurve.plan(start: start, steps: [.init(date: Self.day("2022-06-30"), value: 15),
                                                             .init(date: Self.day("2022-03-31"), value: 3),
                                                             .init(date: Self.day("2022-11-30"), value: 30)])
        #expect(curve.basis == .implementationPlan)
        #expect(curve.expected(on: start) == 0)
        #expect(abs(curve.expected(on: Self.day("2022-03-28")) - 3.0 * 86 / 89) < 1e-12)
        #expect(curve.expected(on: Self.day("2022-03-31")) == 3)
        // 91 days from 31 March to 30 June: halfway (15 May is day 45) is 3 + 12 × 45/91.
        #expect(abs(curve.expected(on: Self.day("2022-05-15")) - (3 + 12.0 * 45 / 91)) < 1e-12)
        #expect(curve.expected(on: Self.day("2022-12-31")) == 30, "flat after the last step")
        let line = ScheduleCurve.straightLine(start: start, end: Self.day("2022-12-05"), target: 100)
        #expect(line.basis == .straightLine && abs(line.expected(on: Self.day("2022-03-28")) - 8600.0 / 338) < 1e-9)
        #expect(abs(line.expected(on: Self.day("2022-03-28")) - ProgressTarget(start: start, end: Self.day("2022-12-05"))
            .percent(on: Self.day("2022-03-28"))) < 1e-9, "the same straight line as before without a plan")
    }

    @Test func theProgressLightJudgesTheWorkNotTheReports() {
        let rule = ProgressLightRule.standard
        let end = Self.day("2022-12-05")
        let day = Self.day("2022-06-30")
        #expect(rule.light(completion: 50, expected: 50, on: day, end: end) == .green)
        #expect(rule.light(completion: 45, expected: 50, on: day, end: end) == .green, "exactly on the tolerance is not more than it")
        #expect(rule.light(completion: 44, expected: 50, on: day, end: end) == .yellow)
        #expect(rule.light(completion: 34, expected: 50, on: day, end: end) == .red)
        #expect(rule.light(completion: nil, expected: 3, on: day, end: end) == .green)
        #expect(rule.light(completion: 99, expected: 100, on: Self.day("2022-12-06"), end: end) == .red, "past the end unfinished")
        #expect(rule.light(completion: 100, expected: 100, on: Self.day("2022-12-06"), end: end) == .green)
    }

    @Test func aStandingSaysItInTheCircularsWords() {
        let standing = IndicatorStanding(taskId: 1, taskNumber: 1, indicator: "小区改造", measure: "个", unitCode: nil, target: 50,
                                         expected: 37.5, actual: 32, basis: .implementationPlan, cityStandard: true,
                                         date: Self.day("2022-06-30"))
        #expect(standing.sentence.zh == "小区改造已完成32个，占目标64%，滞后序时进度11个百分点")
        #expect(standing.completion == 64 && standing.gapPoints == 11 && standing.gap == 5.5)
    }

    @Test func implementationPlanRules() throws {
        let steps = [ImplementationStep(date: Self.day("2022-03-31"), values: ["健身路径": 3])]
        let plan = ImplementationWritePayload(implementationId: UUID(), taskId: 9, measures: "措施", steps: steps,
                                              splits: [ProposedSplit(indicator: "健身路径", unitCode: "jd-tianma", target: 4)])
        try plan.validate()
        try plan.checked(planYear: 2022, indicators: [Self.fitness], taskNumber: 9, unitsOnTask: ["zjj", "jd-tianma"])
        #expect(throws: RuleViolation.self) {
            try plan.checked(planYear: 2023, indicators: [Self.fitness], taskNumber: 9, unitsOnTask: ["zjj", "jd-tianma"])
        }
        #expect(throws: RuleViolation.self) {
            try plan.checked(planYear: 2022, indicators: [Self.fitness], taskNumber: 9, unitsOnTask: ["zjj"])
        }
        try plan.checked(afterAcceptance: false)
        let unexplained = #expect(throws: RuleViolation.self) { try plan.checked(afterAcceptance: true) }
        #expect(unexplained?.code == "implementation.reason_required")
        var explained = plan
        explained.reason = "工期调整"
        try explained.checked(afterAcceptance: true)
        var empty = plan
        empty.steps = []
        #expect(throws: RuleViolation.self) { try empty.validate() }
        var twice = plan
        twice.steps = steps + steps
        #expect(throws: RuleViolation.self) { try twice.validate() }
        var over = plan
        over.splits = [ProposedSplit(indicator: "健身路径", unitCode: "jd-tianma", target: 31)]
        #expect(throws: RuleViolation.self) {
            try over.checked(planYear: 2022, indicators: [Self.fitness], taskNumber: 9, unitsOnTask: ["jd-tianma"])
        }
    }
}
