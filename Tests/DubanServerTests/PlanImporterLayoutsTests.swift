import DubanCore
import DubanImport
import DubanServer
import DubanTestSupport
import Foundation
import Postgres
import Testing

/// Notices in layouts other than the seed's, imported into a real database: what the notice states
/// beyond tasks and nodes is stored, names are resolved (or refused) as the preview shows, and nothing is
/// written by a preview or a refused import.
@Suite struct PlanImporterLayoutsTests {
    /// Tasks as text items, a rule in words, no lead time, a document number and a date of issue at the foot.
    static let notice = """
        鱼峰区人民政府办公室关于印发2023年为民办实事项目的通知
        鱼政办发〔2023〕3号
        各镇人民政府、各街道办事处，区直各部门：
        现将2023年为民办实事项目印发给你们。各责任单位每季度末月20日前报送进展情况；各牵头单位于2023年3月10日前报送实施方案。
        一、城市建设
        （一）改造老旧小区30个。
        牵头单位：区住建局
        责任单位：区财政局、各街道
        （二）新建口袋公园5个
        牵头单位:区住建局；配合单位:区执法局,各相关单位
        二、文体
        （三）新建健身路径30套（牵头单位：区文体广旅局；责任单位：各街道办事处）
        鱼峰区人民政府办公室
        2023年1月5日
        """

    static func parsed() throws -> ParsedPlan {
        try NoticeParser.parse(try NoticeDocument(plainText: notice))
    }

    static func count(_ table: String, _ connection: PostgresConnection) async throws -> Int {
        switch table {
        case "plans": return try await connection.query("SELECT count(*)::int FROM duban.plans")[0].decode(Int.self, at: 0)
        default: return try await connection.query("SELECT count(*)::int FROM duban.tasks")[0].decode(Int.self, at: 0)
        }
    }

    @Test func aGroupTermIsRefusedUntilMappedAndNothingIsWritten() async throws {
        try await Fixtures.withLoadedDatabase { connection in
            let plan = try Self.parsed()
            let preview = try await PlanImporter().preview(plan, on: connection)
            #expect(preview.rosterChecked)
            #expect(preview.unresolved.map(\.name) == ["各相关单位"])
            #expect(preview.unresolved.first?.vague == true)
            #expect(preview.tasks[0].responsible.map(\.how) == [.name, .collective])
            #expect(preview.changes == nil)
            #expect(try await Self.count("plans", connection) == 0)

            await #expect { try await PlanImporter(createMissingUnits: true).importPlan(plan, sourceName: nil, on: connection) }
                throws: { ($0 as? ImportError)?.code == "import.unknown_units" }
            #expect(try await Self.count("plans", connection) == 0)
            await #expect { try await PlanImporter(mappings: ["各相关单位": ["nobody"]]).importPlan(plan, sourceName: nil, on: connection) }
                throws: { ($0 as? ImportError)?.code == "import.bad_mapping" }
        }
    }

    @Test func theNoticesFactsAreStored() async throws {
        try await Fixtures.withLoadedDatabase { connection in
            let plan = try Self.parsed()
            let importer = PlanImporter(mappings: ["各相关单位": ["zfj", "czj"]])
            let summary = try await importer.importPlan(plan, sourceName: "notice-2023.txt", on: connection)
            #expect(summary.tasksCreated == 3)
            #expect(summary.nodesCreated == 4)
            let stored = try await connection.query("""
                SELECT document_number, issued_on::text, responsible_lead_days, plan_dates->0->>'date'
                  FROM duban.plans WHERE year = 2023
                """)
            #expect(stored.first?[0] == "鱼政办发〔2023〕3号")
            #expect(stored.first?[1] == "2023-01-05")
            #expect(stored.first?[2] == "0")
            #expect(stored.first?[3] == "2023-03-10")
            let nodes = try await connection.query("SELECT node_date::text FROM duban.reporting_nodes ORDER BY ordinal")
            #expect(nodes.map { $0[0] } == ["2023-03-20", "2023-06-20", "2023-09-20", "2023-12-20"])
            let tasks = try await connection.query("SELECT number, label, group_name FROM duban.tasks ORDER BY number")
            #expect(tasks.map { $0[1] } == ["（一）", "（二）", "（三）"])
            #expect(tasks.map { $0[2] } == ["城市建设", "城市建设", "文体"])
            let mapped = try await connection.query("""
                SELECT u.code, a.role FROM duban.assignments a JOIN duban.tasks t ON t.id = a.task_id
                  JOIN duban.units u ON u.id = a.unit_id WHERE t.number = 2 ORDER BY a.role, u.code
                """)
            #expect(mapped.map { "\($0[0]!):\($0[1]!)" } == ["zjj:lead", "czj:responsible", "zfj:responsible"])

            // The same notice again changes nothing; the preview of it lists no change.
            #expect(try await importer.importPlan(plan, sourceName: "notice-2023.txt", on: connection).changed == false)
            #expect(try await importer.preview(plan, on: connection).changes == [])

            // A corrected notice: the preview lists what the import itself would change, and writes nothing.
            var corrected = plan
            corrected.tasks[0].title += "（修订）"
            corrected.tasks.removeLast()
            corrected.nodes[0].nodeDate = corrected.nodes[0].nodeDate.adding(days: 1)
            corrected.nodes[0].leadDueDate = corrected.nodes[0].leadDueDate.adding(days: 1)
            corrected.nodes[0].responsibleDueDate = corrected.nodes[0].responsibleDueDate.adding(days: 1)
            let before = try await connection.query("SELECT count(*)::int, max(title) FROM duban.tasks WHERE closed_at IS NULL")
            let preview = try await importer.preview(corrected, on: connection)
            let changes = try #require(preview.changes)
            #expect(changes.contains(PlanChange(.taskUpdated, task: plan.tasks[0].number, from: plan.tasks[0].title,
                                                to: corrected.tasks[0].title)), "\(changes)")
            #expect(changes.contains { $0.kind == .taskClosed && $0.task == plan.tasks.last?.number }, "\(changes)")
            #expect(changes.contains { $0.kind == .nodeMoved && $0.node == plan.nodes[0].ordinal }, "\(changes)")
            #expect(preview.lines(language: .zh).contains { $0.contains("将关闭而不删除") })
            let after = try await connection.query("SELECT count(*)::int, max(title) FROM duban.tasks WHERE closed_at IS NULL")
            #expect(before[0][0] == after[0][0] && before[0][1] == after[0][1], "a preview writes nothing")
            let applied = try await importer.importPlan(corrected, sourceName: "notice-2023-corrected.txt", on: connection)
            #expect(applied.details == changes, "the preview lists what the import does")
        }
    }
}
