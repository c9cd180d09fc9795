import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand {
    /// `duban extension request|list`: a unit asks the supervision office for more time, offline first.
    struct ExtensionCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extension",
            abstract: "Ask the supervision office for more time on a report, or to be exempted (延期申请).",
            subcommands: [Request.self, List.self]
        )

        struct Request: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Ask for a later due date (--until) or an exemption (--exempt) for your unit's report on a task and node.",
                discussion: """
                    Saved here at once and sent by a short sync when the server answers quickly, else by the \
                    next `duban sync`. The decision arrives by sync (`duban extension list`, `duban status`). \
                    Example: duban extension request --task 9 --node 2022-03-28 --until 2022-04-02 --reason 施工受雨天影响
                    """)

            @Option(help: "The task's number.") var task: Int
            @Option(help: "The plan's year, when several plans are cached.") var year: Int?
            @Option(help: "The reporting node: its date (2022-03-28) or number (1-4).") var node: String
            @Option(help: "The due date asked for.") var until: LocalDate?
            @Flag(help: "Ask to be exempted from this report instead.") var exempt = false
            @Option(help: "Why (required).") var reason: String
            @OptionGroup var offline: OfflineOptions

            func validate() throws {
                if (until == nil) == !exempt { throw ValidationError("give either --until DATE or --exempt") }
                if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw ValidationError("--reason must not be empty: a request needs a reason (申请须说明理由)")
                }
            }

            func run() async throws {
                let workspace = try await CLI.preparedWorkspace()
                let reference = try workspace.reference()
                let unit = try workspace.unitCode()
                let task = try TaskLookup.find(self.task, year: year, unit: unit, in: reference)
                guard let role = DueDates.role(of: unit, on: task.id, in: reference) else {
                    throw ClientError.invalidInput(.init(en: "your unit has no assignment on task \(task.number); nothing is due",
                                                         zh: "本单位未承担任务 \(task.number)，无需报送"))
                }
                let chosen = try TaskLookup.node(node, task: task, in: reference)
                let scheduled = role == .lead ? chosen.leadDueDate : chosen.responsibleDueDate
                if let until, until <= scheduled {
                    throw ClientError.invalidInput(.init(
                        en: "--until \(until) is not later than the due date \(scheduled); nothing to extend",
                        zh: "--until \(until) 不晚于原截止日期 \(scheduled)，无需延期"))
                }
                let now = CLI.now()
                let (id, _) = try workspace.cache.writeExtensionRequest(taskId: task.id, nodeId: chosen.id, requestedDueDate: until,
                                                                        reason: reason, authoredAt: now, now: now)
                let short = String(id.uuidString.lowercased().prefix(8))
                if let until {
                    print(CLI.text(en: "request \(short) saved: task \(task.number), node \(chosen.nodeDate), due \(scheduled) → \(until)",
                                   zh: "延期申请 \(short) 已保存：任务 \(task.number)，节点 \(chosen.nodeDate)，截止日期 \(scheduled) → \(until)"))
                } else {
                    print(CLI.text(en: "request \(short) saved: exemption from task \(task.number), node \(chosen.nodeDate)",
                                   zh: "豁免申请 \(short) 已保存：任务 \(task.number)，节点 \(chosen.nodeDate)"))
                }
                await CLI.autosync(workspace, offline: offline.offline)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List requests for more time held here and their decisions, with those not yet sent or refused.")
            @OptionGroup var output: FormatOptions

            func run() async throws {
                let workspace = try CLI.workspace()
                let rows = try ExtensionListing.rows(workspace)
                CLI.output(try Listing.extensions.render(rows, body: rows, format: output.format, presentation: CLI.presentation))
            }
        }
    }
}

/// The requests for more time this cache knows: the server's records, then those still local.
enum ExtensionListing {
    static func rows(_ workspace: Workspace) throws -> [ExtensionRow] {
        let reference = try workspace.cache.reference()
        let unit = workspace.state.unitCode ?? ""
        let stored = try workspace.cache.extensions().map(ExtensionRow.init)
        let known = Set(stored.map(\.id))
        let local = try workspace.cache.localExtensionRequests().filter { !known.contains($0.payload.extensionId) }
            .map { ExtensionRow($0, unitCode: unit, reference: reference, language: CLI.language) }
        return stored + local
    }
}
