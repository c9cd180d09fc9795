import ArgumentParser
import DubanCore
import DubanServer
import Logging

extension DubanServerCommand {
    /// `duban-server migrate`: applies pending migrations; safe to run again and from two processes at once.
    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply pending database migrations (idempotent; concurrent runs take turns).",
            discussion: "With --status, only report what is pending or changed and exit 1 if the schema is not current."
        )

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Report the schema's state without changing anything.") var status = false

        func run() async throws {
            try await CommandSupport.run {
                CommandSupport.bootstrapLogging(format: .text, level: .warning)
                let logger = Logger(label: "duban.migrate")
                let migrator = try database.migrator(environment: CommandSupport.environment)
                let connection = try await database.connect(logger: logger)
                defer { connection.close() }
                if status {
                    let state = try await migrator.status(on: connection)
                    let pending = state.pending.map { $0.fileName }.joined(separator: ", ")
                    let objects = (state.pendingObjects + state.changedObjects).map { $0.fileName }.joined(separator: ", ")
                    CommandSupport.say(state.isCurrent
                        ? .init(en: "schema is current (\(migrator.migrations.count) migrations, \(migrator.objects.count) object files)",
                                zh: "数据库结构为最新（共 \(migrator.migrations.count) 个迁移、\(migrator.objects.count) 个对象文件）")
                        : .init(en: "schema is not current: pending [\(pending)], changed \(state.changed.map(\.version)), unknown \(state.unknownVersions), object files to apply [\(objects)]",
                                zh: "数据库结构不是最新：待执行 [\(pending)]，已改动 \(state.changed.map(\.version))，未知 \(state.unknownVersions)，待执行对象文件 [\(objects)]"))
                    if !state.isCurrent { throw ExitCode.failure }
                    return
                }
                let outcome = try await migrator.migrate(on: connection, logger: logger)
                let names = outcome.applied.map { $0.fileName }.joined(separator: ", ")
                let objects = outcome.appliedObjects.map { $0.fileName }.joined(separator: ", ")
                CommandSupport.say(outcome.applied.isEmpty && outcome.appliedObjects.isEmpty
                    ? .init(en: "nothing to apply: \(outcome.alreadyApplied) migration(s) already applied, object files unchanged",
                            zh: "无需迁移：已执行 \(outcome.alreadyApplied) 个迁移，对象文件无改动")
                    : .init(en: "applied \(outcome.applied.count) migration(s): [\(names)]; \(outcome.appliedObjects.count) object file(s): [\(objects)]",
                            zh: "已执行 \(outcome.applied.count) 个迁移：[\(names)]；\(outcome.appliedObjects.count) 个对象文件：[\(objects)]"))
            }
        }
    }
}
