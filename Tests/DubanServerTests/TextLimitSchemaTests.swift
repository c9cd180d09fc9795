import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Postgres
import Testing

/// Every text limit is stated once in Swift (`TextLimit`) and again by the database's CHECK on the
/// same column: the two must be the same number, or the server passes what the table refuses.
@Suite struct TextLimitSchemaTests {
    static let limits: [(table: String, column: String, limit: Int)] = [
        ("report_revisions", "text", TextLimit.reportText),
        ("report_revisions", "public_summary", TextLimit.publicSummary),
        ("report_revisions", "difficulties", TextLimit.reportDifficulties),
        ("implementation_revisions", "measures", TextLimit.implementationMeasures),
        ("implementation_revisions", "reason", TextLimit.reviewReason),
        ("implementation_reviews", "reason", TextLimit.reviewReason),
        ("indicators", "name", TextLimit.quantityName),
        ("indicators", "measure", IndicatorRules.measureLength),
        ("indicators", "split_reason", TextLimit.supervisionNote),
        ("report_reviews", "reason", TextLimit.reviewReason),
        ("extensions", "reason", TextLimit.extensionReason),
        ("extensions", "decision_note", TextLimit.supervisionNote),
        ("assessments", "comment", TextLimit.assessmentComment),
        ("assessments", "review_note", TextLimit.supervisionNote),
        ("urges", "message", TextLimit.urgeMessage),
        ("supervision_order_events", "note", TextLimit.supervisionNote),
        ("inspections", "findings", TextLimit.inspectionText),
        ("inspections", "rectification", TextLimit.inspectionText),
        ("inspection_events", "note", TextLimit.inspectionText),
        ("circulars", "title", TextLimit.circularTitle),
        ("circulars", "body", TextLimit.circularBody),
        ("units", "name", TextLimit.unitName),
        ("tasks", "label", TextLimit.noticeLabel),
        ("tasks", "group_name", TextLimit.noticeGroup),
        ("tasks", "deadline_text", TextLimit.noticeDeadline),
        ("plans", "document_number", TextLimit.documentNumber),
        ("tasks", "closed_by_source", TextLimit.sourceName),
        ("accounts", "display_name", TextLimit.displayName),
    ]

    @Test func everyCheckOnALimitedColumnStatesTheSwiftLimit() async throws {
        try await TestDatabase.withDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration, logger: Fixtures.logger)
            defer { connection.close() }
            _ = try await Fixtures.migrator().migrate(on: connection, logger: Fixtures.logger)
            for (table, column, limit) in Self.limits {
                let checks = try await connection.query("""
                    SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c
                     WHERE c.conrelid = to_regclass('duban.' || \(table)) AND c.contype = 'c'
                    """).map { try $0.decode(String.self, at: 0) }
                // E.g. CHECK (((length(btrim(reason)) > 0) AND (length(reason) <= 5000))), or
                // CHECK (((length(btrim(display_name)) >= 1) AND (length(btrim(display_name)) <= 100)))
                let pattern = try Regex("length\\((btrim\\()?\(column)\\)?\\) <= ([0-9]+)")
                let stated = checks.compactMap { $0.firstMatch(of: pattern) }.compactMap { Int($0.output[2].substring ?? "") }
                #expect(stated == [limit], "duban.\(table).\(column): the table says \(stated), Swift says \(limit)")
            }
        }
    }

    /// The texts the server writes through PostgreSQL are measured as PostgreSQL measures them.
    @Test func postgresMeasuresAsTextLimitDoes() async throws {
        try await TestDatabase.withDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration, logger: Fixtures.logger)
            defer { connection.close() }
            for text in ["A" + String(repeating: "\r\n", count: 1500) + "B", "👨‍👩‍👧‍👦", "cafe\u{301}", "健身路径", ""] {
                let length = try await connection.query("SELECT length(\(text))")[0].decode(Int.self, at: 0)
                #expect(length == TextLimit.length(text), "\(text.debugDescription)")
            }
        }
    }
}
