import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand {
    /// `duban circular list|show`: the issued circulars this account received, from the local cache.
    struct Circular: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read the supervision office's issued circulars (通报), from the local cache.",
            discussion: "Works offline; `duban sync` brings new ones.",
            subcommands: [List.self, Show.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the circulars received, newest first.")
            @OptionGroup var output: FormatOptions

            func run() async throws {
                let circulars = try CLI.workspace().cache.circulars()
                CLI.output(try Listing.circulars.render(circulars, body: circulars, format: output.format,
                                                        presentation: CLI.presentation))
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show a circular: its document number (文号), title and text.",
                discussion: "Name it by its id, by its document number (〔2022〕3号), or by year and number (2022-3).")

            @Argument(help: "The circular's id, document number, or YEAR-N.") var circular: String
            @Flag(help: "The circular as JSON.") var json = false

            func run() async throws {
                let record = try CircularLookup.find(circular, in: try CLI.workspace().cache.circulars())
                try CircularPrinter.print(record, json: json)
            }
        }
    }
}

/// How a circular reads at the terminal.
enum CircularPrinter {
    static func print(_ record: CircularRecord, json: Bool) throws {
        if json {
            CLI.output(String(decoding: try WireJSON.encoder(pretty: true).encode(record), as: UTF8.self) + "\n")
            return
        }
        let style = CLI.presentation
        let zh = CLI.language == .zh
        func line(_ en: String, _ zhLabel: String, _ value: String) {
            Swift.print((zh ? zhLabel + "：" : en + ": ") + value)
        }
        line("number", "文号", record.documentNumber ?? CLI.text(en: "(draft, not numbered yet)", zh: "（草稿，尚未编号）"))
        line("title", "标题", record.title)
        line("node", "节点", record.nodeDate.description)
        line("id", "编号", String(record.id))
        if let issued = record.issuedAt {
            line("issued", "印发", style.time(issued) + (record.issuedBy.map { " (\($0))" } ?? ""))
        } else {
            line("state", "状态", style.circularState(record.state) + CLI.text(en: ", drafted by \(record.draftedBy)",
                                                                               zh: "，起草人 \(record.draftedBy)"))
        }
        Swift.print()
        Swift.print(record.body.hasSuffix("\n") ? String(record.body.dropLast()) : record.body)
    }
}

extension DubanCommand.Supervise {
    /// `duban supervise circular draft|edit|issue|list|show`.
    struct Circular: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Circulars (通报): draft from a snapshot of the data, edit, issue with a number; issued ones never change.",
            subcommands: [Draft.self, Edit.self, Issue.self, List.self, Show.self]
        )

        struct Draft: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Draft a circular for a node from the data now (tasks on and behind schedule, late and missing units).")

            @Option(help: "The reporting node's date, e.g. 2022-03-28.") var node: LocalDate
            @Option(help: "The plan's year (default: the newest plan).") var year: Int?

            func run() async throws {
                try await CLI.runRemote {
                    let record = try await CLI.withSession { api, _ in
                        try await api.draftCircular(CircularDraftRequest(nodeDate: node, planYear: year))
                    }
                    print(CLI.text(en: "circular \(record.id) drafted for node \(record.nodeDate): \(record.title)",
                                   zh: "通报 \(record.id) 已起草（节点 \(record.nodeDate)）：\(record.title)"))
                    print(CLI.text(en: "edit it with `duban supervise circular edit \(record.id)`, issue it with `duban supervise circular issue \(record.id)`",
                                   zh: "可用 `duban supervise circular edit \(record.id)` 修改，用 `duban supervise circular issue \(record.id)` 印发"))
                }
            }
        }

        struct Edit: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Change a draft's title or text (refused once issued).")

            @Argument(help: "The circular's id.") var id: Int64
            @Option(help: "The new title.") var title: String?
            @Option(help: "Read the new text from this file (- for standard input).") var bodyFile: String?

            func validate() throws {
                if title == nil && bodyFile == nil { throw ValidationError("give --title, --body-file, or both") }
            }

            func run() async throws {
                try await CLI.runRemote {
                    let body = try bodyFile.map(CLI.readTextFile)
                    let record = try await CLI.withSession { api, _ in
                        try await api.editCircular(id: id, CircularEditRequest(title: title, body: body))
                    }
                    print(CLI.text(en: "circular \(record.id) saved: \(record.title)", zh: "通报 \(record.id) 已保存：\(record.title)"))
                }
            }
        }

        struct Issue: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Issue a draft: it gets the year's next number (〔2022〕3号), reaches every unit by sync, and never changes.")

            @Argument(help: "The circular's id.") var id: Int64

            func run() async throws {
                try await CLI.runRemote {
                    let record = try await CLI.withSession { api, _ in try await api.issueCircular(id: id) }
                    print(CLI.text(en: "circular \(record.id) issued as \(record.documentNumber ?? "?"): \(record.title)",
                                   zh: "通报 \(record.id) 已印发，文号 \(record.documentNumber ?? "?")：\(record.title)"))
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List circulars, drafts included.")
            @OptionGroup var output: FormatOptions

            func run() async throws {
                try await CLI.runRemote {
                    let list = try await CLI.withSession { api, _ in try await api.circulars() }
                    let rows = list.circulars.sorted { ($0.planYear, $0.number ?? .max, $0.id) > ($1.planYear, $1.number ?? .max, $1.id) }
                    CLI.output(try Listing.circulars.render(rows, body: list, format: output.format, presentation: CLI.presentation))
                }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show a circular, draft or issued.")

            @Argument(help: "The circular's id.") var id: Int64
            @Flag(help: "The circular as JSON (with the snapshot it was drafted from).") var json = false

            func run() async throws {
                try await CLI.runRemote {
                    let record = try await CLI.withSession { api, _ in try await api.circular(id: id) }
                    try CircularPrinter.print(record, json: json)
                }
            }
        }
    }
}
