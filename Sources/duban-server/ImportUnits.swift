import ArgumentParser
import DubanCore
import DubanServer
import Foundation
import Logging

extension DubanServerCommand {
    /// `duban-server import-units FILE`: loads a unit roster CSV.
    struct ImportUnits: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-units",
            abstract: "Load a unit roster from CSV (code,name,kind,parent_code,aliases).",
            discussion: """
                kind is one of: \(UnitKind.allCases.map(\.rawValue).joined(separator: ", ")).
                aliases are other names a notice may use, separated by |. Units are matched by code; the
                import is all or nothing and running it again changes nothing. Deploy/sample/units-sample.csv
                is a sample roster for the demo (not an official list).
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "text or json.") var format: OutputFormat = .text
        @Argument(help: "The roster CSV file (UTF-8).") var file: String

        func run() async throws {
            try await CommandSupport.run {
                CommandSupport.bootstrapLogging(format: .text, level: .warning)
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw ValidationError(CommandSupport.language == .zh ? "无法读取文件 \(file)" : "cannot read \(file)")
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    throw ValidationError(CommandSupport.language == .zh ? "\(file) 不是 UTF-8 文本" : "\(file) is not UTF-8 text")
                }
                let connection = try await database.connect(logger: Logger(label: "duban.import"))
                defer { connection.close() }
                let summary = try await UnitRosterImporter().importCSV(text, on: connection)
                switch format {
                case .json:
                    print(String(decoding: try WireJSON.encoder(pretty: true).encode(summary), as: UTF8.self))
                case .text:
                    CommandSupport.say(.init(
                        en: "units: \(summary.created.count) created, \(summary.updated.count) updated, \(summary.unchanged) unchanged",
                        zh: "单位：新增 \(summary.created.count) 个，更新 \(summary.updated.count) 个，未变 \(summary.unchanged) 个"))
                }
            }
        }
    }
}

/// How a command prints its result.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
