import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand.Supervise {
    /// `duban supervise order issue|escalate|close|list`.
    struct Order: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Graded supervision orders (督办单): issued blue, escalated to yellow and red, closed when settled.",
            subcommands: [Issue.self, Escalate.self, Close.self, List.self]
        )

        struct Issue: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Issue a blue supervision order to a unit on a task.",
                discussion: "Example: duban supervise order issue --task 9 --unit jd-tianma --note 连续两个节点逾期报送")

            @Option(help: "The task's number.") var task: Int
            @Option(help: "The unit's code.") var unit: String
            @Option(help: "The plan's year (default: the newest plan).") var year: Int?
            @Option(help: "Why: quoted in the order and its history.") var note: String
            @Option(help: ArgumentHelp(CLI.text(en: "The kind of reason: late (the default), behind_schedule (behind 序时进度), quality.",
                                                zh: "督办原因：late（逾期或未报，默认）、behind_schedule（滞后序时进度）、quality（质量不高）。")))
            var reason: SupervisionReason = .late

            func run() async throws {
                try await CLI.runRemote {
                    let request = OrderRequest(taskNumber: task, unitCode: unit, planYear: year, note: note, reason: reason)
                    let order = try await CLI.withSession { api, _ in try await api.issueOrder(request) }
                    OrderPrinter.done(order, en: "issued", zh: "已下达")
                }
            }
        }

        struct Escalate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Escalate an open order one grade: blue → yellow → red.")

            @Argument(help: "The order's id.") var id: Int64
            @Option(help: "Why.") var note: String

            func run() async throws {
                try await CLI.runRemote {
                    let order = try await CLI.withSession { api, _ in try await api.escalateOrder(id: id, note: note) }
                    OrderPrinter.done(order, en: "escalated", zh: "已升级")
                }
            }
        }

        struct Close: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Close an order: the unit caught up or put things right.")

            @Argument(help: "The order's id.") var id: Int64
            @Option(help: "How it was settled.") var note: String

            func run() async throws {
                try await CLI.runRemote {
                    let order = try await CLI.withSession { api, _ in try await api.closeOrder(id: id, note: note) }
                    OrderPrinter.done(order, en: "closed", zh: "已销号")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List supervision orders (JSON: the orders with their history).")

            @Flag(help: "Only open orders.") var open = false
            @OptionGroup var output: FormatOptions

            func run() async throws {
                try await CLI.runRemote {
                    let records = try await CLI.withSession { api, _ in try await api.supervisionRecords() }
                    let orders = records.orders.filter { !open || $0.state == .open }.sorted { $0.id < $1.id }
                    CLI.output(try Listing.orders.render(orders, body: orders, format: output.format, presentation: CLI.presentation))
                }
            }
        }
    }
}

/// How an order reads after a change.
enum OrderPrinter {
    static func done(_ order: SupervisionOrderRecord, en: String, zh: String) {
        let grade = order.grade.label(CLI.language)
        print(CLI.text(en: "order \(order.id) \(en): task \(order.taskNumber), \(order.unitCode), \(grade), \(order.state.rawValue)",
                       zh: "督办单 \(order.id) \(zh)：任务 \(order.taskNumber)，\(order.unitCode)，\(grade)，\(CLI.presentation.orderState(order.state))"))
    }
}
