import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand.Admin {
    /// `duban admin plan import FILE`.
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a notice's plan (计划) from .docx, .txt or a plan spreadsheet (.xlsx, .csv).",
            subcommands: [Import.self, CarryOver.self]
        )

        struct CarryOver: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "carry-over",
                abstract: "Carry an unfinished task of an earlier year's plan into a later plan (结转).",
                discussion: """
                    Makes a task in the later plan (the newest, or --to YEAR) with the same content and units, numbered
                    from 901 so the later notice's own numbers never meet it, and linked to the task it continues:
                    `duban task show` names it, and its earlier reports stay where they are. A task is carried into a
                    plan once. Import the new year's notice first.
                    Example: duban admin plan carry-over --from 2022 --task 4
                    """
            )

            @Option(help: "The year of the plan the task is in.") var from: Int
            @Option(help: "The task's number in that plan.") var task: Int
            @Option(help: "The year of the plan it goes into (default: the newest plan).") var to: Int?
            @Option(help: "text or json.") var format: ImportOutputFormat = .text

            func run() async throws {
                let result = try await CLI.withSession { api, _ in
                    try await api.carryOver(CarryOverRequest(fromYear: from, taskNumber: task, toYear: to))
                }
                if format == .json {
                    CLI.output(String(decoding: try WireJSON.encoder(pretty: true).encode(result), as: UTF8.self) + "\n")
                    return
                }
                print(result.line(language: CLI.language))
            }
        }

        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Upload a notice and import its plan (tasks, reporting nodes, assignments).",
                discussion: """
                    The server parses the notice as duban-server import-plan does and matches its unit names to the
                    roster. --dry-run shows what would be loaded (the preview) and writes nothing. If a name matches no
                    unit, nothing is imported and the names are listed (use --map or --create-missing). Importing the
                    same notice again changes nothing; a corrected notice updates the plan, and a task it no longer
                    lists is closed, not deleted (its reports stay). A notice the parser cannot read can be typed into
                    the template that duban-server import-plan --template plan.xlsx writes.
                    Example: duban admin plan import 通知.docx --dry-run --map "各相关单位=zjj,czj"
                    """
            )

            @Flag(help: "Show what the import would load and write nothing.") var dryRun = false
            @Flag(name: .customLong("create-missing"), help: "Create units for names the roster lacks (never for group terms such as 各相关单位).")
            var createMissing = false
            @Option(help: "The plan year, when the notice does not say it.") var year: Int?
            @Option(help: "The reporting nodes, when the notice gives no rule: 2023-03-31,2023-06-30,…") var nodes: String?
            @Option(name: .customLong("lead-days"), help: "Days before each node the responsible units report to their lead (0: on the node).")
            var leadDays: Int?
            @Option(help: "The issuing office(s), when the notice's first line does not say it.") var issuer: String?
            @Option(help: "The plan's title, when the notice has none.") var title: String?
            @Option(name: .customLong("map"), help: "Resolve a name for this import: \"各相关单位=zjj,czj\" (repeatable).")
            var maps: [String] = []
            @Option(help: "text or json.") var format: ImportOutputFormat = .text
            @Argument(help: "The notice: a .docx file, UTF-8 text, or a plan spreadsheet (.xlsx, .csv).") var file: String

            func run() async throws {
                let data = try ImportFile.read(file, limit: AdminImportLimit.noticeBytes)
                var options = APIClient.PlanImportOptions()
                options.dryRun = dryRun
                options.createMissing = createMissing
                options.year = year
                options.nodes = nodes
                options.leadDays = leadDays
                options.issuer = issuer
                options.title = title
                options.maps = maps
                let name = URL(fileURLWithPath: file).lastPathComponent
                let result = try await CLI.withSession { api, _ in try await api.importPlan(data, name: name, options: options) }
                if format == .json {
                    CLI.output(String(decoding: try WireJSON.encoder(pretty: true).encode(result), as: UTF8.self) + "\n")
                    return
                }
                for line in result.preview.lines(language: CLI.language) { print(line) }
                guard let summary = result.summary else { return }
                print(summary.line(language: CLI.language))
                if !summary.unitsCreated.isEmpty {
                    print(CLI.text(en: "units created for review (check kind and parent):", zh: "新建的单位（请核对类型和上级单位）："))
                    for unit in summary.unitsCreated {
                        print("  \(unit.code)\t\(unit.name)\t\(unit.kind.rawValue)\t\(unit.parentCode ?? "-")")
                    }
                }
            }
        }
    }
}

/// How an import command prints its answer.
enum ImportOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Reads a file to upload, refusing it before sending when it is over the server's limit.
enum ImportFile {
    static func read(_ path: String, limit: Int) throws -> Data {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        if let size, size > limit {
            throw ClientError(code: "too_large", message: AdminImportLimit.tooLarge(name: name, size: size, limit: limit))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ClientError(code: "client.unreadable_file", message: .init(en: "cannot read \(path)", zh: "无法读取文件 \(path)"))
        }
        guard data.count <= limit else {
            throw ClientError(code: "too_large", message: AdminImportLimit.tooLarge(name: name, size: data.count, limit: limit))
        }
        return data
    }
}
