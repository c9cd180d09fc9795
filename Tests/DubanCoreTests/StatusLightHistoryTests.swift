import Foundation
import Testing
import DubanCore

/// The light replayed from receipts: the red-then-caught-up rule holds even if nobody looked while red.
@Suite struct StatusLightHistoryTests {
    static let zone = TimeZone(identifier: "Asia/Shanghai")!
    /// 100 days: 40 % on 2022-02-10, 70 % on 2022-03-12.
    static let target = ProgressTarget(start: LocalDate(iso: "2022-01-01")!, end: LocalDate(iso: "2022-04-11")!)

    static func instant(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    static func node(_ date: String, received: String? = nil, exempted: Bool = false, extendedTo: String? = nil)
        -> StatusLightHistory.NodeFacts
    {
        let day = LocalDate(iso: date)!
        return .init(nodeDate: day, deadline: ReportingDeadline(role: .lead, scheduledDate: day, timeZone: zone,
                                                                 extendedTo: extendedTo.flatMap(LocalDate.init(iso:))),
                     firstReceivedAt: received.map(instant), isExempted: exempted)
    }

    static func light(_ nodes: [StatusLightHistory.NodeFacts], _ progress: [(String, Double)], now: String) -> StatusLightEvaluation {
        StatusLightHistory.evaluate(rule: .standard, target: target, nodes: nodes,
                                    progress: progress.map { .init(receivedAt: instant($0.0), percent: $0.1) }, now: instant(now))
    }

    @Test func farBehindAtTheNodeThenCaughtUpShowsYellowUntilTheNextNode() {
        // 10 % at node A (target 40): red from the deadline on. Caught up to 45 % later: yellow, not green.
        let nodes = [Self.node("2022-02-10", received: "2022-02-09T10:00:00+08:00"), Self.node("2022-03-12")]
        let progress = [("2022-02-09T10:00:00+08:00", 10.0), ("2022-02-20T10:00:00+08:00", 45.0)]
        #expect(Self.light(nodes, progress, now: "2022-02-15T00:00:00+08:00").light == .red)
        let caughtUp = Self.light(nodes, progress, now: "2022-02-21T00:00:00+08:00")
        #expect(caughtUp.light == .yellow && caughtUp.reasons == [.caughtUp])
        // At node B it is judged afresh: 75 % reported on time against 70 % is green.
        let nextNodes = [nodes[0], Self.node("2022-03-12", received: "2022-03-10T10:00:00+08:00")]
        let later = progress + [("2022-03-10T10:00:00+08:00", 75.0)]
        #expect(Self.light(nextNodes, later, now: "2022-03-13T00:00:00+08:00").light == .green)
    }

    @Test func missingAtTheDeadlineThenLateStaysRedAndAnExtensionDefersIt() {
        // Nothing by the end of the due day: red from 00:00 the next day, and still red once received late.
        let late = [Self.node("2022-02-10", received: "2022-02-11T08:00:00+08:00")]
        #expect(Self.light(late, [("2022-02-11T08:00:00+08:00", 50)], now: "2022-02-10T23:59:59+08:00").light == .green,
                "before the deadline has passed no node counts")
        let judged = Self.light(late, [("2022-02-11T08:00:00+08:00", 50)], now: "2022-02-12T00:00:00+08:00")
        #expect(judged.light == .red && judged.reasons.contains(.late))
        // With an extension to 12 February the same receipt is on time and the node passes later.
        let extended = [Self.node("2022-02-10", received: "2022-02-11T08:00:00+08:00", extendedTo: "2022-02-12")]
        #expect(Self.light(extended, [("2022-02-11T08:00:00+08:00", 50)], now: "2022-02-13T00:00:00+08:00").light == .green)
        // Exempted: nothing received and the gap alone decides (nothing reported is 0 %, far behind 40 %).
        let exempted = [Self.node("2022-02-10", exempted: true)]
        let gapOnly = Self.light(exempted, [], now: "2022-02-12T00:00:00+08:00")
        #expect(gapOnly.light == .red && gapOnly.reasons == [.farBehind])
    }

    @Test func receiptsAfterNowDoNotCount() {
        let nodes = [Self.node("2022-02-10", received: "2022-02-09T10:00:00+08:00")]
        let progress = [("2022-02-09T10:00:00+08:00", 45.0), ("2022-02-25T10:00:00+08:00", 5.0)]
        #expect(Self.light(nodes, progress, now: "2022-02-20T00:00:00+08:00").light == .green)
        #expect(Self.light(nodes, progress, now: "2022-02-26T00:00:00+08:00").light == .red)
    }
}
