import ArgumentParser
import DubanCore
import DubanServer
import Logging

extension DubanServerCommand {
    /// `duban-server prune`: removes idempotency records and sessions past their retention.
    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove mutation records, sign-in counters and old sessions past their retention (run daily).",
            discussion: """
                Mutation records (which make a replayed sync answer the same) are kept 400 days by default,
                far longer than the 30 days in which clients re-send after a restore. Connect as the owner.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("mutation-days"), help: "Keep mutation records this many days.") var mutationDays = 400
        @Option(name: .customLong("session-days"), help: "Keep ended sessions this many days.") var sessionDays = 90

        func validate() throws {
            guard mutationDays >= 31 else { throw ValidationError("--mutation-days must be at least 31 (clients re-send for 30 days)") }
            guard sessionDays >= 1 else { throw ValidationError("--session-days must be at least 1") }
        }

        func run() async throws {
            try await CommandSupport.run {
                CommandSupport.bootstrapLogging(format: .text, level: .warning)
                let connection = try await database.connect(logger: Logger(label: "duban.prune"))
                defer { connection.close() }
                let outcome = try await Pruner(mutationRetentionDays: mutationDays, sessionRetentionDays: sessionDays)
                    .run(on: connection)
                CommandSupport.say(.init(
                    en: "pruned \(outcome.mutations) mutation record(s), \(outcome.throttleEntries) sign-in counter(s), \(outcome.sessions) session(s)",
                    zh: "已清理 \(outcome.mutations) 条修改记录、\(outcome.throttleEntries) 条登录计数、\(outcome.sessions) 个会话"))
            }
        }
    }
}
