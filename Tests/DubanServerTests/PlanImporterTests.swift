import DubanCore
import DubanImport
import DubanServer
import DubanTestSupport
import Foundation
import Postgres
import Testing

@Suite struct PlanImporterTests {
    @Test func seedPlanLandsAsTheNoticeSays() async throws {
        try await Fixtures.withLoadedDatabase { connection in
            let summary = try await PlanImporter().importPlan(try Fixtures.parsedSeedPlan(), sourceName: "notice-2022.txt",
                                                              on: connection)
            #expect(summary.planCreated)
            #expect(summary.tasksCreated == 10)
            #expect(summary.nodesCreated == 4)

            let plan = try await connection.query("SELECT year, time_zone, responsible_lead_days FROM duban.plans")
            #expect(plan.count == 1)
            #expect(try plan[0].decode(Int.self, at: 0) == 2022)
            #expect(try plan[0].decode(String.self, at: 1) == "Asia/Shanghai")
            #expect(try plan[0].decode(Int.self, at: 2) == 3)

            let nodes = try await connection.query("""
                SELECT node_date::text, lead_due_date::text, responsible_due_date::text FROM duban.reporting_nodes ORDER BY ordinal
                """)
            #expect(nodes.map { $0[0] } == ["2022-03-28", "2022-06-30", "2022-09-23", "2022-12-05"])
            #expect(nodes.map { $0[1] } == ["2022-03-28", "2022-06-30", "2022-09-23", "2022-12-05"])
            #expect(nodes.map { $0[2] } == ["2022-03-25", "2022-06-27", "2022-09-20", "2022-12-02"])

            let notApplicable = try await connection.query(
                "SELECT number FROM duban.tasks WHERE not_applicable ORDER BY number")
            #expect(try notApplicable.map { try $0.decode(Int.self, at: 0) } == [2, 3, 5, 6, 7, 10])
            let noAssignments = try await connection.query("""
                SELECT count(*) FROM duban.assignments a JOIN duban.tasks t ON t.id = a.task_id WHERE t.not_applicable
                """)
            #expect(try noAssignments[0].decode(Int.self, at: 0) == 0)

            let task9 = try await connection.query("SELECT city_lead_units FROM duban.tasks WHERE number = 9")
            #expect(try task9[0].decode([String].self, at: 0) == ["市林业和园林局", "市体育局"])

            // 各街道办事处 expands to every subdistrict office of the roster.
            let offices = try await connection.query("""
                SELECT u.code FROM duban.assignments a
                  JOIN duban.tasks t ON t.id = a.task_id JOIN duban.units u ON u.id = a.unit_id
                 WHERE t.number = 9 AND a.role = 'responsible' AND u.kind = 'subdistrict_office' ORDER BY u.code
                """)
            let allOffices = try await connection.query(
                "SELECT code FROM duban.units WHERE kind = 'subdistrict_office' ORDER BY code")
            #expect(offices.count == 8)
            #expect(offices.map { $0[0] } == allOffices.map { $0[0] })

            // 财政局 (row 9) resolves to 区财政局 through the roster's alias.
            let finance = try await connection.query("""
                SELECT a.role, a.written_as FROM duban.assignments a JOIN duban.tasks t ON t.id = a.task_id
                  JOIN duban.units u ON u.id = a.unit_id WHERE t.number = 9 AND u.code = 'czj'
                """)
            #expect(finance.first?[0] == "responsible")
            #expect(finance.first?[1] == "财政局")

            let leads9 = try await connection.query("""
                SELECT u.code FROM duban.assignments a JOIN duban.tasks t ON t.id = a.task_id
                  JOIN duban.units u ON u.id = a.unit_id WHERE t.number = 9 AND a.role = 'lead' ORDER BY u.code
                """)
            #expect(leads9.map { $0[0] } == ["wtglj", "zjj"])
        }
    }

    @Test func secondImportIsANoOp() async throws {
        try await Fixtures.withLoadedDatabase { connection in
            let plan = try Fixtures.parsedSeedPlan()
            _ = try await PlanImporter().importPlan(plan, sourceName: nil, on: connection)
            let before = try await Self.snapshot(connection)
            let again = try await PlanImporter().importPlan(plan, sourceName: nil, on: connection)
            #expect(!again.changed)
            #expect(again.tasksUnchanged == 10)
            #expect(try await Self.snapshot(connection) == before)
        }
    }

    @Test func docxAndTextGiveTheSamePlanAndImportAsOne() async throws {
        let fromText = try Fixtures.parsedSeedPlan()
        let fromDocx = try NoticeParser.parse(NoticeFile.read(path: Fixtures.noticeDocx.path))
        #expect(fromText == fromDocx)
        try await Fixtures.withLoadedDatabase { connection in
            _ = try await PlanImporter().importPlan(fromDocx, sourceName: "notice-2022.docx", on: connection)
            let again = try await PlanImporter().importPlan(fromText, sourceName: "notice-2022.txt", on: connection)
            #expect(!again.changed)
        }
    }

