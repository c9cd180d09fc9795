import DubanCore
import DubanTestSupport
import Foundation
import Testing

/// The office's other tools through `duban`: an extension asked for offline and granted, a graded
/// order issued, escalated after a new urge and closed, an inspection followed to closure; the unit
/// sees each after a sync, and the listings print in every format.
@Suite(.serialized) struct SupervisionCLITests {
    @Test func extensionsOrdersAndInspectionsThroughTheCLI() async throws {
        let clock = DrillClock()
        defer { clock.remove() }
        try clock.set("2022-03-21T09:00:00+08:00")
        try await SyncWorld.with(serverEnvironment: ["DUBAN_CLOCK_FILE": clock.file.path]) { world in
            _ = try await world.addAccount("jiahe1", unit: "jd-jiahe", role: "staff")
            _ = try await world.addAccount("baisha1", unit: "jd-baisha", role: "staff")
            _ = try await world.addAccount("super1", unit: "dcjxb", role: "supervisor")
            var jiahe = try await world.device("jiahe1")
            var baisha = try await world.device("baisha1")
            var office = try await world.device("super1")
            defer { [jiahe, baisha, office].forEach { $0.remove() } }
            jiahe.now = "2022-03-23T09:00:00+08:00"
            baisha.now = jiahe.now
            office.now = jiahe.now

            // Due within 3 days: first in status.
            let reminders = try await jiahe.ok(["status"])
            #expect(reminders.contains("task 9, node 2022-03-28: due 2022-03-25 (2 day(s) left"), "\(reminders)")

            // Asked offline, received when the office syncs; refused locally without a reason or a date.
            let bare = try await jiahe.run(["extension", "request", "--task", "9", "--node", "2022-03-28", "--reason", "x"])
            #expect(bare.status != 0, "either --until or --exempt is needed")
            let asked = try await jiahe.ok(["extension", "request", "--task", "9", "--node", "2022-03-28", "--until", "2022-03-27",
                                            "--reason", "社区换届，数据延后", "--offline"])
            #expect(asked.contains("2022-03-25 → 2022-03-27"), "\(asked)")
            try clock.set("2022-03-23T10:00:00+08:00")
            try await jiahe.ok(["sync"])
            let pending = try await office.ok(["supervise", "extension", "list", "--pending", "--format", "csv"])
            #expect(pending.contains("jd-jiahe") && pending.contains("社区换届，数据延后"), "\(pending)")
            let listed = try WireJSON.decoder().decode([ExtensionRecord].self, from: Data(try await office.ok(
                ["supervise", "extension", "list", "--format", "json"]).utf8))
            let request = try #require(listed.first)
            #expect(request.state == .requested && request.requestedDueDate?.description == "2022-03-27")
            let shortId = String(request.id.uuidString.lowercased().prefix(8))
            let granted = try await office.ok(["supervise", "extension", "grant", shortId, "--note", "同意延至27日"])
            #expect(granted.contains("due 2022-03-27"), "\(granted)")
            let twice = try await office.run(["supervise", "extension", "refuse", shortId, "--note", "x"])
            #expect(twice.status != 0 && twice.stderr.contains("extension.decided"), "\(twice.stderr)")
            try await jiahe.ok(["sync"])
            let afterGrant = try await jiahe.ok(["status"])
            #expect(afterGrant.contains("due 2022-03-27") && afterGrant.contains("extended from 2022-03-25"), "\(afterGrant)")

            // Received on the 27th: on time by the extension.
            try clock.set("2022-03-27T20:00:00+08:00")
            try await jiahe.ok(["report", "new", "--task", "9", "--node", "2022-03-28", "--text", "延期内报送"])

            // Baisha never reports: an order is issued blue, escalation waits for a new lateness, then red after two urges.
            try clock.set("2022-03-26T09:00:00+08:00")
            let early = try await office.run(["supervise", "order", "issue", "--task", "9", "--unit", "jd-jiahe", "--note", "督办"])
            #expect(early.status != 0 && early.stderr.contains("order.not_late"), "jiahe is not late: \(early.stderr)")
            let issued = try await office.ok(["supervise", "order", "issue", "--task", "9", "--unit", "jd-baisha", "--note", "逾期未报"])
            let orderID = try #require(issued.split(separator: " ").dropFirst().first.map(String.init), "\(issued)")
            #expect(issued.contains("blue"), "\(issued)")
            let tooSoon = try await office.run(["supervise", "order", "escalate", orderID, "--note", "升级"])
            #expect(tooSoon.status != 0 && tooSoon.stderr.contains("order.no_new_lateness"), "\(tooSoon.stderr)")
            for (urgeAt, escalateAt, grade) in [("2022-03-26T10:00:00+08:00", "2022-03-26T11:00:00+08:00", "yellow"),
                                                ("2022-03-26T12:00:00+08:00", "2022-03-26T13:00:00+08:00", "red")] {
                try clock.set(urgeAt)
                try await office.ok(["supervise", "urge", "--task", "9", "--unit", "jd-baisha", "--message", "请立即报送"])
                try clock.set(escalateAt)
                let escalated = try await office.ok(["supervise", "order", "escalate", orderID, "--note", "屡催不报"])
                #expect(escalated.contains(grade), "\(escalated)")
            }
            try await baisha.ok(["sync"])
            let warned = try await baisha.ok(["status"])
            #expect(warned.contains("order \(orderID): task 9, red") && warned.contains("请立即报送"), "\(warned)")
            try await office.ok(["supervise", "order", "close", orderID, "--note", "已补报"])
            let orders = try await office.ok(["supervise", "order", "list", "--format", "csv"])
            #expect(orders.contains("jd-baisha") && orders.contains("closed"), "\(orders)")

            // An on-site inspection with a rectification, followed to closure; the unit sees it until closed.
            let added = try await office.ok(["supervise", "inspection", "add", "--task", "9", "--unit", "jd-jiahe", "--kind", "on-site",
                                             "--date", "2022-04-02", "--inspector", "李明", "--inspector", "王芳",
                                             "--findings", "健身器材老化", "--rectification", "更换器材", "--due", "2022-04-30"])
            let inspectionID = try #require(added.split(separator: " ").dropFirst().first.map(String.init), "\(added)")
            try await jiahe.ok(["sync"])
            var atInspection = jiahe
            atInspection.now = "2022-04-05T09:00:00+08:00"
            let toRectify = try await atInspection.ok(["status"])
            #expect(toRectify.contains("inspection \(inspectionID)") && toRectify.contains("due 2022-04-30 (25 day(s) left)"),
                    "\(toRectify)")
            try await office.ok(["supervise", "inspection", "progress", inspectionID, "--note", "已采购"])
            try await office.ok(["supervise", "inspection", "close", inspectionID, "--note", "复查合格"])
            let closedAgain = try await office.run(["supervise", "inspection", "close", inspectionID, "--note", "x"])
            #expect(closedAgain.status != 0 && closedAgain.stderr.contains("inspection.closed"))
            try await jiahe.ok(["sync"])
            #expect(!(try await atInspection.ok(["status"])).contains("inspection \(inspectionID)"), "closed: no longer to rectify")

            // The overview judges the extension as on time and baisha as missing; Chinese output aligns.
            try clock.set("2022-03-29T09:00:00+08:00")
            let overview = try await office.ok(["supervise", "overview", "--node", "2022-03-28", "--format", "csv"])
            let jiaheRow = try #require(overview.split(separator: "\n").first { $0.contains("jd-jiahe") })
            #expect(jiaheRow.contains("2022-03-27") && jiaheRow.contains("on time"), "\(jiaheRow)")
            let chinese = try await office.ok(["supervise", "overview", "--node", "2022-03-28"], extra: ["LANG": "zh_CN.UTF-8"])
            #expect(chinese.contains("未报") && chinese.contains("按时"), "\(chinese)")
        }
    }
}
