import Foundation
import Testing
import DubanCore

private func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

/// A 100-day target so a node's target is a round number: 40 % on 2022-02-10, 70 % on 2022-03-12.
private let target = ProgressTarget(start: day("2022-01-01"), end: day("2022-04-11"))
private let nodeA = day("2022-02-10")
private let nodeB = day("2022-03-12")

/// One row of the rule's table: inputs and the light and reasons expected.
struct LightCase: Sendable, CustomTestStringConvertible {
    var name: String
    var progress: Double?
    var node: PassedNode?
    var previous: StatusLightEvaluation? = nil
    var light: StatusLight
    var reasons: [StatusLightEvaluation.Reason]

    var testDescription: String { name }
}

private func redAt(_ date: LocalDate) -> StatusLightEvaluation {
    StatusLightEvaluation(light: .red, nodeDate: date, target: 40, behind: 30, wasRedAtNode: true, reasons: [.farBehind])
}

private let onTimeA = PassedNode(date: nodeA, timeliness: .onTime)

private let cases: [LightCase] = [
    LightCase(name: "before the first node, nothing reported", progress: nil, node: nil, light: .green, reasons: []),
    LightCase(name: "on track", progress: 45, node: onTimeA, light: .green, reasons: []),
    LightCase(name: "on target exactly", progress: 40, node: onTimeA, light: .green, reasons: []),
    LightCase(name: "slightly behind, under the yellow gap", progress: 30.5, node: onTimeA, light: .green, reasons: []),
    LightCase(name: "exactly 10 points behind is yellow", progress: 30, node: onTimeA, light: .yellow, reasons: [.behind]),
    LightCase(name: "behind", progress: 22, node: onTimeA, light: .yellow, reasons: [.behind]),
    LightCase(name: "just under the red gap", progress: 15.5, node: onTimeA, light: .yellow, reasons: [.behind]),
    LightCase(name: "exactly 25 points behind is red", progress: 15, node: onTimeA, light: .red, reasons: [.farBehind]),
    LightCase(name: "far behind", progress: 5, node: onTimeA, light: .red, reasons: [.farBehind]),
    LightCase(name: "missing at a passed node, nothing ever reported", progress: nil,
              node: PassedNode(date: nodeA, timeliness: .missing), light: .red, reasons: [.missing, .farBehind]),
    LightCase(name: "missing at a passed node, earlier progress on track", progress: 45,
              node: PassedNode(date: nodeA, timeliness: .missing), light: .red, reasons: [.missing]),
    LightCase(name: "late report, on track", progress: 45,
              node: PassedNode(date: nodeA, timeliness: .late(days: 1)), light: .red, reasons: [.late]),
    LightCase(name: "exempted counts as on time", progress: 45,
              node: PassedNode(date: nodeA, timeliness: .exempted), light: .green, reasons: []),
    LightCase(name: "extension not yet over is not late", progress: 45,
              node: PassedNode(date: nodeA, timeliness: .pending), light: .green, reasons: []),
    LightCase(name: "100 % done early", progress: 100, node: onTimeA, light: .green, reasons: []),
    LightCase(name: "progress above 100 is clamped", progress: 180, node: onTimeA, light: .green, reasons: []),
    LightCase(name: "red earlier at this node, caught up: yellow", progress: 45, node: onTimeA,
              previous: redAt(nodeA), light: .yellow, reasons: [.caughtUp]),
    LightCase(name: "red earlier at this node, still far behind: red", progress: 10, node: onTimeA,
              previous: redAt(nodeA), light: .red, reasons: [.farBehind]),
    LightCase(name: "red earlier at this node, now only behind: yellow", progress: 25, node: onTimeA,
              previous: redAt(nodeA), light: .yellow, reasons: [.behind, .caughtUp]),
    LightCase(name: "red at the previous node, on track at the next: green", progress: 75,
              node: PassedNode(date: nodeB, timeliness: .onTime), previous: redAt(nodeA), light: .green, reasons: []),
    LightCase(name: "yellow (never red) earlier at this node, caught up: green", progress: 45, node: onTimeA,
              previous: StatusLightEvaluation(light: .yellow, nodeDate: nodeA, target: 40, behind: 15,
                                              wasRedAtNode: false, reasons: [.behind]),
              light: .green, reasons: []),
]

