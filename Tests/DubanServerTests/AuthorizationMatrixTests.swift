import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

/// Every route × every kind of caller gets the status its access rule promises.
@Suite struct AuthorizationMatrixTests {
    enum Caller: String, CaseIterable {
        case nobody, bogusToken, expiredToken, revokedToken, disabledAccount
        case admin, supervisor, oversight, staff, mustChangePassword

        var login: String? {
            switch self {
            case .admin: "admin"
            case .supervisor: "super"
            case .oversight: "audit"
            case .staff, .expiredToken, .revokedToken: "tianma1"
            case .mustChangePassword: "fresh"
            case .disabledAccount: "leaver"
            case .nobody, .bogusToken: nil
            }
        }

        var role: AccountRole? {
            switch self {
            case .admin: .admin
            case .supervisor: .supervisor
            case .oversight: .oversight
            case .staff, .mustChangePassword: .staff
            default: nil
            }
        }
    }

    /// What a caller should get from a route with this access rule.
    static func expected(_ access: Access, _ caller: Caller) -> (status: Int, code: String?) {
        guard case .roles(let roles, let duringPasswordChange) = access else { return (200, nil) }
        if caller == .disabledAccount { return (403, "auth.account_disabled") }
        guard let role = caller.role else { return (401, nil) }
        guard roles.contains(role) else { return (403, "auth.forbidden") }
        if caller == .mustChangePassword && !duringPasswordChange { return (403, "auth.password_change_required") }
        return (200, nil)
    }

    /// A distinct, well-formed SHA-256 for the n-th request.
    static func fakeHash(_ n: Int) -> String {
        String(format: "%064x", n)
    }

