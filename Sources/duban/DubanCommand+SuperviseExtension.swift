import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand.Supervise {
    /// `duban supervise extension list|grant|exempt|refuse`.
    struct ExtensionCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extension",
            abstract: "Decide units' requests for more time (延期): grant a new due date, exempt, or refuse.",
            discussion: "Requests are ids like 1a2b3c4d (any unique prefix of the id works).",
            subcommands: [List.self, Grant.self, Exempt.self, Refuse.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List requests for more time and their decisions.")

            @Flag(help: "Only requests still waiting for a decision.") var pending = false
            @OptionGroup var output: FormatOptions

            func run() async throws {
                try await CLI.runRemote {
                    let records = try await CLI.withSession { api, _ in try await api.supervisionRecords() }
                    let chosen = records.extensions.filter { !pending || $0.state == .requested }.sorted { $0.requestedAt < $1.requestedAt }
                    CLI.output(try Listing.extensions.render(chosen.map(ExtensionRow.init), body: chosen, format: output.format,
                                                             presentation: CLI.presentation))
                }
            }
        }

        struct Grant: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Grant a request: a new due date for that unit and node (the one asked for unless --until).")

            @Argument(help: "The request's id (any unique prefix).") var id: String
            @Option(help: "The new due date (default: the date asked for).") var until: LocalDate?
            @Option(help: "A note for the unit.") var note: String?

            func run() async throws {
                try await ExtensionDecision.run(id: id, ExtensionDecisionRequest(decision: .grant, dueDate: until, note: note))
            }
        }

        struct Exempt: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Exempt the unit from the report for that node: it counts as on time.")

            @Argument(help: "The request's id (any unique prefix).") var id: String
            @Option(help: "A note for the unit.") var note: String?

            func run() async throws {
                try await ExtensionDecision.run(id: id, ExtensionDecisionRequest(decision: .exempt, note: note))
            }
        }

        struct Refuse: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Refuse a request, saying why.")

            @Argument(help: "The request's id (any unique prefix).") var id: String
            @Option(help: "Why (required).") var note: String

            func validate() throws {
                if note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw ValidationError("--note must not be empty: a refusal needs a reason")
                }
            }

            func run() async throws {
                try await ExtensionDecision.run(id: id, ExtensionDecisionRequest(decision: .refuse, note: note))
            }
        }
    }
}

/// What `grant`, `exempt` and `refuse` share: find the request by its id prefix, send the decision.
enum ExtensionDecision {
    static func run(id: String, _ decision: ExtensionDecisionRequest) async throws {
        try await CLI.runRemote {
            let record = try await CLI.withSession { api, _ in
                let wanted = id.lowercased().filter { $0 != "-" }
                let matches = try await api.supervisionRecords().extensions.filter {
                    $0.id.uuidString.lowercased().filter { $0 != "-" }.hasPrefix(wanted)
                }
                guard !wanted.isEmpty, matches.count == 1 else {
                    throw ClientError.invalidInput(matches.isEmpty
                        ? .init(en: "no request for more time \(id) (`duban supervise extension list`)",
                                zh: "没有延期申请 \(id)（见 `duban supervise extension list`）")
                        : .init(en: "\(id) matches \(matches.count) requests; type more of the id",
                                zh: "\(id) 对应 \(matches.count) 个延期申请，请输入更长的编号"))
                }
                return try await api.decideExtension(id: matches[0].id, decision)
            }
            let row = ExtensionRow(record)
            let style = CLI.presentation
            var line = CLI.text(en: "request \(row.shortId) (task \(record.taskNumber), \(record.unitCode), node \(record.nodeDate)): ",
                                zh: "延期申请 \(row.shortId)（任务 \(record.taskNumber)，\(record.unitCode)，节点 \(record.nodeDate)）：")
                + style.extensionState(record.state.rawValue)
            if let date = record.grantedDueDate { line += CLI.text(en: ", due \(date)", zh: "，截止日期 \(date)") }
            print(line)
        }
    }
}