struct StatusLightTests {
    @Test(arguments: cases)
    func standardRule(_ row: LightCase) {
        let result = StatusLightRule.standard.evaluate(progress: row.progress, at: row.node, target: target,
                                                       previous: row.previous)
        #expect(result.light == row.light)
        #expect(result.reasons == row.reasons)
        #expect(result.nodeDate == row.node?.date)
    }

    @Test func redThenCaughtUpStaysYellowUntilTheNextNode() {
        let rule = StatusLightRule.standard
        // Node A passes with the task far behind.
        let first = rule.evaluate(progress: 10, at: onTimeA, target: target, previous: nil)
        #expect(first.light == .red && first.wasRedAtNode)
        // A corrected report catches up before node B: yellow, and still remembered as red at A.
        let second = rule.evaluate(progress: 50, at: onTimeA, target: target, previous: first)
        #expect(second.light == .yellow && second.reasons == [.caughtUp] && second.wasRedAtNode)
        // Evaluated again at A with nothing new: the yellow holds (the red is not forgotten after one look).
        let third = rule.evaluate(progress: 50, at: onTimeA, target: target, previous: second)
        #expect(third.light == .yellow && third.wasRedAtNode)
        // Node B passes, reported on time and on track: green.
        let fourth = rule.evaluate(progress: 72, at: PassedNode(date: nodeB, timeliness: .onTime), target: target,
                                   previous: third)
        #expect(fourth.light == .green && !fourth.wasRedAtNode && fourth.reasons.isEmpty)
    }

    @Test func reportsTargetAndGap() {
        let result = StatusLightRule.standard.evaluate(progress: 100, at: onTimeA, target: target, previous: nil)
        #expect(result.target == 40)
        #expect(result.behind == -60)
        let before = StatusLightRule.standard.evaluate(progress: 5, at: nil, target: target, previous: nil)
        #expect(before.target == 0 && before.behind == -5 && before.nodeDate == nil)
    }

    @Test func ruleIsConfigurable() {
        let lenient = StatusLightRule(yellowGap: 5, redGap: 15, lateLight: .yellow, missingLight: .red)
        let late = PassedNode(date: nodeA, timeliness: .late(days: 2))
        #expect(lenient.evaluate(progress: 45, at: late, target: target, previous: nil).light == .yellow)
        #expect(lenient.evaluate(progress: 35, at: onTimeA, target: target, previous: nil).light == .yellow)
        #expect(lenient.evaluate(progress: 25, at: onTimeA, target: target, previous: nil).light == .red)
        let ignoresLateness = StatusLightRule(lateLight: .green, missingLight: .green)
        let missing = PassedNode(date: nodeA, timeliness: .missing)
        let result = ignoresLateness.evaluate(progress: 45, at: missing, target: target, previous: nil)
        #expect(result.light == .green && result.reasons.isEmpty)
    }

    @Test func lightsOrderBySeverity() {
        #expect(StatusLight.green < .yellow && StatusLight.yellow < .red)
        #expect([StatusLight.yellow, .red, .green].max() == .red)
    }

    @Test func seedPlanTargets() {
        // 2022 plan: 0 % on 1 January, 100 % on the last node, 5 December.
        let seed = ProgressTarget(start: day("2022-01-01"), end: day("2022-12-05"))
        #expect(abs(seed.percent(on: day("2022-03-28")) - 8600.0 / 338) < 1e-9)
        #expect(abs(seed.percent(on: day("2022-06-30")) - 18000.0 / 338) < 1e-9)
        #expect(seed.percent(on: day("2022-12-05")) == 100)
        #expect(seed.percent(on: day("2022-12-31")) == 100)
        #expect(seed.percent(on: day("2021-12-01")) == 0)
        let degenerate = ProgressTarget(start: day("2022-03-28"), end: day("2022-03-28"))
        #expect(degenerate.percent(on: day("2022-03-27")) == 0)
        #expect(degenerate.percent(on: day("2022-03-28")) == 100)
    }

    @Test func evaluationCodesAsJSON() throws {
        let value = StatusLightRule.standard.evaluate(progress: 50, at: onTimeA, target: target, previous: redAt(nodeA))
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(StatusLightEvaluation.self, from: data) == value)
    }
}
