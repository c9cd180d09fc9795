import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand.Admin {
    /// `duban admin unit add|list|disable`.
    struct Unit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add, list, disable and import units (单位).",
            subcommands: [Add.self, List.self, Disable.self, Import.self],
            aliases: ["units"]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a unit.",
                discussion: "Example: duban admin unit add --code jd-tianma --name 天马街道办事处 --kind subdistrict_office --parent yf --alias 天马街道"
            )

            @Option(help: "A short, stable code, e.g. jd-tianma.") var code: String
            @Option(help: "The unit's full name, e.g. 天马街道办事处.") var name: String
            @Option(help: "One of: \(UnitKind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind: UnitKind
            @Option(help: "The parent unit's code, e.g. yf.") var parent: String?
            @Option(name: .customLong("alias"), help: "Another name the notice may use (repeatable).") var aliases: [String] = []

            func run() async throws {
                let request = CreateUnitRequest(code: code, name: name, kind: kind, parentCode: parent,
                                                aliases: aliases.isEmpty ? nil : aliases)
                let unit = try await CLI.withSession { api, _ in try await api.createUnit(request) }
                print(CLI.text(en: "unit created: \(unit.code) \(unit.name)", zh: "单位已创建：\(unit.code) \(unit.name)"))
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List every unit, disabled ones included.")

            @OptionGroup var output: FormatOptions

            func run() async throws {
                let list = try await CLI.withSession { api, _ in try await api.units() }
                CLI.output(try Listing.units.render(list.units, body: list, format: output.format,
                                                    presentation: CLI.presentation))
            }
        }

        struct Disable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Disable a unit: it keeps its history, but gets no new work.")

            @Argument(help: "The unit's code.") var code: String

            func run() async throws {
                let unit = try await CLI.withSession { api, _ in try await api.disableUnit(code: code) }
                print(CLI.text(en: "unit disabled: \(unit.code) \(unit.name)", zh: "单位已停用：\(unit.code) \(unit.name)"))
            }
        }

        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Upload a roster CSV (code,name,kind,parent_code,aliases) and import its units.",
                discussion: """
                    Units are matched by code: new codes are created, changed ones updated, units missing from the file
                    left alone. All or nothing; importing the same file again changes nothing. --dry-run says what would
                    change and writes nothing.
                    """
            )

            @Flag(help: "Say what the import would change and write nothing.") var dryRun = false
            @Option(help: "text or json.") var format: ImportOutputFormat = .text
            @Argument(help: "The roster CSV file (UTF-8).") var file: String

            func run() async throws {
                let data = try ImportFile.read(file, limit: AdminImportLimit.rosterBytes)
                let result = try await CLI.withSession { api, _ in try await api.importUnits(data, dryRun: dryRun) }
                if format == .json {
                    CLI.output(String(decoding: try WireJSON.encoder(pretty: true).encode(result), as: UTF8.self) + "\n")
                    return
                }
                print(result.line(language: CLI.language))
                if !result.created.isEmpty { print(CLI.text(en: "created: ", zh: "新增：") + result.created.joined(separator: ", ")) }
                if !result.updated.isEmpty { print(CLI.text(en: "updated: ", zh: "更新：") + result.updated.joined(separator: ", ")) }
            }
        }
    }
}
