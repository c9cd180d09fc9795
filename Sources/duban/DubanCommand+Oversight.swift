import ArgumentParser
import DubanClient
import DubanCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `--format table|json|csv|xlsx` and `--output FILE`: how an oversight view is exported.
struct ExportOptions: ParsableArguments {
    @Option(help: """
        Output format: table (aligned columns), json (the API's JSON), csv (UTF-8 with BOM, for Excel), \
        xlsx (an Excel workbook; needs --output unless standard output is a file or a pipe).
        """)
    var format: ExportFormat = .table

    @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    /// Refuses, before any request, to send a binary workbook to a terminal.
    func checkDestination() throws {
        guard format.isBinary, output == nil || output == "-", isatty(STDOUT_FILENO) == 1 else { return }
        throw ClientError.invalidInput(.init(
            en: "an xlsx workbook is binary and would garble the terminal: give --output FILE.xlsx (or redirect: > FILE.xlsx)",
            zh: "xlsx 工作簿是二进制文件，不能输出到终端：请用 --output 文件.xlsx 指定文件（或重定向：> 文件.xlsx）"))
    }

    /// Writes `data` to the file (replacing it whole) or to standard output.
    func write(_ data: Data, rows: Int) throws {
        guard let output, output != "-" else {  // nothing else went to standard output: no buffered text to flush first
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw ClientError.invalidInput(.init(en: "cannot write \(output): \(error.localizedDescription)",
                                                 zh: "无法写入 \(output)：\(error.localizedDescription)"))
        }
        CLI.printError(CLI.text(en: "wrote \(rows) row(s) to \(output)", zh: "已写入 \(rows) 行到 \(output)"))
    }
}

extension ExportFormat: ExpressibleByArgument {}

