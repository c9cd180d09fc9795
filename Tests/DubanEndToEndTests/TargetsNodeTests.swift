import DubanCore
import DubanTestSupport
import Foundation
import Testing

/// A node played against the lead unit's plan with the seed notice and real binaries: the office
/// confirms the indicators the import proposed from the city's completion standard and splits
/// 健身路径 between 天马 and 驾鹤; the lead's implementation plan (three steps) is accepted; offices
/// report indicator values offline; the lead's consolidation sums them; 序时进度 on 28 March follows
/// the plan's steps; an office on time but behind schedule is urged for it (task 9: 区住建局 and
/// 区文体广旅局 lead; responsible units due 2022-03-25).
@Suite(.serialized) struct TargetsNodeTests {
    static let zh = ["LANG": "zh_CN.UTF-8"]

    @Test func aNodeAgainstTargetsAndTheLeadsPlan() async throws {
        let clock = DrillClock()
        defer { clock.remove() }
        try clock.set("2022-03-02T09:00:00+08:00")
        try await SyncWorld.with(serverEnvironment: ["DUBAN_CLOCK_FILE": clock.file.path]) { world in
            let team = try await world.team([("zjj1", "zjj", "staff"), ("tianma1", "jd-tianma", "staff"),
                                             ("jiahe1", "jd-jiahe", "staff"), ("super1", "dcjxb", "supervisor")])
            defer { team.removeAll() }
            func at(_ login: String, _ now: String) -> Device { team.at(login, now) }
            let office = at("super1", "2022-03-02T09:00:00+08:00")

            // The import proposed the city standard's indicators; the office confirms them.
            func indicators(_ device: Device) async throws -> [Indicator] {
                try WireJSON.decoder().decode([Indicator].self, from: Data(try await device.ok(
                    ["target", "list", "--task", "9", "--format", "json"]).utf8))
            }
            let proposed = try await indicators(office)
            #expect(proposed.map { "\($0.name) \(IndicatorRules.format($0.target)) \($0.measure)" } == ["游园 5 个", "健身路径 30 套", "篮球场 10 个"],
                    "\(proposed)")
            #expect(proposed.allSatisfy { !$0.confirmed && $0.source == .cityStandard })
            try await office.ok(["target", "confirm", "--task", "9"])
            try await office.ok(["target", "split", "--task", "9", "--indicator", "健身路径", "--unit", "jd-tianma", "--target", "4"])
            try await office.ok(["target", "split", "--task", "9", "--indicator", "健身路径", "--unit", "jd-jiahe", "--target", "4"])
            // Bad targets: refused with both languages, nothing stored.
            let zero = try await office.run(["target", "set", "--task", "9", "--indicator", "健身路径", "--target", "0"], extra: Self.zh)
            #expect(zero.status != 0 && zero.stderr.contains("目标值须为大于零"), "\(zero.stderr)")
            let negative = try await office.run(["target", "set", "--task", "9", "--indicator", "健身路径", "--target=-3"])
            #expect(negative.status != 0 && negative.stderr.contains("target must be a number above zero"), "\(negative.stderr)")
            let over = try await office.run(["target", "split", "--task", "9", "--indicator", "健身路径", "--unit", "jd-jiahe",
                                             "--target", "27"], extra: Self.zh)
            #expect(over.status != 0 && over.stderr.contains("超过总目标 30"), "\(over.stderr)")
            try await office.ok(["sync"])
            let confirmed = try await indicators(office)
            #expect(confirmed.allSatisfy { $0.confirmed })
            #expect(confirmed.first { $0.name == "健身路径" }.map { ($0.target, $0.splits.map(\.target)) }! == (30, [4, 4]))

            // The lead's implementation plan, three steps, offline; a step outside the year and a unit
            // that does not lead are refused before anything is saved.
            let lead = at("zjj1", "2022-03-03T10:00:00+08:00")
            try await lead.ok(["sync"])
            let steps = ["--step", "2022-03-31:健身路径=3,游园=1,篮球场=1:设计招标",
                         "--step", "2022-06-30:健身路径=15,游园=3,篮球场=5:开工建设",
                         "--step", "2022-11-30:健身路径=30,游园=5,篮球场=10:完工验收"]
            try await lead.ok(["implementation", "edit", "--task", "9", "--measures", "分片包干，每月调度"] + steps
                              + ["--split", "健身路径:jd-tianma=4", "--split", "健身路径:jd-jiahe=4"])
            let outside = try await lead.run(["implementation", "edit", "--task", "9", "--step", "2023-01-10:健身路径=30"])
            let outsideSubmit = try await lead.run(["implementation", "submit", "--task", "9", "--offline"], extra: Self.zh)
            #expect(outside.status != 0 || outsideSubmit.status != 0, "a step in 2023 is refused")
            #expect((outside.stderr + outsideSubmit.stderr).contains("2023-01-10"), "\(outside.stderr) \(outsideSubmit.stderr)")
            try await lead.ok(["implementation", "edit", "--task", "9", "--measures", "分片包干，每月调度"] + steps)
            try await lead.ok(["implementation", "submit", "--task", "9", "--offline"])
            try await lead.ok(["sync"])
            let tianmaPlan = try await at("tianma1", "2022-03-03T11:00:00+08:00").run(
                ["implementation", "edit", "--task", "9", "--measures", "x", "--step", "2022-03-31:健身路径=1"], extra: Self.zh)
            let tianmaSubmit = try await at("tianma1", "2022-03-03T11:00:00+08:00").run(
                ["implementation", "submit", "--task", "9", "--offline"], extra: Self.zh)
            #expect(tianmaPlan.status != 0 || tianmaSubmit.status != 0)
            #expect((tianmaPlan.stderr + tianmaSubmit.stderr).contains("不是第 9 项任务的牵头单位"), "\(tianmaPlan.stderr) \(tianmaSubmit.stderr)")
            #expect(!(try await at("tianma1", "2022-03-03T11:00:00+08:00").ok(["outbox"])).contains("implementation"))

            // The office accepts it.
            let reviewer = at("super1", "2022-03-04T09:00:00+08:00")
            try await reviewer.ok(["sync"])
            try await reviewer.ok(["review", "implementation", "--task", "9", "--unit", "zjj", "--accept"])
            try await reviewer.ok(["sync"])
            let shown = try await at("tianma1", "2022-03-05T09:00:00+08:00").ok(["sync"])
            _ = shown
            let plan = try await at("tianma1", "2022-03-05T09:00:00+08:00").ok(["implementation", "show", "--task", "9", "--format", "json"])
            #expect(plan.contains("设计招标") && plan.contains("accepted"), "a responsible unit sees the accepted plan: \(plan)")

            // Offices report indicator values offline; unknown or negative values are refused before saving.
            try clock.set("2022-03-24T10:00:00+08:00")
            let tianma = at("tianma1", "2022-03-24T10:00:00+08:00")
            let unknown = try await tianma.run(["report", "new", "--task", "9", "--node", "2022-03-28", "--text", "x",
                                                "--indicator", "排球场=1", "--offline"], extra: Self.zh)
            #expect(unknown.status != 0 && unknown.stderr.contains("没有指标「排球场」"), "\(unknown.stderr)")
            let negativeValue = try await tianma.run(["report", "new", "--task", "9", "--node", "2022-03-28", "--text", "x",
                                                      "--indicator", "健身路径=-1", "--offline"])
            #expect(negativeValue.status != 0 && negativeValue.stderr.contains("zero or more"), "\(negativeValue.stderr)")
            #expect(try await tianma.reports().isEmpty, "nothing saved")
            try await tianma.ok(["report", "new", "--task", "9", "--node", "2022-03-28", "--text", "天马街道：选址完成",
                                 "--indicator", "健身路径=0", "--difficulties", "用地需区自然资源局协调", "--offline"])
            try await tianma.ok(["sync"])
            let jiahe = at("jiahe1", "2022-03-24T11:00:00+08:00")
            try await jiahe.ok(["report", "new", "--task", "9", "--node", "2022-03-28", "--text", "驾鹤街道：建成2套",
                                "--indicator", "健身路径=2", "--offline"])
            try await jiahe.ok(["sync"])

            // The lead accepts and consolidates: the split indicator summed, contributors named.
            try clock.set("2022-03-26T10:00:00+08:00")
            let consolidating = at("zjj1", "2022-03-26T10:00:00+08:00")
            try await consolidating.ok(["sync"])
            for review in try await consolidating.reviews() where review.taskNumber == 9 {
                try await consolidating.ok(["review", "accept", String(review.id.uuidString.lowercased().prefix(8))])
            }
            let consolidation = try await consolidating.run(["report", "consolidate", "--task", "9", "--node", "2022-03-28", "--save"])
            #expect(consolidation.status == 0, "\(consolidation.stderr)")
            #expect(consolidation.stdout.contains("健身路径=2"), "\(consolidation.stdout)")
            #expect(consolidation.stdout.contains("jd-jiahe") || consolidation.stdout.contains("驾鹤"), "\(consolidation.stdout)")
            try await consolidating.ok(["sync"])

            // 28 March: 序时进度 follows the steps (3 × 86/89 for the task, its 4/30 for each share).
            try clock.set("2022-03-28T12:00:00+08:00")
            let reader = at("super1", "2022-03-28T12:00:00+08:00")
            let rows = try WireJSON.decoder().decode([IndicatorStanding].self, from: Data(try await reader.ok(
                ["oversight", "indicators", "--task", "9", "--date", "2022-03-28", "--format", "json"]).utf8))
            let expectedTask = 3.0 * 86 / 89
            let task = try #require(rows.first { $0.indicator == "健身路径" && $0.unitCode == nil }, "\(rows)")
            #expect(task.target == 30 && abs(task.expected - expectedTask) < 1e-9 && task.actual == 2 && task.basis == .implementationPlan)
            #expect(abs(task.gap - (expectedTask - 2)) < 1e-9 && abs(task.completion - 2.0 / 30 * 100) < 1e-9)
            let share = try #require(rows.first { $0.indicator == "健身路径" && $0.unitCode == "jd-tianma" })
            #expect(share.target == 4 && share.actual == 0 && abs(share.expected - expectedTask * 4 / 30) < 1e-9)
            #expect(abs(share.gapPoints - expectedTask / 30 * 100) < 1e-9)
            let park = try #require(rows.first { $0.indicator == "游园" && $0.unitCode == nil })
            #expect(abs(park.expected - 86.0 / 89) < 1e-9 && park.actual == nil && park.cityStandard)

            // On time but behind: a lateness urge is refused, a behind-schedule urge is sent with its figures.
            let late = try await reader.run(["supervise", "urge", "--task", "9", "--unit", "jd-tianma", "--message", "请报送"])
            #expect(late.status != 0 && late.stderr.contains("urge.not_late"), "\(late.stderr)")
            try await reader.ok(["supervise", "urge", "--task", "9", "--unit", "jd-tianma", "--reason", "behind_schedule",
                                 "--message", "健身路径进度滞后，请加快推进"])
            let ahead = try await reader.run(["supervise", "urge", "--task", "9", "--unit", "jd-jiahe", "--reason", "behind_schedule",
                                              "--message", "请加快"])
            #expect(ahead.status != 0 && ahead.stderr.contains("urge.not_behind"), "\(ahead.stderr)")
            let urged = try await at("tianma1", "2022-03-28T13:00:00+08:00").ok(["sync"])
            _ = urged
            #expect(try await at("tianma1", "2022-03-28T13:00:00+08:00").ok(["status"]).contains("健身路径进度滞后"))
        }
    }
}