    @Test func unknownUnitImportsNothingAndNamesIt() async throws {
        var text = try String(contentsOf: Fixtures.noticeText, encoding: .utf8)
        text = text.replacingOccurrences(of: "区发改局、区财政局\n", with: "区发改局、区财政局、区海事局\n")
        let plan = try NoticeParser.parse(try NoticeDocument(plainText: text))
        try await Fixtures.withLoadedDatabase { connection in
            let error = await #expect(throws: ImportError.self) {
                try await PlanImporter().importPlan(plan, sourceName: nil, on: connection)
            }
            #expect(error?.code == "import.unknown_units")
            #expect(error?.unknownUnits.map(\.name) == ["区海事局"])
            #expect(error?.message.en.contains("区海事局") == true)
            #expect(error?.message.zh.contains("区海事局") == true)
            for table in ["plans", "tasks", "reporting_nodes", "assignments"] {
                let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM duban.\(table)"))
                #expect(try rows[0].decode(Int.self, at: 0) == 0, "\(table) must stay empty")
            }

            // --create-missing creates it for review and imports the plan.
            let summary = try await PlanImporter(createMissingUnits: true).importPlan(plan, sourceName: nil, on: connection)
            #expect(summary.unitsCreated.map(\.name) == ["区海事局"])
            #expect(summary.unitsCreated.first?.kind == .bureau)
            #expect(summary.unitsCreated.first?.parentCode == "yf")
            #expect(summary.tasksCreated == 10)
        }
    }

    @Test func correctedNoticeUpdatesInPlaceAndClosesWhatItNoLongerLists() async throws {
        let original = try Fixtures.parsedSeedPlan()
        try await Fixtures.withLoadedDatabase { connection in
            _ = try await PlanImporter().importPlan(original, sourceName: nil, on: connection)
            var corrected = original
            corrected.tasks[0].completionStandard = "完成50个小区改造。"
            corrected.tasks[0].districtResponsible = UnitCell(written: "区发改局", names: ["区发改局"])
            let summary = try await PlanImporter().importPlan(corrected, sourceName: nil, on: connection)
            #expect(summary.tasksUpdated == 1)
            #expect(summary.tasksUnchanged == 9)
            #expect(summary.assignmentsRemoved == 1)

            // A task the corrected notice no longer lists is closed, not deleted, and reopened when listed again.
            var shorter = corrected
            let removed = shorter.tasks.removeLast().number
            let closing = try await PlanImporter().importPlan(shorter, sourceName: "corrected.txt", on: connection)
            #expect(closing.tasksClosed == [removed] && closing.tasksUnchanged == 9 && closing.changed)
            let row = try await connection.query(
                "SELECT closed_at IS NOT NULL, closed_by_source FROM duban.tasks WHERE number = \(removed)")
            #expect(try row[0].decode(Bool.self, at: 0) && row[0][1] == "corrected.txt")
            #expect(!(try await PlanImporter().importPlan(shorter, sourceName: "corrected.txt", on: connection)).changed)
            let reopening = try await PlanImporter().importPlan(corrected, sourceName: nil, on: connection)
            #expect(reopening.tasksReopened == [removed] && reopening.tasksClosed.isEmpty)
            #expect(try await connection.query("SELECT count(*)::int FROM duban.tasks WHERE closed_at IS NOT NULL")[0]
                .decode(Int.self, at: 0) == 0)
        }
    }

    @Test func schemaRefusesAnInvolvedTaskWithoutLead() async throws {
        try await Fixtures.withLoadedDatabase { connection in
            _ = try await PlanImporter().importPlan(try Fixtures.parsedSeedPlan(), sourceName: nil, on: connection)
            let error = await #expect(throws: PostgresError.self) {
                try await connection.transaction { connection in
                    try await connection.execute("""
                        DELETE FROM duban.assignments WHERE role = 'lead'
                           AND task_id = (SELECT id FROM duban.tasks WHERE number = 1)
                        """)
                }
            }
            #expect(error?.sqlState == "23514")
            let error2 = await #expect(throws: PostgresError.self) {
                try await connection.execute("""
                    INSERT INTO duban.tasks (plan_id, number, title, content, completion_standard)
                    SELECT id, 1, 'dup', '', '' FROM duban.plans
                    """)
            }
            #expect(error2?.isUniqueViolation == true)
        }
    }

    /// Everything an import writes, as text, to compare before and after.
    static func snapshot(_ connection: PostgresConnection) async throws -> [String] {
        var lines: [String] = []
        for sql in [
            "SELECT row(p.*)::text FROM duban.plans p ORDER BY id",
            "SELECT row(t.*)::text FROM duban.tasks t ORDER BY id",
            "SELECT row(n.*)::text FROM duban.reporting_nodes n ORDER BY id",
            "SELECT row(a.id, a.task_id, a.unit_id, a.role, a.written_as)::text FROM duban.assignments a ORDER BY id",
            "SELECT row(u.*)::text FROM duban.units u ORDER BY id",
        ] {
            for row in try await connection.query(PostgresQuery(unsafeSQL: sql)) { lines.append(row[0] ?? "NULL") }
        }
        return lines
    }
}
