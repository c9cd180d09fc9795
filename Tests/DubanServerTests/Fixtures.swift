import DubanCore
import DubanImport
import DubanServer
import Foundation
import Logging
import Postgres
import DubanTestSupport

/// Paths and helpers shared by the server tests.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let sample = root.appendingPathComponent("Deploy/sample")
    static let noticeText = sample.appendingPathComponent("notice-2022.txt")
    static let noticeDocx = sample.appendingPathComponent("notice-2022.docx")
    static let roster = sample.appendingPathComponent("units-sample.csv")
    static let migrationsDirectory = root.appendingPathComponent("SQL/migrations")

    static let logger: Logger = {
        var logger = Logger(label: "duban.test")
        logger.logLevel = .warning
        return logger
    }()

    static func migrator() throws -> Migrator {
        try Migrator.load(migrationsDirectory: migrationsDirectory)
    }

    static func rosterText() throws -> String {
        try String(contentsOf: roster, encoding: .utf8)
    }

    static func parsedSeedPlan() throws -> ParsedPlan {
        try NoticeParser.parse(NoticeFile.read(path: noticeText.path))
    }

    /// A migrated database with the sample roster loaded.
    static func withLoadedDatabase<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await TestDatabase.withDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration, logger: logger)
            defer { connection.close() }
            _ = try await migrator().migrate(on: connection, logger: logger)
            _ = try await UnitRosterImporter().importCSV(try rosterText(), on: connection)
            return try await body(connection)
        }
    }
}
