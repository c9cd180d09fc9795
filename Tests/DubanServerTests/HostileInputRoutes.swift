import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import Testing

/// The whole route catalogue, made callable: for each route a caller its access rule lets in, a path
/// naming real records, and a valid JSON body (for routes that take one), so that a hostile variant is
/// refused for what it is and not for a missing record or role.
struct HostileInputRoutes {
    let catalog: [RouteDescription]
    /// login → token, one per role used.
    let tokens: [String: String]
    /// Supervision records each office route acts on: "order", "extension", "assessment", "circular", "inspection".
    let records: [String: String]
    let task9: String

    /// Signs in one account per role and creates the records the office routes act on.
    static func prepare(_ fixture: AuthFixture, client: some TestClientProtocol) async throws -> HostileInputRoutes {
        let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
        defer { owner.close() }
        var tokens: [String: String] = [:]
        for login in ["tianma1", "super", "admin", "audit"] {
            tokens[login] = try await client.signIn(login)
        }
        let office = "(SELECT id FROM duban.accounts WHERE login = 'super')"
        var records: [String: String] = [:]
        records["order"] = try await owner.query("""
            INSERT INTO duban.supervision_orders (task_id, unit_id, grade, state, created_at, updated_at)
            SELECT a.task_id, a.unit_id, 'blue', 'open', '2000-01-01', '2000-01-01'
              FROM duban.assignments a JOIN duban.tasks t ON t.id = a.task_id JOIN duban.units u ON u.id = a.unit_id
             WHERE t.number = 9 AND u.code = 'jd-baisha' RETURNING id
            """)[0][0]!
        try await owner.execute("""
            INSERT INTO duban.supervision_order_events (order_id, action, grade, note, account_id, at)
            VALUES (\(Int64(records["order"]!)!), 'issued', 'blue', 'x', \(unescaped: office), '2000-01-01')
            """)
        let extensionID = UUID().uuidString.lowercased()
        try await owner.execute("""
            INSERT INTO duban.extensions (id, task_id, unit_id, node_id, requested_due_date, reason, requested_by, requested_at, mutation_id)
            SELECT \(extensionID)::uuid, t.id, u.id, n.id, n.responsible_due_date + 3, '理由', acc.id, now(), gen_random_uuid()
              FROM duban.tasks t JOIN duban.reporting_nodes n ON n.plan_id = t.plan_id AND n.ordinal = 1
              JOIN duban.units u ON u.code = 'jd-tianma' JOIN duban.accounts acc ON acc.login = 'tianma1'
             WHERE t.number = 9
            """)
        records["extension"] = extensionID
        let assessmentID = UUID().uuidString.lowercased()
        try await owner.execute("""
            INSERT INTO duban.assessments (id, task_id, unit_id, lead_unit_id, scores, total, version, written_by, written_at, authored_at)
            SELECT \(assessmentID)::uuid, t.id, u.id, l.id, '{}', 0, 1, acc.id, now(), now()
              FROM duban.tasks t JOIN duban.units u ON u.code = 'jd-tianma' JOIN duban.units l ON l.code = 'zjj'
              JOIN duban.accounts acc ON acc.login = 'zjj1'
             WHERE t.number = 9
            """)
        records["assessment"] = assessmentID
        let snapshot = String(decoding: try WireJSON.encoder().encode(CircularSnapshot(
            takenAt: Date(), nodeDate: LocalDate(iso: "2022-03-28")!, tasksOnSchedule: [], tasksBehind: [],
            lateUnits: [], missingUnits: [], commended: [], criticized: [])), as: UTF8.self)
        records["circular"] = try await owner.query("""
            INSERT INTO duban.circulars (plan_id, node_id, year, title, body, snapshot, drafted_by, created_at, updated_at)
            SELECT n.plan_id, n.id, 2022, '草稿', '正文', \(snapshot)::jsonb, \(unescaped: office), now(), now()
              FROM duban.reporting_nodes n WHERE n.ordinal = 1 RETURNING id
            """)[0][0]!
        records["inspection"] = try await owner.query("""
            INSERT INTO duban.inspections (task_id, unit_id, kind, inspected_on, inspectors, findings, rectification, state, account_id, created_at)
            SELECT a.task_id, a.unit_id, 'online', '2022-04-01', '{李明}', '问题', '整改', 'rectifying', \(unescaped: office), now()
              FROM duban.assignments a JOIN duban.tasks t ON t.id = a.task_id JOIN duban.units u ON u.id = a.unit_id
             WHERE t.number = 9 AND u.code = 'jd-tianma' RETURNING id
            """)[0][0]!
        try await owner.execute("""
            INSERT INTO duban.inspection_events (inspection_id, action, note, account_id, at)
            VALUES (\(Int64(records["inspection"]!)!), 'recorded', '问题', \(unescaped: office), now())
            """)
        let task9 = try await owner.query("SELECT id FROM duban.tasks WHERE number = 9")[0][0]!
        return HostileInputRoutes(catalog: try await fixture.routeCatalog(), tokens: tokens, records: records, task9: task9)
    }

    /// A token the route's access rule lets in (staff first), or nil for open routes.
    func token(for route: RouteDescription) -> String? {
        guard case .roles(let roles, _) = route.access else { return nil }
        let preference: [(AccountRole, String)] = [(.staff, "tianma1"), (.supervisor, "super"), (.admin, "admin"), (.oversight, "audit")]
        return preference.first { roles.contains($0.0) }.map { tokens[$0.1]! }
    }

