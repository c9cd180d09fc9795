import DubanCore
import DubanTestSupport
import Foundation
import Testing

/// The year-end assessment round trip with real binaries and a drill clock: two responsible units
/// report on task 9's first node (one on time, one late); the lead unit drafts both sheets offline,
/// syncs; the office returns one with a note; the lead sees the note, revises (a reason for changing
/// the pre-filled material score), syncs; the office accepts both; the assessment table exported as
/// CSV and as a workbook holds the same rows with the expected scores. The assessed units never hold
/// a sheet.
@Suite(.serialized) struct AssessmentCLITests {
    /// A sheet as `duban assessment list --format json` prints it.
    struct Listed: Decodable {
        var id: UUID
        var taskNumber: Int?
        var unitCode: String
        var scores: [String: Double]
        var prefilled: [String: Double]
        var reasons: [String: String]
        var total: Double?
        var state: String
        var reviewNote: String?
        var evidence: [String]
        var version: Int?
        var baseVersion: Int?
    }

    @Test func leadDraftsOfflineOfficeReviewsExportMatches() async throws {
        let clock = DrillClock()
        defer { clock.remove() }
        try clock.set("2022-03-20T09:00:00+08:00")
        try await SyncWorld.with(serverEnvironment: ["DUBAN_CLOCK_FILE": clock.file.path]) { world in
            let accounts: [(login: String, unit: String, role: String)] = [
                ("zjj1", "zjj", "staff"), ("tianma1", "jd-tianma", "staff"), ("jiahe1", "jd-jiahe", "staff"),
                ("super1", "dcjxb", "supervisor"),
            ]
            let team = try await world.team(accounts)
            defer { team.removeAll() }
            let devices = team.devices
            func at(_ login: String, _ now: String) -> Device { team.at(login, now) }
            func listed(_ device: Device) async throws -> [Listed] {
                try WireJSON.decoder().decode([Listed].self, from: Data(try await device.ok(["assessment", "list", "--format", "json"]).utf8))
            }

            // Task 9, node 2022-03-28 (responsible units due 25 March): Tianma on time, Jiahe a day late.
            try clock.set("2022-03-24T10:00:00+08:00")
            let tianma = at("tianma1", "2022-03-24T10:00:00+08:00")
            let photo = FileManager.default.temporaryDirectory.appendingPathComponent("duban-assess-\(UUID().uuidString).pdf")
            defer { try? FileManager.default.removeItem(at: photo) }
            try Data("%PDF-1.7\n天马街道健身路径验收单\n%%EOF\n".utf8).write(to: photo)
            let photoHash = try SHA256Hex.of(file: photo)
            try await tianma.ok(["report", "new", "--task", "9", "--node", "2022-03-28", "--text", "天马街道：建成健身路径2套",
                                 "--percent", "30", "--attach", photo.path, "--offline"])
            try await tianma.ok(["sync"])
            try clock.set("2022-03-26T09:00:00+08:00")
            let jiahe = at("jiahe1", "2022-03-26T09:00:00+08:00")
            try await jiahe.ok(["report", "new", "--task", "9", "--node", "2022-03-28", "--text", "驾鹤街道：建成健身路径1套",
                                "--percent", "30", "--offline"])
            try await jiahe.ok(["sync"])

            // 10 April: the lead unit syncs, then drafts both sheets offline.
            try clock.set("2022-04-10T09:00:00+08:00")
            let lead = at("zjj1", "2022-04-10T09:00:00+08:00")
            // The lead's own evidence, uploaded with its consolidated report.
            let minutes = FileManager.default.temporaryDirectory.appendingPathComponent("duban-assess-\(UUID().uuidString).pdf")
            defer { try? FileManager.default.removeItem(at: minutes) }
            try Data("%PDF-1.7\n区住建局第一季度验收纪要\n%%EOF\n".utf8).write(to: minutes)
            let minutesHash = try SHA256Hex.of(file: minutes)
            try await lead.ok(["report", "new", "--task", "9", "--node", "2022-03-28", "--text", "牵头单位汇总：健身路径3套",
                               "--percent", "30", "--attach", minutes.path, "--offline"])
            try await lead.ok(["sync"])
            let tianmaDraft = try await lead.ok(["assessment", "draft", "--task", "9", "--unit", "jd-tianma", "--score", "cooperation=36",
                                                 "--score", "bonus_confirmation=10", "--comment", "配合积极",
                                                 "--evidence", String(photoHash.prefix(10)), "--offline"])
            #expect(tianmaDraft.contains("new sheet") && tianmaDraft.contains("cooperation=36"), "\(tianmaDraft)")
            try await lead.ok(["assessment", "draft", "--task", "9", "--unit", "jd-jiahe", "--score", "cooperation=30",
                               "--score", "bonus_confirmation=5", "--comment", "基本配合",
                               "--evidence", String(minutesHash.prefix(12)), "--offline"])
            // Refused here: a unit that is not responsible on the task; a unit that does not lead it.
            let notResponsible = try await lead.run(["assessment", "draft", "--task", "9", "--unit", "zjj", "--score", "cooperation=1",
                                                     "--offline"])
            #expect(notResponsible.status != 0 && notResponsible.stderr.contains("not a responsible unit"), "\(notResponsible.stderr)")
            let byTheUnit = try await at("tianma1", "2022-04-10T09:00:00+08:00").run(
                ["assessment", "draft", "--task", "9", "--unit", "jd-jiahe", "--score", "cooperation=1", "--offline"])
            #expect(byTheUnit.status != 0 && byTheUnit.stderr.contains("does not lead task 9"), "\(byTheUnit.stderr)")

            // Both wait in the outbox, shown as drafts not yet sent.
            let outbox = try JSONSerialization.jsonObject(with: Data(try await lead.ok(["outbox", "--format", "json"]).utf8)) as? [[String: Any]]
            #expect(outbox?.count == 2 && outbox?.allSatisfy { $0["kind"] as? String == "assessment.write" && $0["base_version"] as? Int == 0 } == true,
                    "\(String(describing: outbox))")
            #expect(try await lead.ok(["outbox"]).contains("assessment.write"))
            let waiting = try await listed(lead)
            #expect(waiting.map(\.state) == ["pending", "pending"] && waiting.allSatisfy { $0.version == nil }, "\(waiting)")

            // Synced: the server pre-fills material submission from the on-time rate (Tianma 40 of 40, Jiahe 0).
            let synced = try await lead.ok(["sync"])
            let refused = try JSONSerialization.jsonObject(with: Data(try await lead.ok(["outbox", "--format", "json"]).utf8))
                as? [[String: Any]] ?? []
            #expect(synced.contains("pushed 2") && synced.contains("rejected 0"), "\(synced)")
            #expect(refused.isEmpty, "a sheet naming evidence the unit uploaded with its report: \(refused)")
            let sent = try JSONSerialization.jsonObject(with: Data(try await lead.ok(["outbox", "--format", "json"]).utf8)) as? [Any]
            #expect(sent?.isEmpty == true, "\(String(describing: sent))")
            let submitted = try await listed(lead)
            let tianmaSheet = try #require(submitted.first { $0.unitCode == "jd-tianma" }, "\(submitted)")
            let jiaheSheet = try #require(submitted.first { $0.unitCode == "jd-jiahe" }, "\(submitted)")
            #expect(tianmaSheet.state == "submitted" && tianmaSheet.version == 1 && tianmaSheet.total == 86)
            #expect(tianmaSheet.prefilled["material_submission"] == 40 && tianmaSheet.scores["material_submission"] == 40)
            #expect(tianmaSheet.evidence == [photoHash], "the unit's evidence reused by its hash")
            #expect(jiaheSheet.evidence == [minutesHash], "the lead's own evidence")
            #expect(jiaheSheet.prefilled["material_submission"] == 0 && jiaheSheet.total == 35, "\(jiaheSheet)")
            let leadTable = try await lead.ok(["assessment", "list"])
            #expect(leadTable.contains("material submission") && leadTable.contains("cooperation on the task"),
                    "criteria named once fetched: \(leadTable)")
            let jiaheShort = String(jiaheSheet.id.uuidString.lowercased().prefix(8))
            let tianmaShort = String(tianmaSheet.id.uuidString.lowercased().prefix(8))

