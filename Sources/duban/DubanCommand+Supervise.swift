import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand {
    /// `duban supervise overview|urge|order|extension|circular|inspection`: the supervision office's work, online.
    struct Supervise: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The supervision office (督查绩效办): standings, urging, supervision orders, extensions, circulars, inspections, assessment.",
            discussion: """
                These commands talk to the server directly (they need a connection) with the signed-in \
                account, which must have the supervisor role; oversight accounts may read (overview and \
                the lists). Dates are YYYY-MM-DD.
                """,
            subcommands: [Overview.self, Urge.self, Order.self, ExtensionCommand.self, Circular.self, Inspection.self,
                          AssessmentCommand.self]
        )

        struct Overview: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "How every assigned unit stands at a node: due date, receipt, timeliness, review, progress, light.",
                discussion: """
                    Judged by the server's clock and receipt times. Without --node: the latest node whose \
                    lead due date has passed, else the first node. The table lists units, then the tasks' \
                    lights; CSV lists the units; JSON is the server's whole answer.
                    """)

            @Option(help: "The reporting node's date, e.g. 2022-03-28.") var node: LocalDate?
            @Option(help: "The plan's year (default: the newest plan).") var year: Int?
            @OptionGroup var output: FormatOptions

            func run() async throws {
                try await CLI.runRemote {
                    let overview = try await CLI.withSession { api, _ in try await api.supervisionOverview(node: node, year: year) }
                    let style = CLI.presentation
                    let units = overview.units.sorted { ($0.taskNumber, $0.role == .lead ? 0 : 1, $0.unitCode) < ($1.taskNumber, $1.role == .lead ? 0 : 1, $1.unitCode) }
                    guard output.format == .table else {
                        CLI.output(try Listing.standings.render(units, body: overview, format: output.format, presentation: style))
                        return
                    }
                    print(CLI.text(en: "plan \(overview.planYear), node \(overview.nodeDate) (as of \(style.time(overview.evaluatedAt)))",
                                   zh: "\(overview.planYear) 年计划，节点 \(overview.nodeDate)（截至 \(style.time(overview.evaluatedAt))）"))
                    CLI.output(try Listing.standings.render(units, body: overview, format: .table, presentation: style))
                    print()
                    print(CLI.text(en: "task lights:", zh: "任务状态灯："))
                    let tasks = overview.tasks.sorted { $0.taskNumber < $1.taskNumber }
                    CLI.output(try Listing.taskLights.render(tasks, body: overview, format: .table, presentation: style))
                }
            }
        }

        struct Urge: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Urge (催办) a unit that is late or missing on a task; the unit sees it on its next sync.",
                discussion: "Refused for a unit that is on time or not yet due. Example: duban supervise urge --task 9 --unit jd-tianma --message 请于3月30日前报送")

            @Option(help: "The task's number.") var task: Int
            @Option(help: "The unit's code.") var unit: String
            @Option(help: "The node the report is late for (default: the latest passed node).") var node: LocalDate?
            @Option(help: "The plan's year (default: the newest plan).") var year: Int?
            @Option(help: "What the unit reads.") var message: String
            @Option(help: ArgumentHelp(CLI.text(en: "Why: late (a report late or missing, the default), behind_schedule (behind 序时进度), quality.",
                                                zh: "催办原因：late（逾期或未报，默认）、behind_schedule（滞后序时进度）、quality（质量不高）。")))
            var reason: SupervisionReason = .late

            func validate() throws {
                if message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw ValidationError("--message must not be empty")
                }
            }

            func run() async throws {
                try await CLI.runRemote {
                    let request = UrgeRequest(taskNumber: task, unitCode: unit, nodeDate: node, message: message, planYear: year,
                                              reason: reason)
                    let urge = try await CLI.withSession { api, _ in try await api.urge(request) }
                    let state = urge.timeliness.label(CLI.language)
                    print(CLI.text(en: "urged \(urge.unitCode) on task \(urge.taskNumber), node \(urge.nodeDate) (\(state)): urge \(urge.id)",
                                   zh: "已催办 \(urge.unitCode)：任务 \(urge.taskNumber)，节点 \(urge.nodeDate)（\(state)），催办编号 \(urge.id)"))
                }
            }
        }
    }
}

extension CLI {
    /// `run` for commands that talk to the server: an error the server
    /// answered is printed with its code first (`error: urge.not_late: …`), then exit 1.
    static func runRemote(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch var error as ClientError where error.status != nil {
            error.message = LocalizedText(en: "\(error.code): \(error.message.en)", zh: "\(error.code)：\(error.message.zh)")
            throw error
        }
    }

    /// Text from `--body-file FILE` (`-`: standard input).
    static func readTextFile(_ path: String) throws -> String {
        if path == "-" { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ClientError.invalidInput(.init(en: "cannot read \(path)", zh: "无法读取 \(path)"))
        }
        return String(decoding: data, as: UTF8.self)
    }
}

extension LocalDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
}

extension SupervisionReason: ExpressibleByArgument {}

extension InspectionKind: ExpressibleByArgument {
    /// `online`, `on-site` (or `on_site`).
    public init?(argument: String) {
        switch argument.lowercased() {
        case "online", "on-line": self = .online
        case "on-site", "on_site", "onsite": self = .onSite
        default: return nil
        }
    }

    public static var allValueStrings: [String] { ["online", "on-site"] }
}
