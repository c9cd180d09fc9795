import DubanCore
import DubanTestSupport
import Foundation
import Postgres
import Testing

/// What an office writes offline is checked there by the rules the server applies, so it learns at
/// once what would be refused; and what the server refuses anyway is refused alone.
@Suite(.serialized) struct MutationRulesCLITests {
    /// The quantities stored on the server for the newest revision of `report`.
    static func storedQuantities(_ report: String, _ superuser: PostgresConnection) async throws -> [String: Double] {
        let id = try #require(UUID(uuidString: report.count == 36 ? report : ""), "a full report id")
        let text = try await superuser.query("""
            SELECT quantities::text FROM duban.report_revisions WHERE report_id = \(id) ORDER BY revision DESC LIMIT 1
            """).first?.decode(String.self, at: 0) ?? "null"
        return try WireJSON.decoder().decode([String: Double].self, from: Data(text.utf8))
    }

    @Test func chineseQuantitiesAreAcceptedOfflineStoredAndRemovable() async throws {
        try await SyncWorld.with { world in
            _ = try await world.addStaff("tianma1", unit: "jd-tianma")
            let office = try await world.device("tianma1")
            defer { office.remove() }
            let superuser = try await world.superuser()
            defer { superuser.close() }

            let created = try await office.ok(["report", "new", "--task", "9", "--node", "1", "--text", "已建成两处健身路径",
                                               "--quantity", "健身路径=2", "--quantity", " 篮球场 =1", "--percent", "15", "--offline"])
            let short = try #require(Device.reportId(in: created))
            let synced = try await office.ok(["sync"])
            #expect(synced.contains("pushed 1") && synced.contains("rejected 0"), "\(synced)")
            let id = try await office.report(short).id.uuidString.lowercased()
            #expect(try await Self.storedQuantities(id, superuser) == ["健身路径": 2, "篮球场": 1], "stored as written, trimmed")

            try await office.ok(["report", "edit", short, "--quantity", "健身路径=", "--quantity", "游园=3", "--offline"])
            #expect(try await office.ok(["sync"]).contains("rejected 0"))
            #expect(try await Self.storedQuantities(id, superuser) == ["篮球场": 1, "游园": 3], "NAME= removes one")

            try await office.ok(["report", "edit", short, "--clear-quantity", "篮球场", "--offline"])
            #expect(try await office.ok(["sync"]).contains("rejected 0"))
            #expect(try await Self.storedQuantities(id, superuser) == ["游园": 3], "--clear-quantity removes one")
            #expect(try await office.run(["outbox"]).stdout.contains("rejected") == false)
        }
    }

    @Test func aSummaryTheTableWouldRefuseIsRefusedAtOnceAndAloneOnTheWire() async throws {
        try await SyncWorld.with { world in
            _ = try await world.addStaff("tianma1", unit: "jd-tianma")
            let office = try await world.device("tianma1")
            defer { office.remove() }
            let superuser = try await world.superuser()
            defer { superuser.close() }
            // 1 502 characters as Swift counts them; 3 002 as PostgreSQL does.
            let summary = "A" + String(repeating: "\r\n", count: 1500) + "B"

            // Refused by the CLI at once, in the user's language, and nothing saved.
            let refused = try await office.run(["report", "new", "--task", "9", "--node", "2", "--text", "x",
                                                "--public-summary", summary, "--offline"])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("public summary is longer than 2000 characters"), "\(refused.stderr)")
            let refusedZh = try await office.run(["report", "new", "--task", "9", "--node", "2", "--text", "x",
                                                  "--public-summary", summary, "--offline"], extra: ["LANG": "zh_CN.UTF-8"])
            #expect(refusedZh.status != 0)
            #expect(refusedZh.stderr.contains("公开摘要超过 2000 个字符"), "\(refusedZh.stderr)")
            #expect(try await office.reports().isEmpty)

            // Forced onto the wire: a report saved normally, its outbox entry then rewritten behind the CLI's back.
            let saved = try await office.ok(["report", "new", "--task", "9", "--node", "2", "--text", "正常", "--offline"])
            let poisoned = try #require(Device.reportId(in: saved))
            let row = try await Self.sqlite(office, "SELECT payload FROM outbox WHERE status = 'pending'")
            var payload = try WireJSON.decoder().decode(ReportWritePayload.self, from: Data(row.utf8))
            payload.publicSummary = summary
            let text = try payload.payloadText()
            let hash = try await Self.sha256(text)
            _ = try await Self.sqlite(office, "UPDATE outbox SET payload = '\(text.replacingOccurrences(of: "'", with: "''"))', payload_sha256 = '\(hash)' WHERE status = 'pending'")
            // The office's next report, written normally.
            try await office.ok(["report", "new", "--task", "9", "--node", "3", "--text", "下一份报告", "--offline"])

            let synced = try await office.run(["sync"])
            #expect(synced.status == 0, "\(synced.stderr)")
            #expect(synced.stdout.contains("pushed 1") && synced.stdout.contains("rejected 1"), "\(synced.stdout)")
            let stored = try await superuser.query("SELECT text FROM duban.report_revisions ORDER BY received_at")
                .map { try $0.decode(String.self, at: 0) }
            #expect(stored == ["下一份报告"], "the next report is stored; the poisoned one alone is refused")
            let outbox = try await office.ok(["outbox"])
            #expect(outbox.contains("report.summary_too_long"), "\(outbox)")
            #expect(try await office.reports().first { $0.id.uuidString.lowercased().hasPrefix(poisoned) }?.status == "rejected")
            let again = try await office.run(["sync"])
            #expect(again.status == 0 && again.stdout.contains("pushed 0"), "the next sync is clean: \(again.stdout) \(again.stderr)")
        }
    }

    static func sqlite(_ device: Device, _ sql: String) async throws -> String {
        let result = try await ProcessRunner.run("/usr/bin/sqlite3", [device.cacheFile.path, sql])
        try #require(result.status == 0, "sqlite3: \(result.stderr)")
        return result.stdout.hasSuffix("\n") ? String(result.stdout.dropLast()) : result.stdout
    }

    static func sha256(_ text: String) async throws -> String {
        let result = try await ProcessRunner.run("/usr/bin/sha256sum", [], input: text)
        return String(result.stdout.prefix(64))
    }
}