            // 11 April: the office lists the sheets, returns Jiahe's with a note and accepts Tianma's.
            try clock.set("2022-04-11T09:00:00+08:00")
            let office = at("super1", "2022-04-11T09:00:00+08:00")
            let forReview = try WireJSON.decoder().decode([AssessmentRecord].self, from: Data(try await office.ok(
                ["supervise", "assessment", "list", "--state", "submitted", "--format", "json"]).utf8))
            #expect(Set(forReview.map(\.unitCode)) == ["jd-tianma", "jd-jiahe"] && forReview.allSatisfy { $0.leadUnitCode == "zjj" })
            let officeTable = try await office.ok(["supervise", "assessment", "list"])
            #expect(officeTable.contains(jiaheShort) && officeTable.contains(tianmaShort) && officeTable.contains("submitted"), "\(officeTable)")
            let bare = try await office.run(["supervise", "assessment", "return", jiaheShort, "--note", " "])
            #expect(bare.status != 0, "a return needs a note")
            let note = "材料报送逾期1天，请核实后重新评分"
            let returned = try await office.ok(["supervise", "assessment", "return", jiaheShort, "--note", note])
            #expect(returned.contains("returned") && returned.contains(note), "\(returned)")
            let accepted = try await office.ok(["supervise", "assessment", "accept", tianmaShort])
            #expect(accepted.contains("accepted") && accepted.contains("86.00"), "\(accepted)")

