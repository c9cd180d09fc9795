import DubanTestSupport
import Postgres
import Testing

/// Every base table of the `duban` schema (the audit log included) as a row count and an MD5 of its
/// rows, read as a superuser so row-level security hides nothing: what hostile-input tests compare
/// before and after to show that a refused request changed nothing.
///
/// The application's background services write while a test runs, so their own columns are left out:
/// the audit sealer's `audit_log.seq`/`hash` and `audit_chain`, and the light keeper's `status_lights`
/// (recomputed from the clock). Every audit entry itself is compared.
struct HostileInputSnapshot: Equatable {
    /// table → "count md5"
    var tables: [String: String]

    /// Sessions are left out by default: signing the test's callers in is not what is being checked.
    static func take(_ fixture: AuthFixture, excluding: Set<String> = ["sessions", "audit_chain", "status_lights"]) async throws
        -> HostileInputSnapshot
    {
        let connection = try await PostgresConnection.connect(TestDatabase.superuser(fixture.configuration), logger: Fixtures.logger)
        defer { connection.close() }
        let names = try await connection.query("""
            SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = 'duban' AND table_type = 'BASE TABLE' ORDER BY 1
            """).map { try $0.decode(String.self, at: 0) }
        var tables: [String: String] = [:]
        for name in names where !excluding.contains(name) {
            let row = name == "audit_log" ? "(to_jsonb(t) - 'seq' - 'hash')::text" : "t::text"
            let digest = try await connection.query("""
                SELECT count(*), md5(coalesce(string_agg(\(unescaped: row), E'\\n' ORDER BY \(unescaped: row)), ''))
                  FROM duban.\(unescaped: name) t
                """)[0]
            tables[name] = "\(try digest.decode(Int64.self, at: 0)) \(try digest.decode(String.self, at: 1))"
        }
        return HostileInputSnapshot(tables: tables)
    }

    /// The tables whose rows differ (or that appeared or vanished), for a readable failure.
    func changedTables(since before: HostileInputSnapshot) -> [String] {
        Set(tables.keys).union(before.tables.keys).filter { tables[$0] != before.tables[$0] }.sorted()
    }

    /// Records an issue naming every table that changed since `before`.
    func expectUnchanged(since before: HostileInputSnapshot, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let changed = changedTables(since: before)
        #expect(changed.isEmpty, "\(what) changed \(changed)", sourceLocation: sourceLocation)
    }
}
