import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand.Admin {
    /// `duban admin unit add|list|disable`.
    struct Unit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add, list and disable units (单位).",
            subcommands: [Add.self, List.self, Disable.self]
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
    }
}