    @Test func everyRouteAnswersEveryCallerAsDeclared() async throws {
        try await AuthFixture.with { fixture in
            let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
            defer { owner.close() }
            let hash = await PasswordHasher(cost: 4).hash(AuthFixture.password)
            try await owner.execute("""
                INSERT INTO duban.accounts (unit_id, login, display_name, role, password_hash, must_change_password)
                SELECT id, 'leaver', 'leaver', 'staff', \(hash), false FROM duban.units WHERE code = 'zrzyj'
                """)
            let catalog = try await fixture.routeCatalog()
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var counter = 0
                /// A token in the state the caller stands for.
                func token(for caller: Caller) async throws -> String? {
                    switch caller {
                    case .nobody: return nil
                    case .bogusToken: return "dbn_" + String(repeating: "x", count: 43)
                    case .expiredToken:
                        let token = try await client.signIn("tianma1")
                        try await owner.execute("""
                            UPDATE duban.sessions SET expires_at = now() - interval '1 second'
                             WHERE id = (SELECT max(id) FROM duban.sessions)
                            """)
                        return token
                    case .revokedToken:
                        let token = try await client.signIn("tianma1")
                        #expect(try await client.call(.delete, "/v1/session", token: token).status == .noContent)
                        return token
                    case .disabledAccount:
                        try await owner.execute("UPDATE duban.accounts SET disabled_at = NULL WHERE login = 'leaver'")
                        let token = try await client.signIn("leaver")
                        try await owner.execute("UPDATE duban.accounts SET disabled_at = now() WHERE login = 'leaver'")
                        return token
                    default:
                        return try await client.signIn(caller.login!)
                    }
                }

                // Supervision records in the state each office route acts on, made once by the owner.
                var made: [String: String] = [:]
                func once(_ key: String, _ make: () async throws -> String) async throws -> String {
                    if let id = made[key] { return id }
                    let id = try await make()
                    made[key] = id
                    return id
                }
                let office = "(SELECT id FROM duban.accounts WHERE login = 'super')"
                func officeRecord(_ kind: String) async throws -> String {
                    try await once(kind) {
                        switch kind {
                        case "order":
                            let id = try await owner.query("""
                                INSERT INTO duban.supervision_orders (task_id, unit_id, grade, state, created_at, updated_at)
                                SELECT a.task_id, a.unit_id, 'blue', 'open', '2000-01-01', '2000-01-01'
                                  FROM duban.assignments a JOIN duban.tasks t ON t.id = a.task_id JOIN duban.units u ON u.id = a.unit_id
                                 WHERE t.number = 9 AND u.code = 'jd-baisha' RETURNING id
                                """)[0][0]!
                            try await owner.execute("""
                                INSERT INTO duban.supervision_order_events (order_id, action, grade, note, account_id, at)
                                VALUES (\(Int64(id)!), 'issued', 'blue', 'x', \(unescaped: office), '2000-01-01')
                                """)
                            return id
                        case "extension":
                            let id = UUID().uuidString.lowercased()
                            try await owner.execute("""
                                INSERT INTO duban.extensions (id, task_id, unit_id, node_id, requested_due_date, reason, requested_by,
                                                              requested_at, mutation_id)
                                SELECT \(id)::uuid, t.id, u.id, n.id, n.responsible_due_date + 3, '理由', acc.id, now(), gen_random_uuid()
                                  FROM duban.tasks t JOIN duban.reporting_nodes n ON n.plan_id = t.plan_id AND n.ordinal = 1
                                  JOIN duban.units u ON u.code = 'jd-tianma' JOIN duban.accounts acc ON acc.login = 'tianma1'
                                 WHERE t.number = 9
                                """)
                            return id
                        case "assessment":
                            let id = UUID().uuidString.lowercased()
                            try await owner.execute("""
                                INSERT INTO duban.assessments (id, task_id, unit_id, lead_unit_id, scores, total, version, written_by,
                                                               written_at, authored_at)
                                SELECT \(id)::uuid, t.id, u.id, l.id, '{}', 0, 1, acc.id, now(), now()
                                  FROM duban.tasks t JOIN duban.units u ON u.code = 'jd-tianma' JOIN duban.units l ON l.code = 'zjj'
                                  JOIN duban.accounts acc ON acc.login = 'zjj1'
                                 WHERE t.number = 9
                                """)
                            return id
                        case "circular":
                            let snapshot = String(decoding: try WireJSON.encoder().encode(CircularSnapshot(
                                takenAt: Date(), nodeDate: LocalDate(iso: "2022-03-28")!, tasksOnSchedule: [], tasksBehind: [],
                                lateUnits: [], missingUnits: [], commended: [], criticized: [])), as: UTF8.self)
                            return try await owner.query("""
                                INSERT INTO duban.circulars (plan_id, node_id, year, title, body, snapshot, drafted_by, created_at, updated_at)
                                SELECT n.plan_id, n.id, 2022, '草稿', '正文', \(snapshot)::jsonb, \(unescaped: office), now(), now()
                                  FROM duban.reporting_nodes n WHERE n.ordinal = 1 RETURNING id
                                """)[0][0]!
                        default:
                            let id = try await owner.query("""
                                INSERT INTO duban.inspections (task_id, unit_id, kind, inspected_on, inspectors, findings, rectification,
                                                               state, account_id, created_at)
                                SELECT a.task_id, a.unit_id, 'online', '2022-04-01', '{李明}', '问题', '整改', 'rectifying',
                                       \(unescaped: office), now()
                                  FROM duban.assignments a JOIN duban.tasks t ON t.id = a.task_id JOIN duban.units u ON u.id = a.unit_id
                                 WHERE t.number = 9 AND u.code = 'jd-tianma' RETURNING id
                                """)[0][0]!
                            try await owner.execute("""
                                INSERT INTO duban.inspection_events (inspection_id, action, note, account_id, at)
                                VALUES (\(Int64(id)!), 'recorded', '问题', \(unescaped: office), now())
                                """)
                            return id
                        }
                    }
                }

                for route in catalog {
                    for caller in Caller.allCases {
                        counter += 1
                        let bearer = try await token(for: caller)
                        var path = route.path
                        var body: (any Encodable)?
                        var raw: ByteBuffer?
                        switch (route.method, route.path) {
                        case ("POST", "/v1/session"):
                            body = SignInRequest(login: "jiahe1", password: AuthFixture.password, deviceId: UUID())
                        case ("POST", "/v1/evidence"):
                            body = EvidenceDeclaration(sha256: Self.fakeHash(counter), size: 10, mediaType: "application/pdf")
                        case (_, let p) where p.hasPrefix("/v1/evidence/{sha256}"):
                            // A file held by jd-tianma (the staff caller) and attached to an assessment (which the office and
                            // oversight read) for reads; jd-tianma's own upload, just started, for uploads.
                            let sha = Self.fakeHash(counter)
                            if route.method == "GET" {
                                try await owner.execute("""
                                    INSERT INTO duban.evidence_files (sha256, size, media_type, received, complete, completed_at)
                                    VALUES (\(sha), 9, 'application/pdf', 9, true, now())
                                    """)
                                try await owner.execute("""
                                    INSERT INTO duban.evidence_chunks (sha256, "offset", data) VALUES (\(sha), 0, \(Array("%PDF-1.7\n".utf8)))
                                    """)
                                try await owner.execute("""
                                    INSERT INTO duban.evidence_holders (sha256, unit_id, account_id)
                                    SELECT \(sha), unit_id, id FROM duban.accounts WHERE login = 'tianma1'
                                    """)
                                let sheet = try await officeRecord("assessment")
                                try await owner.execute("""
                                    UPDATE duban.assessments SET evidence = evidence || \(sha)::text WHERE id = \(sheet)::uuid
                                    """)
                            } else {
                                try await owner.execute("""
                                    INSERT INTO duban.evidence_uploads (sha256, unit_id, account_id, size, media_type)
                                    SELECT \(sha), unit_id, id, 100, 'application/pdf' FROM duban.accounts WHERE login = 'tianma1'
                                    """)
                            }
                            path = p.replacingOccurrences(of: "{sha256}", with: sha) + (route.method == "PUT" ? "?offset=0" : "")
                            if route.method == "PUT" { raw = ByteBuffer(string: "%PDF-1.7\n") }
                        case ("GET", "/v1/sync/scope/{task_id}"), ("GET", "/v1/sync/history/{task_id}"):
                            let task = try await owner.query("SELECT id FROM duban.tasks WHERE number = 9")[0][0]!
                            path = route.path.replacingOccurrences(of: "{task_id}", with: task)
                        case ("GET", "/public/tasks/{number}"):
                            path = "/public/tasks/9"
                        case ("POST", "/v1/sync"):
                            body = SyncRequest(deviceId: AuthFixture.device, epoch: nil, cursor: 0, referenceVersion: nil, mutations: [])
                        case ("POST", "/v1/me/password"):
                            body = ChangePasswordRequest(currentPassword: AuthFixture.password, newPassword: "temporary pw \(counter)")
                        case ("POST", "/v1/admin/units"):
                            body = CreateUnitRequest(code: "t-\(counter)", name: "临时单位\(counter)", kind: .bureau, parentCode: "yf")
                        case ("POST", "/v1/admin/units/{code}/disable"):
                            try await owner.execute("""
                                INSERT INTO duban.units (code, name, kind) VALUES (\("d-\(counter)"), \("待停用\(counter)"), 'bureau')
                                """)
                            path = "/v1/admin/units/d-\(counter)/disable"
                        case ("POST", "/v1/admin/plans/import"):
                            path = "/v1/admin/plans/import?dry_run=true&name=notice-2022.txt"
                            raw = ByteBuffer(bytes: try Data(contentsOf: Fixtures.noticeText))
                        case ("POST", "/v1/admin/plans/carry-over"):
                            // An earlier plan of its own each time with one task to carry into the 2022 plan
                            // (a later plan would change what "the newest plan" is for the other routes).
                            try await owner.transaction { connection in
                                let plan = try await connection.query("""
                                    INSERT INTO duban.plans (year, title, responsible_lead_days, content_sha256)
                                    VALUES (2021, \("2021年计划\(counter)"), 3, repeat('0', 64)) RETURNING id
                                    """)[0][0]!
                                try await connection.execute("""
                                    WITH t AS (
                                        INSERT INTO duban.tasks (plan_id, number, title, content, completion_standard, city_lead_written,
                                                                 city_responsible_written, district_lead_written, district_responsible_written)
                                        VALUES (\(plan)::bigint, 1, '上年任务', '内容', '标准', '', '', '区住建局', '') RETURNING id)
                                    INSERT INTO duban.assignments (task_id, unit_id, role, written_as)
                                    SELECT t.id, u.id, 'lead', '区住建局' FROM t, duban.units u WHERE u.code = 'zjj'
                                    """)
                            }
                            body = CarryOverRequest(fromYear: 2021, taskNumber: 1, toYear: 2022)
                        case ("POST", "/v1/admin/units/import"):
                            path = "/v1/admin/units/import?dry_run=true"
                            raw = ByteBuffer(string: try Fixtures.rosterText())
                        case ("POST", "/v1/admin/accounts"):
                            body = CreateAccountRequest(login: "new\(counter)", displayName: "新账号", role: .staff, unitCode: "jd-baisha")
                        case ("POST", let p) where p.hasPrefix("/v1/admin/accounts/{login}/"):
                            path = p.replacingOccurrences(of: "{login}", with: "victim")
                        case ("POST", "/v1/supervision/urges"):
                            body = UrgeRequest(taskNumber: 9, unitCode: "jd-jiahe", message: "请报送")
                        case ("POST", "/v1/supervision/orders"):
                            body = OrderRequest(taskNumber: 9, unitCode: "jd-jiahe", note: "逾期")
                        case ("POST", let p) where p.hasPrefix("/v1/supervision/orders/{id}/"):
                            path = p.replacingOccurrences(of: "{id}", with: try await officeRecord("order"))
                            body = OrderRequest(note: "说明")
                        case ("POST", "/v1/supervision/extensions/{id}/decision"):
                            path = "/v1/supervision/extensions/\(try await officeRecord("extension"))/decision"
                            body = ExtensionDecisionRequest(decision: .exempt)
                        case ("POST", "/v1/supervision/assessments/{id}/review"):
                            path = "/v1/supervision/assessments/\(try await officeRecord("assessment"))/review"
                            body = AssessmentReviewRequest(decision: .accept)
                        case ("GET", "/v1/sync/wait"):
                            path = "/v1/sync/wait?after=0&timeout=0"
                        case ("POST", "/v1/supervision/circulars"):
                            body = CircularDraftRequest(nodeDate: LocalDate(iso: "2022-03-28")!)
                        case (_, let p) where p.hasPrefix("/v1/supervision/circulars/{id}"):
                            path = p.replacingOccurrences(of: "{id}", with: try await officeRecord("circular"))
                            if route.method == "PUT" { body = CircularEditRequest(title: "新标题") }
                        case ("POST", "/v1/supervision/inspections"):
                            body = InspectionRequest(taskNumber: 9, kind: .online, inspectedOn: LocalDate(iso: "2022-04-01")!,
                                                     inspectors: ["李明"], findings: "台账不全", rectification: "补齐台账")
                        case ("POST", let p) where p.hasPrefix("/v1/supervision/inspections/{id}/"):
                            path = p.replacingOccurrences(of: "{id}", with: try await officeRecord("inspection"))
                            body = InspectionNoteRequest(note: "进展")
                        case ("PUT", "/v1/targets"):
                            body = TargetSetRequest(taskNumber: 4, indicator: "指标\(counter)", measure: "个", target: 10)
                        case ("POST", "/v1/targets/split"), ("POST", "/v1/targets/remove"), ("POST", "/v1/targets/confirm"):
                            let name = "指标\(counter)"
                            try await owner.execute("""
                                INSERT INTO duban.indicators (task_id, name, measure, target, source, confirmed)
                                SELECT id, \(name), '个', 10, 'city_standard', false FROM duban.tasks WHERE number = 4
                                """)
                            if route.path.hasSuffix("split") {
                                body = TargetSplitRequest(taskNumber: 4, indicator: name, unitCode: "zjj", target: 1)
                            } else if route.path.hasSuffix("remove") {
                                body = TargetRemoveRequest(taskNumber: 4, indicator: name)
                            } else {
                                body = TargetConfirmRequest(taskNumber: 4, indicators: [name])
                            }
                        default:
                            break
                        }
                        let method = HTTPRequest.Method(route.method)!
                        let answer = try await client.call(method, path, token: bearer, json: body, raw: raw)
                        var want = Self.expected(route.access, caller)
                        // An admin may call the evidence routes but never reads evidence: no file is there for it.
                        if route.path.hasPrefix("/v1/evidence/{sha256}") && caller == .admin && want.status == 200 {
                            want = (404, "evidence.not_found")
                        }
                        let context = "\(route.method) \(route.path) as \(caller): \(answer.status.code) \(answer.body)"
                        if want.status == 200 {
                            #expect((200..<300).contains(answer.status.code), "\(context)")
                        } else {
                            #expect(answer.status.code == want.status, "\(context)")
                            if let code = want.code { #expect(errorCode(answer.body) == code, "\(context)") }
                            if want.status == 401 {
                                let code = errorCode(answer.body)
                                #expect(code == (caller == .nobody ? "auth.required" : "auth.invalid_token"), "\(context)")
                            }
                            if want.status == 403 && caller == .disabledAccount {
                                #expect(errorCode(answer.body) == "auth.account_disabled", "\(context)")
                            }
                        }
                        // Put the password back after a successful change, so later sign-ins work.
                        if route.path == "/v1/me/password", (200..<300).contains(answer.status.code), let login = caller.login {
                            let again = try await client.signIn(login, password: "temporary pw \(counter)")
                            let back = try await client.call(.post, "/v1/me/password", token: again, json: ChangePasswordRequest(
                                currentPassword: "temporary pw \(counter)", newPassword: AuthFixture.password))
                            #expect(back.status == .noContent)
                            if caller == .mustChangePassword {
                                try await owner.execute("UPDATE duban.accounts SET must_change_password = true WHERE login = 'fresh'")
                            }
                        }
                    }
                }
                #expect(counter == catalog.count * Caller.allCases.count)
            }
            #expect(catalog.count >= 17)
        }
    }

