import ArgumentParser
import DubanCore

/// `duban-server`: the Duban HTTP API and its administration commands.
@main
struct DubanServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duban-server",
        abstract: "Duban (督办) server: the HTTP API over PostgreSQL, and its administration commands.",
        discussion: """
            The database is reached through libpq: set DUBAN_DATABASE_URL (a postgresql:// URI) or the
            usual PG* variables (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, ...).
            Messages are in Chinese when LANG starts with zh, in English otherwise.
            """,
        version: DubanVersion.current,
        subcommands: [Serve.self, Migrate.self, ImportUnits.self, ImportPlan.self, AssessmentCriteria.self, BootstrapAdmin.self, Prune.self, AuditKey.self, Version.self]
    )
}