            // 12 April: the lead sees the note, revises with a reason, syncs.
            try clock.set("2022-04-12T09:00:00+08:00")
            let revising = at("zjj1", "2022-04-12T09:00:00+08:00")
            try await revising.ok(["sync"])
            let status = try await revising.ok(["status"])
            #expect(status.contains("returned by the office") && status.contains(note) && status.contains(jiaheShort), "\(status)")
            let shown = try await revising.ok(["assessment", "show", jiaheShort])
            #expect(shown.contains("returned (version 1)") && shown.contains(note) && shown.contains("total: 35.00"), "\(shown)")
            let unexplained = try await revising.run(["assessment", "draft", "--task", "9", "--unit", "jd-jiahe",
                                                      "--score", "material_submission=20", "--offline"])
            #expect(unexplained.status != 0 && unexplained.stderr.contains("pre-filled as 0") && unexplained.stderr.contains("--reason"),
                    "refused here, before the server: \(unexplained.stderr)")
            let reason = "逾期1天系区政务外网故障，经核实"
            let revised = try await revising.ok(["assessment", "draft", "--task", "9", "--unit", "jd-jiahe", "--score", "material_submission=20",
                                                 "--reason", "material_submission=\(reason)", "--offline"])
            #expect(revised.contains("revising version 1"), "\(revised)")
            #expect(try await revising.ok(["status"]).contains("revised, waiting to be sent"))
            try await revising.ok(["sync"])
            let resubmitted = try #require(try await listed(revising).first { $0.unitCode == "jd-jiahe" })
            #expect(resubmitted.state == "submitted" && resubmitted.version == 2 && resubmitted.total == 55, "\(resubmitted)")
            #expect(resubmitted.scores == ["material_submission": 20, "cooperation": 30, "bonus_confirmation": 5])
            #expect(resubmitted.reasons == ["material_submission": reason] && resubmitted.prefilled["material_submission"] == 0)
            #expect(!(try await revising.ok(["status"])).contains("returned by the office"))

            // 13 April: the office accepts it; an accepted sheet is locked on both sides.
            try clock.set("2022-04-13T09:00:00+08:00")
            let closing = at("super1", "2022-04-13T09:00:00+08:00")
            try await closing.ok(["supervise", "assessment", "accept", jiaheShort])
            let twice = try await closing.run(["supervise", "assessment", "accept", jiaheShort])
            #expect(twice.status != 0 && twice.stderr.contains("assessment.accepted"), "\(twice.stderr)")
            let final = at("zjj1", "2022-04-13T10:00:00+08:00")
            try await final.ok(["sync"])
            #expect(try await listed(final).map(\.state) == ["accepted", "accepted"])
            let locked = try await final.run(["assessment", "draft", "--task", "9", "--unit", "jd-jiahe", "--score", "cooperation=40",
                                              "--offline"])
            #expect(locked.status != 0 && locked.stderr.contains("accepted"), "\(locked.stderr)")

            // The assessment table: CSV and the workbook hold the same rows, with the expected scores.
            let csv = try await closing.ok(["oversight", "assessment", "--format", "csv"])
            #expect(csv.hasPrefix("\u{FEFF}"), "a BOM for Excel")
            let rows = CSVText.rows(csv)
            #expect(rows.first == ["task", "title", "unit", "unit name", "lead", "material submission", "cooperation on the task",
                                   "bonus-point confirmation", "total", "state", "comment"], "\(rows)")
            #expect(rows.count == 3, "\(rows)")
            let byUnit = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[2], $0) })
            let tianmaRow = try #require(byUnit["jd-tianma"])
            let jiaheRow = try #require(byUnit["jd-jiahe"])
            #expect(tianmaRow[0] == "9" && !tianmaRow[1].isEmpty && tianmaRow[3] == "天马街道办事处" && tianmaRow[4] == "zjj")
            #expect(Array(tianmaRow[5...]) == ["40", "36", "10", "86.00", "accepted", "配合积极"], "\(tianmaRow)")
            #expect(Array(jiaheRow[5...]) == ["20", "30", "5", "55.00", "accepted", "基本配合"], "\(jiaheRow)")
            let chinese = try await closing.ok(["oversight", "assessment", "--format", "csv"], extra: ["LANG": "zh_CN.UTF-8"])
            #expect(chinese.contains("材料报送") && chinese.contains("配合完成实事项目") && chinese.contains("绩效加分确认")
                    && chinese.contains("已通过"), "\(chinese)")
            let table = try await closing.ok(["oversight", "assessment"])
            #expect(table.contains("plan 2022 year-end assessment") && table.contains("jd-jiahe"), "\(table)")

            let workbook = FileManager.default.temporaryDirectory.appendingPathComponent("duban-assessment-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: workbook) }
            try await closing.ok(["oversight", "assessment", "--format", "xlsx", "--output", workbook.path])
            let again = FileManager.default.temporaryDirectory.appendingPathComponent("duban-assessment-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: again) }
            try await closing.ok(["oversight", "assessment", "--format", "xlsx", "--output", again.path])
            #expect(try Data(contentsOf: workbook) == Data(contentsOf: again), "the same table exports the same bytes")
            if let python = WorkbookReader.python {
                let read = try await WorkbookReader.rows(python: python, workbook: workbook)
                #expect(read == rows, "openpyxl reads the CSV's rows: \(read)")
            } else {
                #expect(!WorkbookReader.onCI, "python3 with openpyxl not found (apt-get install -y python3-openpyxl; or set DUBAN_PYTHON)")
            }

            // The assessed units never hold a sheet, not even after a sync.
            for login in ["tianma1", "jiahe1"] {
                let unit = at(login, "2022-04-13T10:00:00+08:00")
                try await unit.ok(["sync"])
                #expect(try await listed(unit).isEmpty, "\(login) holds no sheet")
                #expect(!(try await unit.ok(["status"])).contains("assessment"))
                if let python = WorkbookReader.anyPython {
                    let count = try await ProcessRunner.run(python, ["-c", """
                        import sqlite3, sys
                        print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM supervision_items WHERE entity_type LIKE 'assessment%'").fetchone()[0])
                        """, unit.cacheFile.path])
                    #expect(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(login)'s cache: \(count.stdout) \(count.stderr)")
                }
            }
        }
    }
}

