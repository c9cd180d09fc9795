import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand.Supervise {
    /// `duban supervise inspection add|progress|close|list`.
    struct Inspection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "On-line and on-site inspections (督查) and their rectification, followed to closure.",
            subcommands: [Add.self, Progress.self, Close.self, List.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Record an inspection: date, inspectors, findings, and any rectification required with its due date.",
                discussion: """
                    Without --rectification the inspection is closed at once (nothing to put right). Example: \
                    duban supervise inspection add --task 9 --unit jd-tianma --kind on-site --date 2022-04-06 \
                    --inspector 张三 --inspector 李四 --findings 健身路径未完工 --rectification 4月底前完工 --due 2022-04-30
                    """)

            @Option(help: "The task's number.") var task: Int
            @Option(help: "The inspected unit's code (default: the task's lead unit).") var unit: String?
            @Option(help: "The plan's year (default: the newest plan).") var year: Int?
            @Option(help: "online or on-site.") var kind: InspectionKind
            @Option(help: "The day of the inspection.") var date: LocalDate
            @Option(name: .customLong("inspector"), help: "An inspector's name (repeatable).") var inspectors: [String] = []
            @Option(help: "What was found.") var findings: String
            @Option(help: "What must be put right.") var rectification: String?
            @Option(help: "The rectification's due date.") var due: LocalDate?

            func validate() throws {
                if inspectors.isEmpty { throw ValidationError("name at least one --inspector") }
                if findings.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("--findings must not be empty") }
                if due != nil && rectification == nil { throw ValidationError("--due needs --rectification") }
                if rectification != nil && due == nil { throw ValidationError("--rectification needs --due DATE") }
            }

            func run() async throws {
                try await CLI.runRemote {
                    let request = InspectionRequest(taskNumber: task, unitCode: unit, planYear: year, kind: kind, inspectedOn: date,
                                                    inspectors: inspectors, findings: findings, rectification: rectification,
                                                    rectificationDue: due)
                    let record = try await CLI.withSession { api, _ in try await api.recordInspection(request) }
                    InspectionPrinter.done(record, en: "recorded", zh: "已记录")
                }
            }
        }

        struct Progress: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Note progress on an inspection's rectification.")

            @Argument(help: "The inspection's id.") var id: Int64
            @Option(help: "What was done.") var note: String

            func run() async throws {
                try await CLI.runRemote {
                    let record = try await CLI.withSession { api, _ in try await api.noteInspectionProgress(id: id, note: note) }
                    InspectionPrinter.done(record, en: "progress noted", zh: "已记录整改进展")
                }
            }
        }

        struct Close: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Close an inspection: the rectification is done.")

            @Argument(help: "The inspection's id.") var id: Int64
            @Option(help: "How it was put right.") var note: String

            func run() async throws {
                try await CLI.runRemote {
                    let record = try await CLI.withSession { api, _ in try await api.closeInspection(id: id, note: note) }
                    InspectionPrinter.done(record, en: "closed", zh: "已销号")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List inspections (JSON: with their rectification history).")

            @Flag(help: "Only inspections whose rectification is still open.") var open = false
            @OptionGroup var output: FormatOptions

            func run() async throws {
                try await CLI.runRemote {
                    let records = try await CLI.withSession { api, _ in try await api.supervisionRecords() }
                    let chosen = records.inspections.filter { !open || $0.state == .rectifying }
                        .sorted { ($0.inspectedOn, $0.id) > ($1.inspectedOn, $1.id) }
                    CLI.output(try Listing.inspections.render(chosen, body: chosen, format: output.format, presentation: CLI.presentation))
                }
            }
        }
    }
}

/// How an inspection reads after a change.
enum InspectionPrinter {
    static func done(_ record: InspectionRecord, en: String, zh: String) {
        let style = CLI.presentation
        var line = CLI.text(en: "inspection \(record.id) \(en): task \(record.taskNumber), \(record.unitCode), ",
                            zh: "督查 \(record.id) \(zh)：任务 \(record.taskNumber)，\(record.unitCode)，")
            + style.inspectionState(record.state)
        if record.state == .rectifying, let due = record.rectificationDue {
            line += CLI.text(en: ", rectify by \(due)", zh: "，整改期限 \(due)")
        }
        print(line)
    }
}
