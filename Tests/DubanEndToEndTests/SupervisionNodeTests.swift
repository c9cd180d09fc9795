import DubanCore
import DubanTestSupport
import Foundation
import Testing

/// The server's clock for a drill: `DUBAN_CLOCK_FILE` names a file the server reads "now" from.
struct DrillClock {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("duban-clock-\(UUID().uuidString)")

    func set(_ iso: String) throws {
        try Data(iso.utf8).write(to: file, options: .atomic)
    }

    func remove() {
        try? FileManager.default.removeItem(at: file)
    }
}

/// One reporting node of the seed plan, played with real binaries and a clock the test sets: task 9
/// (two leads, four bureaus and eight subdistrict offices responsible), node 2022-03-28, responsible
/// units due 2022-03-25 (Asia/Shanghai). Three offices and two bureaus report: one on time, one late,
/// one never, one returned and resubmitted; the lead consolidates and submits; the office accepts,
/// urges, and issues a circular whose content must match what happened.
@Suite(.serialized) struct SupervisionNodeTests {
    struct Overview: Decodable {
        var units: [UnitStanding]
        var tasks: [TaskStanding]
    }

    @Test func oneNodeFromReportsToTheCircular() async throws {
        let clock = DrillClock()
        defer { clock.remove() }
        try clock.set("2022-03-20T09:00:00+08:00")
        try await SyncWorld.with(serverEnvironment: ["DUBAN_CLOCK_FILE": clock.file.path]) { world in
            let accounts: [(login: String, unit: String, role: String)] = [
                ("zjj1", "zjj", "staff"), ("wtglj1", "wtglj", "staff"),
                ("tianma1", "jd-tianma", "staff"), ("jiahe1", "jd-jiahe", "staff"), ("baisha1", "jd-baisha", "staff"),
                ("fgj1", "fgj", "staff"), ("czj1", "czj", "staff"), ("super1", "dcjxb", "supervisor"),
            ]
            let team = try await world.team(accounts)
            defer { team.removeAll() }
            let devices = team.devices
            func at(_ login: String, _ now: String) -> Device { team.at(login, now) }

            // 23 March: the Development and Reform Bureau reports; the lead returns it on the 24th.
            try clock.set("2022-03-23T10:00:00+08:00")
            let fgjReport = try #require(Device.reportId(in: try await at("fgj1", "2022-03-23T10:00:00+08:00").ok(
                ["report", "new", "--task", "9", "--node", "2022-03-28", "--text", "发改局：项目已立项", "--percent", "20"])))
            try await at("fgj1", "2022-03-23T10:00:00+08:00").ok(["sync"])
            try clock.set("2022-03-24T09:00:00+08:00")
            let lead = at("zjj1", "2022-03-24T09:00:00+08:00")
            try await lead.ok(["sync"])
            try await lead.ok(["review", "return", fgjReport, "--reason", "请补充资金到位情况"])
            // The same day: the Finance Bureau and Tianma report on time.
            try await at("czj1", "2022-03-24T11:00:00+08:00").ok(["report", "new", "--task", "9", "--node", "2022-03-28",
                                                                  "--text", "财政局：资金已拨付", "--percent", "30"])
            try await at("tianma1", "2022-03-24T15:00:00+08:00").ok(["report", "new", "--task", "9", "--node", "2022-03-28",
                                                                     "--text", "天马街道：建成健身路径2套", "--percent", "30",
                                                                     "--quantity", "fitness_paths=2"])
            // Jiahe writes offline on the due day and reaches the server only the next morning: late.
            try await at("jiahe1", "2022-03-25T20:00:00+08:00").ok(["report", "new", "--task", "9", "--node", "2022-03-28",
                                                                    "--text", "驾鹤街道：建成健身路径1套", "--percent", "30",
                                                                    "--quantity", "fitness_paths=1", "--offline"])
            // 25 March: the returned report is revised and resubmitted.
            try clock.set("2022-03-25T10:00:00+08:00")
            let fgj = at("fgj1", "2022-03-25T10:00:00+08:00")
            try await fgj.ok(["sync"])
            #expect(try await fgj.ok(["status"]).contains("请补充资金到位情况"))
            try await fgj.ok(["report", "edit", fgjReport, "--text", "发改局：项目已立项，资金到位80%", "--percent", "30"])
            try clock.set("2022-03-26T09:00:00+08:00")
            try await at("jiahe1", "2022-03-26T09:00:00+08:00").ok(["sync"])
            // Baisha never reports.

            // 26 March: the lead accepts the responsible units' reports and consolidates.
            let reviewer = at("zjj1", "2022-03-26T10:00:00+08:00")
            try await reviewer.ok(["sync"])
            let waiting = try await reviewer.reviews()
            #expect(Set(waiting.map(\.unitCode)) == ["fgj", "czj", "jd-tianma", "jd-jiahe"], "\(waiting)")
            for review in waiting {
                try await reviewer.ok(["review", "accept", String(review.id.uuidString.lowercased().prefix(8))])
            }
            let consolidation = try await reviewer.run(["report", "consolidate", "--task", "9", "--node", "2022-03-28", "--save"])
            let draft = consolidation.stdout
            #expect(consolidation.status == 0, "\(consolidation.stderr)")
            #expect(draft.contains("fitness_paths=3"), "quantities summed: \(draft)")
            #expect(draft.contains("天马街道：建成健身路径2套") && draft.contains("驾鹤街道：建成健身路径1套"), "\(draft)")
            #expect(consolidation.stderr.contains("白沙街道办事处 (jd-baisha)"), "a unit without an accepted report is named")
            try clock.set("2022-03-27T16:00:00+08:00")
            try await at("zjj1", "2022-03-27T16:00:00+08:00").ok(["sync"])
            // The co-lead reports on the node day.
            try clock.set("2022-03-28T17:00:00+08:00")
            try await at("wtglj1", "2022-03-28T17:00:00+08:00").ok(["report", "new", "--task", "9", "--node", "2022-03-28",
                                                                   "--text", "文体广旅局：器材采购完成", "--percent", "30"])

            // 29 March: the office accepts the consolidated report, reads the overview, urges, issues a circular.
            try clock.set("2022-03-29T09:00:00+08:00")
            let office = at("super1", "2022-03-29T09:00:00+08:00")
            try await office.ok(["sync"])
            let consolidated = try #require(try await office.reviews().first { $0.unitCode == "zjj" && $0.taskNumber == 9 })
            let submitted = try await office.reviews().count { $0.state == "submitted" }
            #expect(submitted >= 1)
            #expect(try await office.ok(["status"]).contains("to review: \(submitted) consolidated report(s) of lead units"),
                    "status counts what `review list` shows as submitted")
            try await office.ok(["review", "accept", String(consolidated.id.uuidString.lowercased().prefix(8))])
            let overview = try WireJSON.decoder().decode(Overview.self, from: Data(try await office.ok(
                ["supervise", "overview", "--node", "2022-03-28", "--format", "json"]).utf8))
            func standing(_ unit: String) throws -> UnitStanding {
                try #require(overview.units.first { $0.taskNumber == 9 && $0.unitCode == unit })
            }
            #expect(try standing("jd-tianma").timeliness == .onTime)
            #expect(try standing("jd-jiahe").timeliness == .late && (try standing("jd-jiahe").daysLate) == 1)
            #expect(try standing("jd-baisha").timeliness == .missing)
            #expect(try standing("fgj").timeliness == .onTime, "a return does not make the first receipt late")
            #expect(try standing("zjj").timeliness == .onTime && (try standing("zjj").reviewState) == .accepted)
            #expect(try standing("wtglj").timeliness == .onTime)
            let onTimeUrge = try await office.run(["supervise", "urge", "--task", "9", "--unit", "jd-tianma", "--message", "请报送"])
            #expect(onTimeUrge.status != 0 && onTimeUrge.stderr.contains("urge.not_late"), "\(onTimeUrge.stderr)")
            try await office.ok(["supervise", "urge", "--task", "9", "--unit", "jd-baisha", "--message", "请立即报送第9项任务进展"])
            let drafted = try await office.ok(["supervise", "circular", "draft", "--node", "2022-03-28"])
            let circularID = try #require(drafted.split(whereSeparator: { !$0.isNumber }).first.map(String.init), "\(drafted)")
            let issued = try await office.ok(["supervise", "circular", "issue", circularID])
            #expect(issued.contains("〔2022〕1号"), "\(issued)")

            // Every unit sees what concerns it after one sync.
            for login in devices.keys.sorted() { try await at(login, "2022-03-29T10:00:00+08:00").ok(["sync"]) }
            let baisha = at("baisha1", "2022-03-29T10:00:00+08:00")
            #expect(try await baisha.ok(["status"]).contains("请立即报送第9项任务进展"))
            #expect(!(try await at("tianma1", "2022-03-29T10:00:00+08:00").ok(["status"])).contains("请立即报送"),
                    "an urge reaches only its unit")
            #expect(try await at("fgj1", "2022-03-29T10:00:00+08:00").ok(["report", "show", fgjReport]).contains("accepted"))
            let record = try WireJSON.decoder().decode(CircularRecord.self, from: Data(try await baisha.ok(
                ["circular", "show", "〔2022〕1号", "--json"]).utf8))
            #expect(record.state == .issued && record.number == 1)
            for login in devices.keys {
                let list = try await at(login, "2022-03-29T10:00:00+08:00").ok(["circular", "list"])
                #expect(list.contains("〔2022〕1号"), "\(login) holds the circular: \(list)")
            }

            // The circular says what happened: who was late, who is missing, which tasks are behind.
            let snapshot = record.snapshot
            #expect(snapshot.lateUnits.map(\.unitCode) == ["jd-jiahe"], "\(snapshot.lateUnits)")
            #expect(snapshot.lateUnits.first?.daysLate == 1)
            let reported: Set<String> = ["jd-tianma", "jd-jiahe", "fgj", "czj", "zjj", "wtglj"]
            let missingOnTask9 = Set(snapshot.missingUnits.filter { $0.taskNumber == 9 }.map(\.unitCode))
            let expectedMissing = Set(overview.units.filter { $0.taskNumber == 9 }.map(\.unitCode)).subtracting(reported)
            #expect(missingOnTask9 == expectedMissing && missingOnTask9.contains("jd-baisha") && missingOnTask9.count == 8)
            #expect(snapshot.tasksOnSchedule.map(\.taskNumber) == [9], "task 9's leads reported on time and on target")
            let behind = Set(snapshot.tasksBehind.map(\.taskNumber))
            #expect(behind == [1, 4, 8], "tasks whose lead units never reported: \(behind)")
            #expect(!snapshot.commended.contains("驾鹤街道办事处") && snapshot.criticized.contains("驾鹤街道办事处"))
            #expect(snapshot.commended.contains("天马街道办事处"))
            #expect(record.body.contains("驾鹤街道办事处（第9项，逾期1天）"), "\(record.body)")
            #expect(record.body.contains("白沙街道办事处（第9项）"))
            #expect(record.title.contains("3月28日节点"))
            // An issued circular never changes.
            let edit = try await office.run(["supervise", "circular", "edit", circularID, "--title", "改"])
            #expect(edit.status != 0 && edit.stderr.contains("circular.issued"), "\(edit.stderr)")
        }
    }
}