extension DubanCommand {
    /// `duban oversight progress|completeness|timeliness|overdue|lights`: read-only views for
    /// oversight (and the supervision office), online.
    struct Oversight: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Oversight views (监督查询): task progress, node completeness, unit timeliness, overdue reports, status lights, assessment.",
            discussion: """
                Read-only; they talk to the server directly with the signed-in account, which must have the \
                oversight or supervisor role. Judged by the server's clock. Reporting metrics follow DHIS2: \
                expected reports (deadline passed; exempted units and not-applicable tasks left out), \
                received, received on time, reporting rate and on-time rate in percent (— when nothing is \
                expected). --format csv writes UTF-8 with a BOM for Excel; --format xlsx an Excel workbook \
                with the same rows and columns, numbers and dates typed. Dates are YYYY-MM-DD.
                """,
            subcommands: [Progress.self, Completeness.self, Timeliness.self, Overdue.self, Lights.self, Indicators.self, Assessment.self]
        )

        struct Progress: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Every task of the plan: lead units, light, target and reported progress, last update, reporting metrics.")

            @Option(help: "Count the reports of this node only, e.g. 2022-03-28 (default: every passed node).") var node: LocalDate?
            @Option(help: "The plan's year (default: the newest plan).") var year: Int?
            @OptionGroup var export: ExportOptions

            func run() async throws {
                try await Oversight.show(.oversightProgress, sheet: .init(en: "progress", zh: "任务进度"), export: export) { api in
                    try await api.oversightProgress(year: year, node: node)
                }
            }
        }

        struct Completeness: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Every node of the plan, per tier (responsible → lead, lead → office): reporting metrics.")

            @Option(help: "The plan's year (default: the newest plan).") var year: Int?
            @OptionGroup var export: ExportOptions

            func run() async throws {
                try await Oversight.show(.oversightCompleteness, sheet: .init(en: "completeness", zh: "节点完整性"), export: export) { api in
                    try await api.oversightCompleteness(year: year)
                }
            }
        }

        struct Timeliness: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Every unit, per tier: reporting metrics (the year-end assessment's material-submission basis).")

            @Option(help: "Count the reports of this node only, e.g. 2022-03-28 (default: every passed node).") var node: LocalDate?
            @Option(help: "Only this unit (its code).") var unit: String?
            @Option(help: "The plan's year (default: the newest plan).") var year: Int?
            @OptionGroup var export: ExportOptions

            func run() async throws {
                try await Oversight.show(.oversightTimeliness, sheet: .init(en: "timeliness", zh: "单位及时性"), export: export) { api in
                    try await api.oversightTimeliness(year: year, node: node, unit: unit)
                }
            }
        }

        struct Overdue: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Every report late or missing: task, unit, tier, node, due date, days late, urges, open order.")

            @Option(help: "Only reports for this node, e.g. 2022-03-28.") var node: LocalDate?
            @Option(help: "Only this unit (its code).") var unit: String?
            @Option(help: "The plan's year (default: the newest plan).") var year: Int?
            @OptionGroup var export: ExportOptions

            func run() async throws {
                try await Oversight.show(.oversightOverdue, sheet: .init(en: "overdue", zh: "逾期清单"), export: export) { api in
                    try await api.oversightOverdue(year: year, node: node, unit: unit)
                }
            }
        }

        struct Lights: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Status lights: a line per task, then per unit on it, with the reasons and the progress behind them.")

            @Option(help: "Only this unit's lights (its code).") var unit: String?
            @Option(help: "The plan's year (default: the newest plan).") var year: Int?
            @OptionGroup var export: ExportOptions

            func run() async throws {
                try await Oversight.show(.oversightLights, sheet: .init(en: "lights", zh: "状态灯"), export: export) { api in
                    try await api.oversightLights(year: year, unit: unit)
                }
            }
        }

        struct Indicators: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: CLI.text(en: "Indicators against 序时进度: target, expected on the date, actual, gap, completion, per task and unit share.",
                                   zh: "量化指标与序时进度对比：按任务及单位分解，列出目标、截至日期应完成、实际完成、差距、完成率。"),
                discussion: CLI.text(en: "The table ends with each task's progress and progress light; json prints the rows as the server sent them.",
                                     zh: "表格末尾列出各任务的进度与进度灯；json 格式按服务器原样输出各行。"))

            @Option(help: ArgumentHelp(CLI.text(en: "Only this task's number.", zh: "仅该序号的任务。"))) var task: Int?
            @Option(help: ArgumentHelp(CLI.text(en: "Only this unit's shares (its code).", zh: "仅该单位的分解目标（单位代码）。"))) var unit: String?
            @Option(help: ArgumentHelp(CLI.text(en: "The day judged, YYYY-MM-DD (default: today, by the server).",
                                                zh: "评估日期 YYYY-MM-DD（默认：服务器的今天）。")))
            var date: LocalDate?
            @Option(help: "The plan's year (default: the newest plan).") var year: Int?
            @OptionGroup var export: ExportOptions

            func run() async throws {
                try await CLI.runRemote {
                    try export.checkDestination()
                    let report = try await CLI.withSession { api, _ in
                        try await api.oversightIndicators(year: year, task: task, unit: unit, date: date)
                    }
                    let style = CLI.presentation
                    var data = Data()
                    if export.format == .table {
                        data.append(Data((CLI.text(en: "plan \(report.planYear), as of \(report.date)",
                                                   zh: "\(report.planYear) 年计划，截至 \(report.date)") + "\n").utf8))
                    }
                    data.append(try Listing.oversightIndicators.export(report.rows, body: report.rows, format: export.format,
                                                                       presentation: style,
                                                                       sheetName: style.text(en: "indicators", zh: "量化指标")))
                    if export.format == .table {
                        if report.rows.isEmpty { data.append(Data((CLI.text(en: "(none)", zh: "（无）") + "\n").utf8)) }
                        for task in report.tasks.sorted(by: { $0.taskNumber < $1.taskNumber }) {
                            let progress = task.progress
                            let done = progress.completion.map { IndicatorRules.format(($0 * 10).rounded() / 10) + "%" } ?? Cell.dash
                            let line = CLI.text(
                                en: "task \(task.taskNumber): \(done) done, \(IndicatorRules.format((progress.expected * 10).rounded() / 10))% expected, light \(style.light(progress.light))",
                                zh: "任务 \(task.taskNumber)：完成 \(done)，序时进度 \(IndicatorRules.format((progress.expected * 10).rounded() / 10))%，进度灯 \(style.light(progress.light))")
                            data.append(Data((line + "\n").utf8))
                        }
                    }
                    try export.write(data, rows: report.rows.count)
                }
            }
        }

        /// Fetches one view and writes it as asked; a table starts with the plan, node and time judged.
        static func show<Row>(_ listing: Listing<Row>, sheet: LocalizedText, export: ExportOptions,
                              fetch: (APIClient) async throws -> OversightAnswer<Row>) async throws {
            try await CLI.runRemote {
                try export.checkDestination()
                let answer = try await CLI.withSession { api, _ in try await fetch(api) }
                let style = CLI.presentation
                var data = Data()
                if export.format == .table {
                    let node = answer.nodeDate.map { CLI.text(en: ", node \($0)", zh: "，节点 \($0)") } ?? ""
                    let heading = CLI.text(en: "plan \(answer.planYear)\(node) (as of \(style.time(answer.evaluatedAt)))",
                                           zh: "\(answer.planYear) 年计划\(node)（截至 \(style.time(answer.evaluatedAt))）")
                    data.append(Data((heading + "\n").utf8))
                }
                // The workbook is dated by the answer, so the same answer exports the same bytes.
                data.append(try listing.export(answer.rows, body: answer, format: export.format, presentation: style,
                                               sheetName: style.text(sheet), modified: answer.evaluatedAt))
                if export.format == .table && answer.rows.isEmpty {
                    data.append(Data((CLI.text(en: "(none)", zh: "（无）") + "\n").utf8))
                }
                try export.write(data, rows: answer.rows.count)
            }
        }
    }
}
