import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Postgres
import Testing

/// Deploy/openapi.json describes exactly the routes the server registers, with their access rules,
/// and real answers of the server conform to its schemas.
@Suite struct OpenAPIDocumentTests {
    static let file = Fixtures.root.appendingPathComponent("Deploy/openapi.json")

    static func document() throws -> OpenAPIJSONValue {
        try OpenAPIJSONValue.parse(try Data(contentsOf: file))
    }

    /// The route catalogue, from a router whose database is never reached.
    static func catalog() async throws -> [RouteDescription] {
        let unreachable = PostgresConfiguration(parameters: ["host": "127.0.0.1", "port": "1", "connect_timeout": "1"])
        var configuration = try ServerConfiguration(environment: [:])
        configuration.database = unreachable
        configuration.auth.bcryptCost = 4
        let pool = PostgresConnectionPool(configuration: unreachable, maxConnections: 1, logger: Fixtures.logger)
        let catalog = await buildRouter(configuration: configuration, database: AppDatabase(pool: pool),
                                        migrator: try Fixtures.migrator()).1
        await pool.close()
        return catalog
    }

    /// The document is what its generator writes (one home: `Tools/fuzz-api.d/openapi.py`), so an
    /// edit by hand that the generator does not make is found here, not first by `Tools/fuzz-api`.
    @Test func theDocumentIsWhatItsGeneratorWrites() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.root.appendingPathComponent("Tools/fuzz-api.d/openapi.py").path, "--check"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 Tools/fuzz-api.d/openapi.py --check: \(text)")
    }

    /// `"GET /v1/me"` → the operation object.
    static func operations(_ document: OpenAPIJSONValue) -> [String: OpenAPIJSONValue] {
        var result: [String: OpenAPIJSONValue] = [:]
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for (method, operation) in item.objectValue ?? [:] {
                result["\(method.uppercased()) \(path)"] = operation
            }
        }
        return result
    }

    static func pathParameterNames(_ path: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(path)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    // MARK: - The document and the catalogue

    @Test func everyRouteIsDescribedAndEveryDescriptionIsARoute() async throws {
        let document = try Self.document()
        #expect(document["openapi"]?.stringValue?.hasPrefix("3.") == true)
        let operations = Self.operations(document)
        let catalog = try await Self.catalog()
        let registered = Set(catalog.map { "\($0.method) \($0.path)" })
        #expect(registered.count == catalog.count, "a route is registered twice")
        #expect(catalog.count >= 50)
        for route in registered.subtracting(operations.keys).sorted() {
            Issue.record("registered but not in Deploy/openapi.json: \(route)")
        }
        for operation in Set(operations.keys).subtracting(registered).sorted() {
            Issue.record("in Deploy/openapi.json but not registered: \(operation)")
        }
    }

    @Test func pathParametersSecurityAndAccessMatchEachRoute() async throws {
        let document = try Self.document()
        let operations = Self.operations(document)
        let bearer = document["components"]?["securitySchemes"]?["bearer"]
        #expect(bearer?["type"] == .string("http") && bearer?["scheme"] == .string("bearer"))
        var operationIDs = Set<String>()
        for route in try await Self.catalog() {
            let key = "\(route.method) \(route.path)"
            guard let operation = operations[key] else { continue }  // reported by the test above
            if let id = operation["operationId"]?.stringValue {
                #expect(operationIDs.insert(id).inserted, "\(key): operationId \(id) is used twice")
            } else {
                Issue.record("\(key): no operationId")
            }

            // Path parameters: exactly the template's, each required.
            let parameters = operation["parameters"]?.arrayValue ?? []
            let inPath = parameters.filter { $0["in"] == .string("path") }
            #expect(Set(inPath.compactMap { $0["name"]?.stringValue }) == Self.pathParameterNames(route.path),
                    "\(key): path parameters")
            #expect(inPath.allSatisfy { $0["required"] == .bool(true) }, "\(key): a path parameter is not required")
            #expect(parameters.allSatisfy { $0["schema"] != nil }, "\(key): a parameter without a schema")

            // Security and the declared access rule.
            let security = operation["security"]?.arrayValue
            let declared = operation["x-duban-access"]
            let responses = operation["responses"]?.objectValue ?? [:]
            #expect(!responses.isEmpty, "\(key): no responses")
            switch route.access {
            case .anyone:
                #expect(security == [], "\(key): a public route must declare no security")
                #expect(declared?["anyone"] == .bool(true), "\(key): x-duban-access")
            case .roles(let roles, let duringPasswordChange):
                #expect(security == [.object(["bearer": .array([])])], "\(key): must require the bearer token")
                let documented = Set(declared?["roles"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                #expect(documented == Set(roles.map(\.rawValue)), "\(key): roles \(documented.sorted())")
                #expect(declared?["during_password_change"] == .bool(duringPasswordChange), "\(key): during_password_change")
                for status in ["401", "403"] {
                    #expect(responses[status]?["content"]?["application/json"]?["schema"]?["$ref"]
                                == .string("#/components/schemas/ApiError"), "\(key): \(status) must be an ApiError")
                }
            }
            // Every error answer is an ApiError, except the public HTML pages'.
            for (status, response) in responses where Int(status).map({ $0 >= 400 }) == true {
                let content = response["content"]?.objectValue ?? [:]
                #expect(!content.isEmpty, "\(key) \(status): no content")
                if let json = content["application/json"] {
                    // /readyz answers its own readiness body when not ready; every other error is an ApiError.
                    let schema = key == "GET /readyz" && status == "503" ? "Readiness" : "ApiError"
                    #expect(json["schema"]?["$ref"] == .string("#/components/schemas/\(schema)"), "\(key) \(status): not an \(schema)")
                } else {
                    #expect(content["text/html"] != nil, "\(key) \(status): neither an ApiError nor a page")
                }
            }
            #expect(responses.keys.contains { $0.hasPrefix("2") }, "\(key): no success answer")
        }
    }

    @Test func everyReferenceResolves() throws {
        let document = try Self.document()
        let schemas = document["components"]?["schemas"]?.objectValue ?? [:]
        var references: [String] = []
        func walk(_ value: OpenAPIJSONValue) {
            switch value {
            case .object(let members):
                if let target = members["$ref"]?.stringValue { references.append(target) }
                members.values.forEach(walk)
            case .array(let items):
                items.forEach(walk)
            default:
                break
            }
        }
        walk(document)
        #expect(references.count > 100)
        for reference in Set(references) {
            let name = reference.replacingOccurrences(of: "#/components/schemas/", with: "")
            #expect(schemas[name] != nil, "unresolved \(reference)")
        }
    }

    // MARK: - The checker and the wire types

    /// Wire types with every optional field set validate against their schemas; a renamed, missing,
    /// mistyped or unknown field, or a value outside an enum, does not.
    @Test func theModelsWithEveryFieldSetConformAndBrokenOnesDoNot() throws {
        let document = try Self.document()
        let checker = OpenAPISchemaChecker(document: document)
        func check<T: Encodable>(_ value: T, _ schema: String) throws -> (OpenAPIJSONValue, [String]) {
            let json = try OpenAPIJSONValue.parse(try WireJSON.encoder().encode(value))
            return (json, checker.violations(of: json, against: .object(["$ref": .string("#/components/schemas/\(schema)")])))
        }
        let samples = OpenAPISamples()
        let cases: [(String, any Encodable)] = [
            ("AccountWithPassword", samples.accountWithPassword), ("MeResponse", samples.me), ("UnitList", samples.units),
            ("AuditList", samples.audit), ("AuditVerification", samples.verification), ("SyncResponse", samples.sync),
            ("SupervisionOverview", samples.overview), ("SupervisionLists", samples.lists), ("CircularRecord", samples.circular),
            ("AssessmentTable", samples.assessments), ("PublicProgress", samples.publicProgress),
            ("OversightProgressAnswer", samples.progress), ("OversightOverdueAnswer", samples.overdue),
            ("OversightLightsAnswer", samples.lights), ("OversightCompletenessAnswer", samples.completeness),
            ("OversightTimelinessAnswer", samples.timeliness), ("ScopeSnapshot", samples.scope),
            ("SyncRequest", samples.syncRequest), ("InspectionRequest", samples.inspectionRequest),
            ("EvidenceStatus", samples.evidence), ("AssignmentList", samples.assignments), ("TargetList", samples.targets),
            ("IndicatorReport", samples.indicatorReport), ("PlanImportResult", samples.planImport),
            ("UnitImportResult", samples.unitImport),
        ]
        for (schema, value) in cases {
            let (_, violations) = try check(value, schema)
            #expect(violations.isEmpty, "\(schema): \(violations)")
        }

        // Breaking the account's JSON in each way is noticed.
        let (account, _) = try check(samples.me, "MeResponse")
        guard case .object(var me) = account, case .object(var info) = me["account"] else {
            Issue.record("MeResponse is not an object")
            return
        }
        func violations(_ change: (inout [String: OpenAPIJSONValue]) -> Void) -> [String] {
            var broken = info
            change(&broken)
            me["account"] = .object(broken)
            return checker.violations(of: .object(me), against: .object(["$ref": .string("#/components/schemas/MeResponse")]))
        }
        #expect(violations { _ in }.isEmpty)
        #expect(!violations { $0["displayName"] = $0.removeValue(forKey: "display_name") }.isEmpty, "a renamed field")
        #expect(!violations { $0["last_signed_in"] = $0.removeValue(forKey: "last_sign_in_at") }.isEmpty, "a renamed optional field")
        #expect(!violations { _ = $0.removeValue(forKey: "unit_code") }.isEmpty, "a missing field")
        #expect(!violations { $0["disabled"] = .string("no") }.isEmpty, "a mistyped field")
        #expect(!violations { $0["role"] = .string("root") }.isEmpty, "a value outside the enum")
        #expect(!violations { $0["created_at"] = .string("yesterday") }.isEmpty, "a bad time")
        #expect(!violations { $0["login"] = .null }.isEmpty, "a null")
        info["disabled"] = .integer(0)
        #expect(!violations { _ in }.isEmpty, "an integer for a boolean")
    }

    // MARK: - Real answers

    /// Drives almost every route in-process as the right role and checks status, content type and body
    /// of each answer against the document, errors included.
    @Test func realAnswersConformToTheDocument() async throws {
        let document = try Self.document()
        let conformance = OpenAPIConformance(document: document)
        let clock = TestClock("2022-04-10T12:00:00+08:00")
        try await AuthFixture.with(clock: clock.serverClock) { fixture in
            let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
            defer { owner.close() }
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var lastBody = Data()
                func call(_ method: HTTPRequest.Method, _ uri: String, _ template: String? = nil, token: String? = nil,
                          json: (any Encodable)? = nil, raw: ByteBuffer? = nil, expect status: Int,
                          sourceLocation: SourceLocation = #_sourceLocation) async throws -> OpenAPIJSONValue? {
                    var headers: HTTPFields = [:]
                    if let token { headers[.authorization] = "Bearer \(token)" }
                    var body = raw
                    if let json {
                        headers[.contentType] = "application/json"
                        body = ByteBuffer(data: try WireJSON.encoder().encode(json))
                    } else if raw != nil {
                        headers[.contentType] = "application/octet-stream"
                    }
                    let answer = try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
                        OpenAPIConformance.Answer(status: Int(response.status.code), contentType: response.headers[.contentType],
                                                  body: Data(buffer: response.body))
                    }
                    lastBody = answer.body
                    #expect(answer.status == status, "\(method) \(uri): \(String(decoding: answer.body, as: UTF8.self))",
                            sourceLocation: sourceLocation)
                    return conformance.check(answer, method: method.rawValue, template: template ?? uri.split(separator: "?")[0].description,
                                             sourceLocation: sourceLocation)
                }
                let admin = try await client.signIn("admin")
                let office = try await client.signIn("super")
                let audit = try await client.signIn("audit")

                // Health, session, units, accounts.
                _ = try await call(.get, "/healthz", expect: 200)
                _ = try await call(.get, "/readyz", expect: 200)
                _ = try await call(.get, "/metrics", expect: 200)
                _ = try await call(.post, "/v1/session", json: SignInRequest(login: "admin", password: "wrong password", deviceId: UUID()),
                                   expect: 401)
                _ = try await call(.post, "/v1/session", json: SignInRequest(login: "zjj1", password: AuthFixture.password,
                                                                             deviceId: UUID(), deviceName: "laptop"), expect: 201)
                _ = try await call(.post, "/v1/session", raw: ByteBuffer(string: "[1]"), expect: 400)
                _ = try await call(.get, "/v1/me", token: admin, expect: 200)
                _ = try await call(.get, "/v1/me", expect: 401)
                _ = try await call(.get, "/v1/me", token: "dbn_forged", expect: 401)
                let fresh = try await client.signIn("fresh")
                _ = try await call(.get, "/v1/units", token: fresh, expect: 403)
                _ = try await call(.post, "/v1/me/password", token: fresh,
                                   json: ChangePasswordRequest(currentPassword: AuthFixture.password, newPassword: "short"), expect: 422)
                _ = try await call(.post, "/v1/me/password", token: fresh,
                                   json: ChangePasswordRequest(currentPassword: AuthFixture.password, newPassword: "a new long password"),
                                   expect: 204)
                _ = try await call(.get, "/v1/units", token: audit, expect: 200)
                _ = try await call(.post, "/v1/admin/units", token: admin,
                                   json: CreateUnitRequest(code: "oa-test", name: "测试单位", kind: .bureau, parentCode: "yf", aliases: ["测试"]),
                                   expect: 201)
                _ = try await call(.post, "/v1/admin/units", token: admin,
                                   json: CreateUnitRequest(code: "oa-test", name: "测试单位", kind: .bureau), expect: 409)
                _ = try await call(.post, "/v1/admin/units/oa-test/disable", "/v1/admin/units/{code}/disable", token: admin, expect: 200)
                _ = try await call(.post, "/v1/admin/units/nope/disable", "/v1/admin/units/{code}/disable", token: admin, expect: 404)
                let notice = ByteBuffer(bytes: try Data(contentsOf: Fixtures.noticeText))
                _ = try await call(.post, "/v1/admin/plans/import?dry_run=true&name=notice-2022.txt", "/v1/admin/plans/import",
                                   token: admin, raw: notice, expect: 200)
                _ = try await call(.post, "/v1/admin/plans/import?name=notice-2022.txt", "/v1/admin/plans/import",
                                   token: admin, raw: notice, expect: 200)
                _ = try await call(.post, "/v1/admin/plans/import?name=n.txt", "/v1/admin/plans/import",
                                   token: admin, raw: ByteBuffer(string: "just words\n"), expect: 422)
                _ = try await call(.post, "/v1/admin/plans/import?dry_run=true&name=n.txt", "/v1/admin/plans/import",
                                   token: audit, raw: notice, expect: 403)
                _ = try await call(.post, "/v1/admin/units/import?dry_run=true", "/v1/admin/units/import",
                                   token: admin, raw: ByteBuffer(string: try Fixtures.rosterText()), expect: 200)
                _ = try await call(.post, "/v1/admin/units/import", "/v1/admin/units/import",
                                   token: admin, raw: ByteBuffer(string: "code,name\n"), expect: 422)
                _ = try await call(.get, "/v1/admin/accounts?unit=yf", token: audit, expect: 200)
                _ = try await call(.get, "/v1/admin/accounts", token: admin, expect: 200)
                let tianma = try await TestDevice.signIn("tianma1", client: client)
                _ = try await call(.get, "/v1/admin/accounts", token: tianma.token, expect: 403)
                _ = try await call(.post, "/v1/admin/accounts", token: admin,
                                   json: CreateAccountRequest(login: "oa.new", displayName: "新人", role: .staff, unitCode: "jd-baisha"),
                                   expect: 201)
                _ = try await call(.post, "/v1/admin/accounts", token: admin,
                                   json: CreateAccountRequest(login: "-bad", displayName: "新人", role: .staff, unitCode: "jd-baisha"),
                                   expect: 422)
                for action in ["disable", "enable", "reset-password", "revoke-sessions"] {
                    _ = try await call(.post, "/v1/admin/accounts/victim/\(action)", "/v1/admin/accounts/{login}/\(action)", token: admin,
                                       expect: 200)
                }
                _ = try await call(.post, "/v1/admin/accounts/admin/disable", "/v1/admin/accounts/{login}/disable", token: admin,
                                   expect: 422)

                // Sync: a responsible unit's report, the lead unit's and the office's pulls.
                var tianmaDevice = tianma
                _ = try await call(.post, "/v1/sync", token: tianma.token,
                                   json: SyncRequest(deviceId: tianma.device, epoch: nil, cursor: 0, referenceVersion: nil, mutations: []),
                                   expect: 200)
                let reference = try WireJSON.decoder().decode(SyncResponse.self, from: lastBody).reference
                let ids = try SyncTests.task9(try #require(reference))
                let write = try tianmaDevice.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "天马街道进展", percent: 20)
                let pushed = try #require(try await call(.post, "/v1/sync", token: tianma.token,
                                                         json: SyncRequest(deviceId: tianma.device, epoch: nil, cursor: 0,
                                                                           referenceVersion: Int64.max, mutations: [write]),
                                                         expect: 200))
                #expect(pushed["results"]?.arrayValue?.first?["status"] == .string("applied"))
                _ = try await call(.post, "/v1/sync", token: tianma.token,
                                   json: SyncRequest(deviceId: UUID(), epoch: nil, cursor: 0, referenceVersion: nil, mutations: []),
                                   expect: 403)
                _ = try await call(.get, "/v1/sync/verify", token: tianma.token, expect: 200)
                _ = try await call(.get, "/v1/sync/scope/\(ids.task)", "/v1/sync/scope/{task_id}", token: tianma.token, expect: 200)
                _ = try await call(.get, "/v1/sync/scope/x", "/v1/sync/scope/{task_id}", token: tianma.token, expect: 400)
                _ = try await call(.get, "/v1/assignments", token: tianma.token, expect: 200)

                // Evidence: declare, upload, status, download.
                let pdf = "%PDF-1.7\n% oa\n"
                let sha = sha256Hex(pdf)
                _ = try await call(.post, "/v1/evidence", token: tianma.token,
                                   json: EvidenceDeclaration(sha256: sha, size: Int64(pdf.utf8.count), mediaType: "application/pdf", name: "a.pdf"),
                                   expect: 200)
                _ = try await call(.post, "/v1/evidence", token: tianma.token,
                                   json: EvidenceDeclaration(sha256: sha, size: 5, mediaType: "application/x-sh"), expect: 415)
                _ = try await call(.put, "/v1/evidence/\(sha)?offset=3", "/v1/evidence/{sha256}", token: tianma.token,
                                   raw: ByteBuffer(string: pdf), expect: 409)
                _ = try await call(.put, "/v1/evidence/\(sha)?offset=0", "/v1/evidence/{sha256}", token: tianma.token,
                                   raw: ByteBuffer(string: pdf), expect: 200)
                _ = try await call(.get, "/v1/evidence/\(sha)/status", "/v1/evidence/{sha256}/status", token: tianma.token, expect: 200)
                _ = try await call(.get, "/v1/evidence/\(sha)", "/v1/evidence/{sha256}", token: tianma.token, expect: 200)
                _ = try await call(.get, "/v1/evidence/nothex", "/v1/evidence/{sha256}", token: tianma.token, expect: 422)
                let jiahe = try await client.signIn("jiahe1")
                _ = try await call(.get, "/v1/evidence/\(sha)", "/v1/evidence/{sha256}", token: jiahe, expect: 404)

                // Targets: read by all; set, split, confirmed and removed by the office; the figures against them.
                _ = try await call(.put, "/v1/targets", token: office,
                                   json: TargetSetRequest(taskNumber: 4, indicator: "小区", measure: "个", target: 30), expect: 200)
                _ = try await call(.put, "/v1/targets", token: office,
                                   json: TargetSetRequest(taskNumber: 4, indicator: "小区", measure: "个", target: 0), expect: 422)
                _ = try await call(.post, "/v1/targets/split", token: office,
                                   json: TargetSplitRequest(taskNumber: 4, indicator: "小区", unitCode: "zjj", target: 4), expect: 200)
                _ = try await call(.post, "/v1/targets/confirm", token: office, json: TargetConfirmRequest(taskNumber: 4), expect: 200)
                _ = try await call(.post, "/v1/targets/confirm", token: office, json: TargetConfirmRequest(taskNumber: 4), expect: 422)
                _ = try await call(.get, "/v1/targets?task=4", "/v1/targets", token: tianma.token, expect: 200)
                _ = try await call(.get, "/v1/oversight/indicators?task=4&date=2022-03-28", "/v1/oversight/indicators", token: office,
                                   expect: 200)
                _ = try await call(.post, "/v1/targets/remove", token: office,
                                   json: TargetRemoveRequest(taskNumber: 4, indicator: "小区"), expect: 200)
                _ = try await call(.post, "/v1/targets/remove", token: office,
                                   json: TargetRemoveRequest(taskNumber: 4, indicator: "小区"), expect: 404)

                // The office: urge, order, inspection, circular, extension, assessment.
                _ = try await call(.get, "/v1/supervision/overview?node=2022-03-28", "/v1/supervision/overview", token: office, expect: 200)
                _ = try await call(.get, "/v1/supervision/overview?node=2022-03-29", "/v1/supervision/overview", token: office, expect: 404)
                _ = try await call(.get, "/v1/supervision/overview?node=soon", "/v1/supervision/overview", token: office, expect: 422)
                _ = try await call(.post, "/v1/supervision/urges", token: office,
                                   json: UrgeRequest(taskNumber: 9, unitCode: "jd-baisha", message: "请报送"), expect: 201)
                _ = try await call(.post, "/v1/supervision/urges", token: office,
                                   json: UrgeRequest(taskNumber: 9, unitCode: "jd-baisha", nodeDate: LocalDate(iso: "2022-06-30")!,
                                                     message: "请报送"), expect: 409)
                let order = try #require(try await call(.post, "/v1/supervision/orders", token: office,
                                                        json: OrderRequest(taskNumber: 9, unitCode: "jd-baisha", note: "逾期未报"),
                                                        expect: 201))
                let orderID = try #require(order["id"]?.doubleValue.map { Int64($0) })
                _ = try await call(.post, "/v1/supervision/orders/\(orderID)/close", "/v1/supervision/orders/{id}/close", token: office,
                                   json: OrderRequest(note: "已报送"), expect: 200)
                _ = try await call(.post, "/v1/supervision/orders/\(orderID)/escalate", "/v1/supervision/orders/{id}/escalate",
                                   token: office, json: OrderRequest(note: "再次逾期"), expect: 409)
                let inspection = try #require(try await call(
                    .post, "/v1/supervision/inspections", token: office,
                    json: InspectionRequest(taskNumber: 9, unitCode: "jd-tianma", kind: .onSite, inspectedOn: LocalDate(iso: "2022-04-01")!,
                                            inspectors: ["李明"], findings: "台账不全", rectification: "补齐台账",
                                            rectificationDue: LocalDate(iso: "2022-04-30")!),
                    expect: 201))
                let inspectionID = try #require(inspection["id"]?.doubleValue.map { Int64($0) })
                for action in ["progress", "close"] {
                    _ = try await call(.post, "/v1/supervision/inspections/\(inspectionID)/\(action)",
                                       "/v1/supervision/inspections/{id}/\(action)", token: office,
                                       json: InspectionNoteRequest(note: "已整改"), expect: 200)
                }
                let circular = try #require(try await call(.post, "/v1/supervision/circulars", token: office,
                                                           json: CircularDraftRequest(nodeDate: LocalDate(iso: "2022-03-28")!),
                                                           expect: 201))
                let circularID = try #require(circular["id"]?.doubleValue.map { Int64($0) })
                _ = try await call(.put, "/v1/supervision/circulars/\(circularID)", "/v1/supervision/circulars/{id}", token: office,
                                   json: CircularEditRequest(title: "第一季度通报"), expect: 200)
                _ = try await call(.post, "/v1/supervision/circulars/\(circularID)/issue", "/v1/supervision/circulars/{id}/issue",
                                   token: office, expect: 200)
                _ = try await call(.get, "/v1/supervision/circulars/\(circularID)", "/v1/supervision/circulars/{id}", token: audit,
                                   expect: 200)
                _ = try await call(.get, "/v1/supervision/circulars/999999", "/v1/supervision/circulars/{id}", token: audit, expect: 404)
                _ = try await call(.get, "/v1/supervision/circulars", token: audit, expect: 200)

                let extensionID = UUID().uuidString.lowercased()
                try await owner.execute("""
                    INSERT INTO duban.extensions (id, task_id, unit_id, node_id, requested_due_date, reason, requested_by,
                                                  requested_at, mutation_id)
                    SELECT \(extensionID)::uuid, t.id, u.id, n.id, n.responsible_due_date + 3, '理由', acc.id, now(), gen_random_uuid()
                      FROM duban.tasks t JOIN duban.reporting_nodes n ON n.plan_id = t.plan_id AND n.ordinal = 1
                      JOIN duban.units u ON u.code = 'jd-tianma' JOIN duban.accounts acc ON acc.login = 'tianma1'
                     WHERE t.number = 9
                    """)
                _ = try await call(.post, "/v1/supervision/extensions/\(extensionID)/decision", "/v1/supervision/extensions/{id}/decision",
                                   token: office, json: ExtensionDecisionRequest(decision: .grant, note: "同意"), expect: 200)
                let assessmentID = UUID().uuidString.lowercased()
                try await owner.execute("""
                    INSERT INTO duban.assessments (id, task_id, unit_id, lead_unit_id, scores, total, version, written_by,
                                                   written_at, authored_at)
                    SELECT \(assessmentID)::uuid, t.id, u.id, l.id, '{}', 0, 1, acc.id, now(), now()
                      FROM duban.tasks t JOIN duban.units u ON u.code = 'jd-tianma' JOIN duban.units l ON l.code = 'zjj'
                      JOIN duban.accounts acc ON acc.login = 'zjj1'
                     WHERE t.number = 9
                    """)
                _ = try await call(.post, "/v1/supervision/assessments/\(assessmentID)/review", "/v1/supervision/assessments/{id}/review",
                                   token: office, json: AssessmentReviewRequest(decision: .return), expect: 422)
                _ = try await call(.post, "/v1/supervision/assessments/\(assessmentID)/review", "/v1/supervision/assessments/{id}/review",
                                   token: office, json: AssessmentReviewRequest(decision: .return, note: "补充材料"), expect: 200)
                _ = try await call(.get, "/v1/assessments", token: office, expect: 200)
                _ = try await call(.get, "/v1/supervision/records", token: audit, expect: 200)

                // Everything reaches the lead unit's and the office's pulls as typed changes.
                let zjj = try await TestDevice.signIn("zjj1", client: client)
                let led = try #require(try await call(.post, "/v1/sync", token: zjj.token,
                                                      json: SyncRequest(deviceId: zjj.device, epoch: nil, cursor: 0, referenceVersion: nil,
                                                                        mutations: []), expect: 200))
                let kinds = Set(led["changes"]?.arrayValue?.compactMap { $0["entity_type"]?.stringValue } ?? [])
                #expect(kinds.contains("report_revision"), "\(kinds)")
                let officeDevice = UUID()
                let officeToken = try await client.signIn("super", device: officeDevice)
                let all = try #require(try await call(.post, "/v1/sync", token: officeToken,
                                                      json: SyncRequest(deviceId: officeDevice, epoch: nil, cursor: 0,
                                                                        referenceVersion: nil, mutations: []), expect: 200))
                let officeKinds = Set(all["changes"]?.arrayValue?.compactMap { $0["entity_type"]?.stringValue } ?? [])
                #expect(officeKinds.isSuperset(of: ["report_revision", "urge", "supervision_order", "inspection", "circular"]),
                        "\(officeKinds)")

                // Oversight views, audit, public pages.
                for view in ["progress", "completeness", "timeliness", "overdue", "lights"] {
                    _ = try await call(.get, "/v1/oversight/\(view)?year=2022", "/v1/oversight/\(view)", token: audit, expect: 200)
                }
                _ = try await call(.get, "/v1/oversight/overdue?node=2022-03-28&unit=jd-baisha", "/v1/oversight/overdue", token: office,
                                   expect: 200)
                _ = try await call(.get, "/v1/oversight/progress?year=1999", "/v1/oversight/progress", token: office, expect: 400)
                _ = try await call(.get, "/v1/oversight/progress?year=2030", "/v1/oversight/progress", token: office, expect: 404)
                _ = try await call(.get, "/v1/audit?limit=5", "/v1/audit", token: admin, expect: 200)
                _ = try await call(.get, "/v1/audit?since=yesterday", "/v1/audit", token: admin, expect: 422)
                _ = try await call(.get, "/v1/audit/verify", token: audit, expect: 200)
                _ = try await call(.get, "/public", expect: 200)
                _ = try await call(.get, "/public?year=22", "/public", expect: 400)
                _ = try await call(.get, "/public/tasks/9", "/public/tasks/{number}", expect: 200)
                _ = try await call(.get, "/public/tasks/999", "/public/tasks/{number}", expect: 404)
                _ = try await call(.get, "/public/progress.json", expect: 200)
                _ = try await call(.get, "/public/progress.json?year=2030", "/public/progress.json", expect: 404)
                // Last: a later plan changes what "the newest plan" is for the calls above.
                _ = try await call(.post, "/v1/admin/plans/carry-over", token: admin,
                                   json: CarryOverRequest(fromYear: 2022, taskNumber: 9), expect: 409)
                try await owner.execute("""
                    INSERT INTO duban.plans (year, title, responsible_lead_days, content_sha256)
                    VALUES (2023, '2023年为民办实事', 3, repeat('0', 64))
                    """)
                _ = try await call(.post, "/v1/admin/plans/carry-over", token: admin,
                                   json: CarryOverRequest(fromYear: 2022, taskNumber: 9), expect: 201)
                _ = try await call(.post, "/v1/admin/plans/carry-over", token: admin,
                                   json: CarryOverRequest(fromYear: 2022, taskNumber: 99), expect: 404)
                _ = try await call(.delete, "/v1/session", token: audit, expect: 204)
                _ = try await call(.get, "/v1/me", token: audit, expect: 401)
            }
        }
        let covered = conformance.covered
        #expect(covered.count >= 48, "operations answered: \(covered.count)")
        #expect(conformance.checkedBodies >= 60, "bodies checked: \(conformance.checkedBodies)")
    }
}