/// Reads a workbook's active sheet with openpyxl, each cell as the CSV writes it.
enum WorkbookReader {
    static let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static var candidates: [String] {
        let environment = ProcessInfo.processInfo.environment
        return [environment["DUBAN_PYTHON"]].compactMap { $0 } + ["/usr/bin/python3", "/usr/local/bin/python3"]
            + (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" }
    }

    /// A Python 3 that can `import openpyxl`.
    static let python: String? = candidates.first { candidate in
        FileManager.default.isExecutableFile(atPath: candidate) && works(candidate, "import openpyxl")
    }

    /// Any Python 3 (for sqlite3).
    static let anyPython: String? = candidates.first { FileManager.default.isExecutableFile(atPath: $0) && works($0, "import sqlite3") }

    private static func works(_ python: String, _ code: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", code]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static let script = #"""
        import json, sys
        import openpyxl
        sheet = openpyxl.load_workbook(sys.argv[1]).active
        def text(c):
            v = c.value
            if v is None:
                return ""
            if isinstance(v, bool):
                return str(v)
            if isinstance(v, (int, float)):
                if c.number_format == "0.00":
                    return "%.2f" % v
                if c.number_format == "0.0":
                    return "%.1f" % v
                if c.number_format == "0" or float(v).is_integer():
                    return str(int(round(v)))
                return repr(float(v))
            return str(v)
        print(json.dumps([[text(c) for c in row] for row in sheet.iter_rows()], ensure_ascii=False))
        """#

    static func rows(python: String, workbook: URL) async throws -> [[String]] {
        let result = try await ProcessRunner.run(python, ["-c", script, workbook.path])
        try #require(result.status == 0, "openpyxl could not load the workbook: \(result.stderr)")
        return try JSONDecoder().decode([[String]].self, from: Data(result.stdout.utf8))
    }
}

/// RFC 4180 fields, as a spreadsheet reads a CSV file (BOM dropped).