    @Test func staffSeeOnlyTheirUnitAndTheTasksTheyLead() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                func assignments(_ login: String) async throws -> [AssignmentInfo] {
                    let answer = try await client.call(.get, "/v1/assignments", token: try await client.signIn(login))
                    #expect(answer.status == .ok)
                    return try WireJSON.decoder().decode(AssignmentList.self, from: Data(answer.body.utf8)).assignments
                }
                let tianma = try await assignments("tianma1")
                #expect(tianma.map(\.unitCode) == ["jd-tianma"])
                #expect(tianma.map(\.taskNumber) == [9])

                let lead = try await assignments("zjj1")
                #expect(Set(lead.map(\.taskNumber)) == [1, 4, 8, 9])
                #expect(lead.contains { $0.unitCode == "jd-jiahe" }, "a lead unit sees its responsible units")
                #expect(lead.count == 25, "zjj leads every involved task of the seed")

                let all = try await assignments("super")
                #expect(all.count == 25)

                // Nothing of another unit through the account routes either.
                let staff = try await client.signIn("tianma1")
                let accounts = try await client.call(.get, "/v1/admin/accounts?unit=jd-jiahe", token: staff)
                #expect(accounts.status == .forbidden)
                let me = try await client.call(.get, "/v1/me", token: staff)
                #expect(me.body.contains("jd-tianma") && !me.body.contains("jd-jiahe"))
                let audit = try await client.call(.get, "/v1/audit", token: staff)
                #expect(audit.status == .forbidden)
                let disable = try await client.call(.post, "/v1/admin/accounts/jiahe1/disable", token: staff)
                #expect(disable.status == .forbidden)
            }
        }
    }
}
