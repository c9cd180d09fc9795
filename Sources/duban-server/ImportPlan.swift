import ArgumentParser
import DubanCore
import DubanImport
import DubanServer
import Foundation
import Logging

extension DubanServerCommand {
    /// `duban-server import-plan FILE`: loads a notice's plan (.txt or .docx).
    struct ImportPlan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-plan",
            abstract: "Load a notice's plan (tasks, reporting nodes, assignments) from .docx or .txt.",
            discussion: """
                The year, the reporting nodes (时间节点（3月28日、…）) and the responsible units' lead time
                (提前3日) come from the notice's text; the tasks from its table. District unit cells are matched
                to the roster by name or alias; 各街道办事处 and 各镇人民政府 expand to every unit of that kind.
                If a name matches no unit, nothing is imported and the names are listed (or use
                --create-missing). Importing the same notice again changes nothing.
                --dry-run parses and prints the plan without touching any database.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Parse and print the plan; do not connect to a database.") var dryRun = false
        @Flag(name: .customLong("create-missing"), help: "Create units for names the roster lacks, and list them for review.")
        var createMissing = false
        @Option(name: .customLong("time-zone"), help: "The plan's time zone, for deadlines (IANA name).")
        var timeZone = "Asia/Shanghai"
        @Option(help: "text or json.") var format: OutputFormat = .text
        @Argument(help: "The notice: a .docx file or UTF-8 text in the seed's layout.") var file: String

        func run() async throws {
            try await CommandSupport.run {
                CommandSupport.bootstrapLogging(format: .text, level: .warning)
                guard TimeZone(identifier: timeZone) != nil else {
                    throw ValidationError(CommandSupport.language == .zh ? "未知时区：\(timeZone)" : "unknown time zone: \(timeZone)")
                }
                let document = try NoticeFile.read(path: file)
                let plan = try NoticeParser.parse(document, timeZone: timeZone)
                if dryRun {
                    try printPlan(plan)
                    return
                }
                let connection = try await database.connect(logger: Logger(label: "duban.import"))
                defer { connection.close() }
                let importer = PlanImporter(createMissingUnits: createMissing)
                let summary = try await importer.importPlan(plan, sourceName: URL(fileURLWithPath: file).lastPathComponent,
                                                           on: connection)
                try printSummary(summary)
            }
        }

        private func printPlan(_ plan: ParsedPlan) throws {
            if format == .json {
                // The plan as parsed, each task with the indicators the import would propose.
                let encoded = try WireJSON.encoder().encode(plan)
                guard var object = try JSONSerialization.jsonObject(with: encoded) as? [String: Any],
                      var tasks = object["tasks"] as? [[String: Any]] else { return }
                for index in tasks.indices {
                    let proposals = try WireJSON.encoder().encode(plan.tasks[index].proposedIndicators)
                    tasks[index]["proposed_indicators"] = try JSONSerialization.jsonObject(with: proposals)
                }
                object["tasks"] = tasks
                let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            let zh = CommandSupport.language == .zh
            print(zh ? "计划：\(plan.title)（\(plan.year) 年，时区 \(plan.timeZone)）"
                     : "plan: \(plan.title) (\(plan.year), time zone \(plan.timeZone))")
            print(zh ? "责任单位提前 \(plan.responsibleLeadDays) 日报送" : "responsible units report \(plan.responsibleLeadDays) day(s) early")
            for node in plan.nodes {
                print(zh ? "  节点 \(node.ordinal)：\(node.nodeDate)（牵头单位截止 \(node.leadDueDate)，责任单位截止 \(node.responsibleDueDate)）"
                         : "  node \(node.ordinal): \(node.nodeDate) (lead due \(node.leadDueDate), responsible due \(node.responsibleDueDate))")
            }
            for task in plan.tasks {
                let district = task.notApplicable
                    ? (task.notApplicableText ?? (zh ? "不涉及" : "not applicable"))
                    : (zh ? "牵头：" : "lead: ") + task.districtLead.names.joined(separator: "、")
                        + (zh ? "；责任：" : "; responsible: ") + task.districtResponsible.names.joined(separator: "、")
                print("  \(task.number). \(task.title) — \(district)")
                let proposals = task.proposedIndicators
                if !proposals.isEmpty {
                    let list = proposals.map { "\($0.name) \(IndicatorRules.format($0.target)) \($0.measure)" }
                    print(zh ? "     指标建议（市定完成标准，待督查绩效办确认）：\(list.joined(separator: "、"))"
                             : "     proposed indicators (the city's completion standard, to be confirmed): \(list.joined(separator: ", "))")
                }
            }
        }

        private func printSummary(_ summary: PlanImporter.Summary) throws {
            if format == .json {
                print(String(decoding: try WireJSON.encoder(pretty: true).encode(summary), as: UTF8.self))
                return
            }
            if !summary.changed {
                CommandSupport.say(.init(en: "plan \(summary.title) is already up to date; nothing changed",
                                         zh: "计划“\(summary.title)”已是最新，未作改动"))
                return
            }
            CommandSupport.say(.init(
                en: "plan \(summary.title) (\(summary.year)) \(summary.planCreated ? "created" : "updated"): tasks \(summary.tasksCreated) new, \(summary.tasksUpdated) updated, \(summary.tasksUnchanged) unchanged; nodes \(summary.nodesCreated) new, \(summary.nodesUpdated) updated; assignments \(summary.assignmentsAdded) added, \(summary.assignmentsUpdated) updated, \(summary.assignmentsRemoved) removed\(summary.indicatorsProposed > 0 ? "; indicators proposed \(summary.indicatorsProposed) (confirm with duban target confirm)" : "")",
                zh: "计划“\(summary.title)”（\(summary.year) 年）已\(summary.planCreated ? "导入" : "更新")：任务新增 \(summary.tasksCreated)、更新 \(summary.tasksUpdated)、未变 \(summary.tasksUnchanged)；节点新增 \(summary.nodesCreated)、更新 \(summary.nodesUpdated)；分工新增 \(summary.assignmentsAdded)、更新 \(summary.assignmentsUpdated)、删除 \(summary.assignmentsRemoved)\(summary.indicatorsProposed > 0 ? "；指标建议 \(summary.indicatorsProposed) 项（用 duban target confirm 确认）" : "")"))
            if !summary.unitsCreated.isEmpty {
                CommandSupport.say(.init(en: "units created for review (check kind and parent):", zh: "新建的单位（请核对类型和上级单位）："))
                for unit in summary.unitsCreated {
                    print("  \(unit.code)\t\(unit.name)\t\(unit.kind.rawValue)\t\(unit.parentCode ?? "-")")
                }
            }
        }
    }
}
