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
            abstract: "Load a notice's plan (tasks, reporting nodes, assignments) from .docx, .txt, .xlsx or .csv.",
            discussion: """
                The year, the reporting nodes (时间节点（3月28日、…）) and the responsible units' lead time
                (提前3日) come from the notice's text; the tasks from its table. District unit cells are matched
                to the roster by name or alias; 各街道办事处 and 各镇人民政府 expand to every unit of that kind.
                If a name matches no unit, nothing is imported and the names are listed (or use
                --create-missing). Importing the same notice again changes nothing.
                --dry-run parses and prints the plan without touching any database.

                For a notice no parser reads, type the plan into a spreadsheet: --template plan.xlsx writes an
                empty workbook (sheets 说明 guide, 计划 plan, 任务 tasks, 节点 nodes, 指标 indicators, each with an
                example row, which is skipped); import-plan plan.xlsx reads it back. --template plan.csv writes
                the tasks sheet alone as CSV (UTF-8 with BOM): lines before its header that start with # carry
                the plan's facts ("# 年度 year,2023", "# 时区 time zone,Asia/Shanghai", "# 责任单位提前天数 lead
                days,3", "# 节点 nodes,2023-03-30、2023-06-30"); a CSV has no indicators sheet, so indicators are
                proposed from 完成标准 as for any notice. Options given here override the spreadsheet's.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Parse and print the plan; do not connect to a database.") var dryRun = false
        @Flag(name: .customLong("create-missing"), help: "Create units for names the roster lacks, and list them for review.")
        var createMissing = false
        @Option(name: .customLong("time-zone"),
                help: "The plan's time zone, for deadlines (IANA name; default: the spreadsheet's, else Asia/Shanghai).")
        var timeZone: String?
        @Option(help: "text or json.") var format: OutputFormat = .text
        @Option(help: "Write an empty plan spreadsheet to fill in (.xlsx workbook or .csv tasks sheet), and stop.")
        var template: String?
        @Argument(help: "The notice: a .docx file, UTF-8 text in the seed's layout, or a plan spreadsheet (.xlsx, .csv).")
        var file: String?

        func run() async throws {
            try await CommandSupport.run {
                CommandSupport.bootstrapLogging(format: .text, level: .warning)
                if let template {
                    try writeTemplate(to: template)
                    return
                }
                guard let file else {
                    throw ValidationError(CommandSupport.language == .zh ? "请指定通知文件，或用 --template 生成模板" : "name the notice file, or write a template with --template")
                }
                if let timeZone, TimeZone(identifier: timeZone) == nil {
                    throw ValidationError(CommandSupport.language == .zh ? "未知时区：\(timeZone)" : "unknown time zone: \(timeZone)")
                }
                let source = try NoticeFile.readSource(path: file)
                var options = source.options
                if let timeZone { options.timeZone = timeZone }
                let plan = try source.parse(options: options)
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

        /// Writes the plan template: a workbook for `.xlsx`, the tasks sheet for `.csv`.
        private func writeTemplate(to path: String) throws {
            let data: Data
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "xlsx": data = PlanWorkbook.template()
            case "csv": data = Data(PlanWorkbook.csvTemplate().utf8)
            default:
                throw ValidationError(CommandSupport.language == .zh ? "模板文件名应以 .xlsx 或 .csv 结尾：\(path)"
                                                                      : "the template's name must end in .xlsx or .csv: \(path)")
            }
            guard !FileManager.default.fileExists(atPath: path) else {
                throw ValidationError(CommandSupport.language == .zh ? "文件已存在，未覆盖：\(path)" : "\(path) already exists; it is not overwritten")
            }
            try data.write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
            CommandSupport.say(.init(en: "template written to \(path)", zh: "模板已写入 \(path)"))
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