    /// The route's path with real records in it (an unknown evidence hash for the evidence routes).
    func path(for route: RouteDescription) -> String {
        var path = route.path
        let values = ["{sha256}": String(repeating: "0", count: 64), "{task_id}": task9, "{number}": "9",
                      "{code}": "jd-baisha", "{login}": "victim"]
        for (placeholder, value) in values { path = path.replacingOccurrences(of: placeholder, with: value) }
        if path.contains("{id}") {
            let kind = ["orders": "order", "extensions": "extension", "assessments": "assessment",
                        "circulars": "circular", "inspections": "inspection"].first { path.contains("/\($0.key)/") }!.value
            path = path.replacingOccurrences(of: "{id}", with: records[kind]!)
        }
        if route.method == "PUT" && route.path.hasPrefix("/v1/evidence/") { path += "?offset=0" }
        return path
    }

    /// Whether the route's body is JSON (the evidence upload and the admins' imports take raw bytes; most `GET`s take none).
    static func takesJSON(_ route: RouteDescription) -> Bool {
        route.maxBodyBytes > 0 && !route.path.hasPrefix("/v1/evidence/") && !route.path.hasSuffix("/import")
    }

    /// A valid JSON body for a route that takes one, as an object to mutate.
    func validBody(for route: RouteDescription, serial: Int) throws -> [String: Any] {
        let value: any Encodable
        switch (route.method, route.path) {
        case ("POST", "/v1/session"): value = SignInRequest(login: "jiahe1", password: AuthFixture.password, deviceId: UUID())
        case ("POST", "/v1/me/password"):
            value = ChangePasswordRequest(currentPassword: AuthFixture.password, newPassword: AuthFixture.password)
        case ("POST", "/v1/evidence"):
            value = EvidenceDeclaration(sha256: String(format: "%064x", serial), size: 10, mediaType: "application/pdf", name: "照片.pdf")
        case ("POST", "/v1/sync"):
            value = SyncRequest(deviceId: AuthFixture.device, epoch: nil, cursor: 0, referenceVersion: nil, mutations: [])
        case ("POST", "/v1/admin/units"):
            value = CreateUnitRequest(code: "h-\(serial)", name: "临时单位\(serial)", kind: .bureau, parentCode: "yf", aliases: ["别名\(serial)"])
        case ("POST", "/v1/admin/accounts"):
            value = CreateAccountRequest(login: "new\(serial)", displayName: "新账号", role: .staff, unitCode: "jd-baisha")
        case ("POST", "/v1/admin/plans/carry-over"): value = CarryOverRequest(fromYear: 2022, taskNumber: 9)
        case ("POST", "/v1/supervision/urges"): value = UrgeRequest(taskNumber: 9, unitCode: "jd-jiahe", message: "请报送")
        case ("POST", "/v1/supervision/orders"): value = OrderRequest(taskNumber: 9, unitCode: "jd-jiahe", note: "逾期")
        case ("POST", let p) where p.hasPrefix("/v1/supervision/orders/{id}/"): value = OrderRequest(note: "说明")
        case ("POST", "/v1/supervision/extensions/{id}/decision"): value = ExtensionDecisionRequest(decision: .exempt, note: "同意")
        case ("POST", "/v1/supervision/assessments/{id}/review"): value = AssessmentReviewRequest(decision: .return, note: "请补充")
        case ("POST", "/v1/supervision/circulars"): value = CircularDraftRequest(nodeDate: LocalDate(iso: "2022-03-28")!)
        case ("PUT", "/v1/supervision/circulars/{id}"): value = CircularEditRequest(title: "新标题", body: "新正文")
        case ("POST", "/v1/supervision/inspections"):
            value = InspectionRequest(taskNumber: 9, kind: .online, inspectedOn: LocalDate(iso: "2022-04-01")!,
                                      inspectors: ["李明"], findings: "台账不全", rectification: "补齐台账")
        case ("POST", let p) where p.hasPrefix("/v1/supervision/inspections/{id}/"): value = InspectionNoteRequest(note: "进展")
        case ("PUT", "/v1/targets"): value = TargetSetRequest(taskNumber: 4, indicator: "指标\(serial)", measure: "个", target: 10)
        case ("POST", "/v1/targets/split"):
            value = TargetSplitRequest(taskNumber: 9, indicator: "健身路径", unitCode: "jd-tianma", target: 1)
        case ("POST", "/v1/targets/remove"): value = TargetRemoveRequest(taskNumber: 9, indicator: "健身路径")
        case ("POST", "/v1/targets/confirm"): value = TargetConfirmRequest(taskNumber: 9)
        default:
            Issue.record("no valid body known for \(route.method) \(route.path): add one")
            return [:]
        }
        let data = try WireJSON.encoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func json(_ object: [String: Any]) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }
}

extension TestClientProtocol {
    /// Sends raw bytes with the given headers (a bearer token when given); returns status and body.
    func send(_ method: String, _ uri: String, token: String?, body: ByteBuffer?, contentLength: Int? = nil,
              contentType: String = "application/json") async throws -> (status: HTTPResponse.Status, body: String) {
        var headers: HTTPFields = [.contentType: contentType]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let contentLength { headers[.contentLength] = String(contentLength) }
        return try await execute(uri: uri, method: HTTPRequest.Method(method)!, headers: headers,
                                 body: body) { response in
            (response.status, String(buffer: response.body))
        }
    }
}
