import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import Testing

/// SQL metacharacters in every kind of text field: stored and returned literally, and nothing else
/// happens (no table lost, no other row touched, the audit chain still verifies).
@Suite struct HostileInputSQLTextTests {
    static let texts = [
        "'; DROP TABLE duban.units; --",
        "\"; DELETE FROM duban.audit_log; --",
        "x' OR '1'='1",
        "$1 $2 $$ $q$; SELECT pg_sleep(30); $q$",
        "\\'; \\\\ \\x27 E'\\047' U&'\\0027'",
        "’ OR ‘1’=‘1 ＇；ＤＲＯＰ ＴＡＢＬＥ ʼ″",
        "%' OR name LIKE '%_",
        "); COMMIT; SET ROLE postgres; --",
        "/* comment */ -- line ; \\ ?",
    ]

    /// ASCII letters and digits: everything else is percent-encoded in a URI.
    static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    /// Whether a JSON text holds `value` as a string somewhere.
    static func holds(_ json: String, _ value: String) -> Bool {
        func search(_ node: Any) -> Bool {
            switch node {
            case let text as String: return text == value
            case let array as [Any]: return array.contains(where: search)
            case let object as [String: Any]: return object.values.contains(where: search)
            default: return false
            }
        }
        return (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])).map(search) ?? false
    }

    @Test func metacharactersAreStoredAndReturnedLiterally() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                let routes = try await HostileInputRoutes.prepare(fixture, client: client)
                let admin = routes.tokens["admin"]!, office = routes.tokens["super"]!
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                let ids = try SyncTests.task9(try #require(try await tianma.sync(client).reference))
                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                // One responsible unit of task 9 per text: an office opens one order per unit and task.
                let units = try await owner.query("""
                    SELECT u.code FROM duban.assignments a JOIN duban.tasks t ON t.id = a.task_id JOIN duban.units u ON u.id = a.unit_id
                     WHERE t.number = 9 AND a.role = 'responsible' AND u.code NOT IN ('jd-baisha', 'jd-tianma') ORDER BY u.code
                    """).map { try $0.decode(String.self, at: 0) }
                try #require(units.count >= 3, "\(units)")
                let before = try await HostileInputSnapshot.take(fixture)
                var stored = 0
                func expectStored(_ answer: (status: HTTPResponse.Status, body: String), _ text: String, _ what: String) {
                    #expect((200..<300).contains(answer.status.code), "\(what): \(answer.status.code) \(answer.body.prefix(300))")
                    #expect(Self.holds(answer.body, text), "\(what) returned literally: \(answer.body.prefix(300))")
                    stored += 1
                }
                for (n, text) in Self.texts.enumerated() {
                    let target = units[n % units.count]
                    let unit = try await client.call(.post, "/v1/admin/units", token: admin, json: CreateUnitRequest(
                        code: "sql-\(n)", name: "\(text)#\(n)", kind: .bureau, parentCode: "yf", aliases: ["\(text)@\(n)"]))
                    expectStored(unit, "\(text)#\(n)", "unit name")
                    #expect(Self.holds(unit.body, "\(text)@\(n)"), "alias: \(unit.body)")
                    let account = try await client.call(.post, "/v1/admin/accounts", token: admin, json: CreateAccountRequest(
                        login: "sql\(n)", displayName: String(text.prefix(90)), role: .staff, unitCode: "sql-\(n)"))
                    expectStored(account, String(text.prefix(90)), "display name")
                    expectStored(try await client.call(.post, "/v1/supervision/urges", token: office,
                                                       json: UrgeRequest(taskNumber: 9, unitCode: target, message: text)), text, "urge")
                    if n < units.count {
                        expectStored(try await client.call(.post, "/v1/supervision/orders", token: office,
                                                           json: OrderRequest(taskNumber: 9, unitCode: target, note: text)), text, "order note")
                    } else {
                        expectStored(try await client.call(.post, "/v1/supervision/orders/\(routes.records["order"]!)/escalate", token: office,
                                                           json: OrderRequest(note: text)), text, "order escalation note")
                    }
                    expectStored(try await client.call(.post, "/v1/supervision/inspections", token: office, json: InspectionRequest(
                        taskNumber: 9, kind: .onSite, inspectedOn: LocalDate(iso: "2022-04-01")!, inspectors: [String(text.prefix(90))],
                        findings: text, rectification: text)), text, "inspection")
                    expectStored(try await client.call(.put, "/v1/supervision/circulars/\(routes.records["circular"]!)", token: office,
                                                       json: CircularEditRequest(title: text, body: text)), text, "circular")
                    let report = UUID()
                    let write = try tianma.write(report: report, task: ids.task, node: ids.node, base: n, text: text)
                    let pushed = try await tianma.sync(client, [write])
                    #expect(pushed.results.first?.status == .applied || pushed.results.first?.status == .conflict, "\(pushed.results)")
                    #expect(pushed.changes.contains { $0.reportRevision?.text == text }, "report text returned literally")
                    stored += 1
                    // In a query and a path: only ever a value.
                    let encoded = text.addingPercentEncoding(withAllowedCharacters: Self.unreserved)!
                    for path in ["/v1/admin/accounts?unit=\(encoded)", "/v1/admin/units/\(encoded)/disable"] {
                        let method: HTTPRequest.Method = path.hasSuffix("/disable") ? .post : .get
                        let answer = try await client.call(method, path, token: admin)
                        #expect(answer.status.code < 500, "\(path): \(answer.status.code) \(answer.body)")
                        #expect(answer.status == .notFound || answer.status == .ok, "\(path): \(answer.status.code) \(answer.body)")
                    }
                    // And as a login: refused like any unknown login.
                    let signIn = try await client.call(.post, "/v1/session", json: SignInRequest(
                        login: text, password: text, deviceId: UUID()))
                    #expect(signIn.status == .unauthorized, "\(signIn.body)")
                }
                // Read back through the database and the read routes.
                for (n, text) in Self.texts.enumerated() {
                    let name = try await owner.query("SELECT name FROM duban.units WHERE code = \("sql-\(n)")")
                    #expect(try name.first?.decode(String.self, at: 0) == "\(text)#\(n)")
                    let revisions = try await owner.query("SELECT count(*) FROM duban.report_revisions WHERE text = \(text)")
                    #expect(try revisions[0].decode(Int64.self, at: 0) == 1)
                }
                let records = try await client.call(.get, "/v1/supervision/records", token: office)
                for text in Self.texts { #expect(Self.holds(records.body, text), "records hold \(text)") }
                // Nothing else happened: the same tables, and every row count moved only where something was written.
                let after = try await HostileInputSnapshot.take(fixture)
                #expect(Set(after.tables.keys) == Set(before.tables.keys))
                let counts = try await owner.query("""
                    SELECT (SELECT count(*) FROM duban.units WHERE code LIKE 'sql-%'), (SELECT count(*) FROM duban.accounts WHERE login LIKE 'sql%'),
                           (SELECT count(*) FROM duban.units), (SELECT count(*) FROM duban.accounts WHERE disabled_at IS NOT NULL),
                           (SELECT count(*) FROM duban.units WHERE NOT active)
                    """)[0]
                #expect(try counts.decode(Int64.self, at: 0) == Int64(Self.texts.count))
                #expect(try counts.decode(Int64.self, at: 1) == Int64(Self.texts.count))
                #expect(try counts.decode(Int64.self, at: 3) == 1, "only the fixture's disabled account")
                #expect(try counts.decode(Int64.self, at: 4) == 0, "no unit disabled")
                for unchanged in ["plans", "tasks", "assignments", "reporting_nodes", "evidence_files", "assessments"] {
                    #expect(after.tables[unchanged] == before.tables[unchanged], "\(unchanged) untouched")
                }
                let verify = try await client.call(.get, "/v1/audit/verify", token: admin)
                #expect(verify.status == .ok, "\(verify.body)")
                print("hostile input: SQL metacharacters, \(Self.texts.count) texts, \(stored) stored and read back")
            }
        }
    }
}
