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
        @Flag(help: "Show what the import would load (the preview) and write nothing. Units are checked against the database's roster when --database-url or DUBAN_DATABASE_URL names one, else against --roster.")
        var dryRun = false
        @Flag(name: .customLong("create-missing"), help: "Create units for names the roster lacks, and list them for review (never for group terms such as 各相关单位).")
        var createMissing = false
        @Option(name: .customLong("time-zone"),
                help: "The plan's time zone, for deadlines (IANA name; default: the spreadsheet's, else Asia/Shanghai).")
        var timeZone: String?
        @Option(help: "The plan year, when the notice does not say it.") var year: Int?
        @Option(help: "The reporting nodes, when the notice gives no rule: 2023-03-31,2023-06-30,…") var nodes: String?
        @Option(name: .customLong("lead-days"), help: "Days before each node the responsible units report to their lead (0: on the node).")
        var leadDays: Int?
        @Option(help: "The issuing office(s), when the notice's first line does not say it.") var issuer: String?
        @Option(help: "The plan's title, when the notice has none.") var title: String?
        @Option(name: .customLong("map"), help: "Resolve a name for this import: \"各相关单位=zjj,czj\" (repeatable).")
        var maps: [String] = []
        @Option(help: "A roster CSV to check unit names against in a --dry-run without a database.") var roster: String?
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
                let mappings = try UnitMapping.parse(maps)
                let source = try NoticeFile.readSource(path: file)
                let plan = try source.parse(options: try noticeOptions(over: source.options))
                let importer = PlanImporter(createMissingUnits: createMissing, mappings: mappings)
                if dryRun {
                    let preview: PlanPreview
                    if let roster {
                        let units = try UnitRoster.parseCSV(try String(contentsOfFile: roster, encoding: .utf8))
                        let codes = Set(units.map(\.code))
                        for (name, mapped) in mappings.sorted(by: { $0.key < $1.key }) where !mapped.allSatisfy(codes.contains) {
                            throw ImportError.badMapping(name, unknownCodes: mapped.filter { !codes.contains($0) })
                        }
                        preview = plan.preview(using: UnitDirectory(units: units).mapping(mappings))
                    } else if database.namesADatabase(environment: ProcessInfo.processInfo.environment) {
                        let connection = try await database.connect(logger: Logger(label: "duban.import"))
                        defer { connection.close() }
                        preview = try await importer.preview(plan, on: connection)
                    } else {
                        preview = plan.preview(using: nil)
                    }
                    try printPreview(plan, preview)
                    return
                }
                let connection = try await database.connect(logger: Logger(label: "duban.import"))
                defer { connection.close() }
                let summary = try await importer.importPlan(plan, sourceName: URL(fileURLWithPath: file).lastPathComponent,
                                                           on: connection)
                for warning in plan.warnings {
                    CommandSupport.say(.init(en: "warning: " + warning.message.en, zh: "注意：" + warning.message.zh))
                }
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

        /// What the admin supplied on the command line, over what the file itself set (a spreadsheet's plan sheet).
        private func noticeOptions(over base: NoticeOptions) throws -> NoticeOptions {
            try NoticeOptions.Supplied(timeZone: timeZone, year: year.map(String.init), nodes: nodes,
                                       leadDays: leadDays.map(String.init), issuer: issuer, title: title).applied(to: base)
        }

        private func printPreview(_ plan: ParsedPlan, _ preview: PlanPreview) throws {
            if format == .json {
                // The plan as parsed, each task with the indicators the import would propose and its units as
                // resolved; beside it the preview.
                let encoded = try WireJSON.encoder().encode(plan)
                guard var object = try JSONSerialization.jsonObject(with: encoded) as? [String: Any],
                      var tasks = object["tasks"] as? [[String: Any]] else { return }
                for index in tasks.indices {
                    let proposals = try WireJSON.encoder().encode(plan.tasks[index].proposedIndicators)
                    tasks[index]["proposed_indicators"] = try JSONSerialization.jsonObject(with: proposals)
                }
                object["tasks"] = tasks
                object["preview"] = try JSONSerialization.jsonObject(with: try WireJSON.encoder().encode(preview))
                let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            for line in preview.lines(language: CommandSupport.language) { print(line) }
        }

        private func printSummary(_ summary: PlanImporter.Summary) throws {
            if format == .json {
                print(String(decoding: try WireJSON.encoder(pretty: true).encode(summary), as: UTF8.self))
                return
            }
            let wire = PlanImportSummary(summary)
            CommandSupport.say(.init(en: wire.line(language: .en), zh: wire.line(language: .zh)))
            if !summary.changed { return }
            if !summary.unitsCreated.isEmpty {
                CommandSupport.say(.init(en: "units created for review (check kind and parent):", zh: "新建的单位（请核对类型和上级单位）："))
                for unit in summary.unitsCreated {
                    print("  \(unit.code)\t\(unit.name)\t\(unit.kind.rawValue)\t\(unit.parentCode ?? "-")")
                }
            }
        }
    }
}
