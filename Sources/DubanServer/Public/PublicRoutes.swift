import DubanCore
import Foundation
import Hummingbird
import Postgres

/// The public progress page, open to anyone: `GET /public`, `GET /public/tasks/{number}` and
/// `GET /public/progress.json`, each with an optional `?year=` (the newest plan without one).
///
/// Two queries per request, in one read transaction: `duban.public_progress`, and the newest signed
/// audit checkpoint, which the page's foot prints so that a screenshot witnesses the chain's head. Answers are cacheable for a minute and
/// carry a strong ETag (the SHA-256 of the body), so `If-None-Match` gets a bodiless 304.
struct PublicRoutes: Sendable {
    let database: AppDatabase

    /// How long browsers and proxies may reuse an answer.
    static let cacheControl = "public, max-age=60"
    /// No scripts, no outside resources: the page needs only its inline style.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    func register(on routes: APIRoutes) {
        routes.add(.get, "/public", access: .anyone) { request, _ in
            guard let year = Self.year(request) else { return Self.badRequest() }
            let (progress, checkpoint) = try await load(year: year, task: nil)
            if year != nil && progress.planYear == nil { return Self.planNotFound() }
            return Self.answer(request, html: PublicPage.index(progress, year: year, checkpoint: checkpoint))
        }
        routes.add(.get, "/public/tasks/{number}", access: .anyone) { request, context in
            guard let year = Self.year(request) else { return Self.badRequest() }
            guard let number = context.parameters.get("number").flatMap({ Int($0) }), number > 0, number < Int(Int32.max) else {
                return Self.taskNotFound()
            }
            let (progress, checkpoint) = try await load(year: year, task: number)
            guard let task = progress.tasks.first else { return Self.taskNotFound() }
            return Self.answer(request, html: PublicPage.task(task, of: progress, year: year, checkpoint: checkpoint))
        }
        routes.add(.get, "/public/progress.json", access: .anyone) { request, _ in
            guard let year = Self.year(request) else {
                throw APIError.invalid("public.bad_year", en: "year must be a four-digit year", zh: "year 须为四位年份")
            }
            let (progress, _) = try await load(year: year, task: nil)
            if year != nil && progress.planYear == nil {
                throw APIError(status: .notFound, code: "public.no_plan",
                               message: .init(en: "there is no plan for \(year!)", zh: "没有 \(year!) 年的计划"))
            }
            return Self.answer(request, body: try WireJSON.encoder().encode(progress), contentType: "application/json; charset=utf-8")
        }
    }

    // MARK: - Data

    /// The plan's tasks (or the one task) from `duban.public_progress`, and the newest audit checkpoint.
    func load(year: Int?, task: Int?) async throws -> (PublicProgress, AuditCheckpoint?) {
        let (rows, checkpoint) = try await database.readTransaction(as: nil) { connection in
            let rows = try await connection.query("""
                SELECT plan_year, plan_title, task_number, title, content, completion_standard, not_applicable, lead_units,
                       percent::float8, summary, node_date::text, updated_at, light
                  FROM duban.public_progress(\(year)::integer)
                 WHERE \(task)::integer IS NULL OR task_number = \(task)::integer
                 ORDER BY task_number
                """).map(Self.decodeRow)
            var indicators: [Int: [PublicIndicator]] = [:]
            for row in try await connection.query("""
                SELECT task_number, name, measure, target::float8, done::float8, city_standard
                  FROM duban.public_indicators(\(year)::integer)
                 WHERE \(task)::integer IS NULL OR task_number = \(task)::integer
                """) {
                indicators[try row.decode(Int.self, at: 0), default: []].append(PublicIndicator(
                    name: try row.decode(String.self, at: 1), measure: try row.decode(String.self, at: 2),
                    target: try row.decode(Double.self, at: 3), done: try row.decodeIfPresent(Double.self, at: 4),
                    cityStandard: try row.decode(Bool.self, at: 5)))
            }
            var history: [Int: [PublicSummaryEntry]] = [:]
            for row in try await connection.query("""
                SELECT task_number, node_date::text, summary, accepted_at
                  FROM duban.public_summaries(\(year)::integer)
                 WHERE \(task)::integer IS NULL OR task_number = \(task)::integer
                 ORDER BY task_number, node_date DESC
                """) {
                guard let date = LocalDate(iso: try row.decode(String.self, at: 1)) else { continue }
                history[try row.decode(Int.self, at: 0), default: []].append(PublicSummaryEntry(
                    nodeDate: date, summary: try row.decode(String.self, at: 2), acceptedAt: try row.decode(Date.self, at: 3)))
            }
            let tasks = rows.map { row in
                var task = row.task
                task.indicators = indicators[task.number] ?? []
                task.history = history[task.number] ?? []
                return (year: row.year, title: row.title, task: task)
            }
            return (tasks, try await AuditCheckpoint.newest(on: connection))
        }
        return (PublicProgress(planYear: rows.first?.year, planTitle: rows.first?.title, tasks: rows.map(\.task)), checkpoint)
    }

    private static func decodeRow(_ row: PostgresRow) throws -> (year: Int, title: String, task: PublicTaskProgress) {
        let task = PublicTaskProgress(
            number: try row.decode(Int.self, at: 2), title: try row.decode(String.self, at: 3),
            content: try row.decode(String.self, at: 4), completionStandard: try row.decode(String.self, at: 5),
            notApplicable: try row.decode(Bool.self, at: 6), leadUnits: try row.decode([String].self, at: 7),
            percent: try row.decodeIfPresent(Double.self, at: 8), summary: try row.decodeIfPresent(String.self, at: 9),
            nodeDate: try row.decodeIfPresent(String.self, at: 10).flatMap(LocalDate.init(iso:)),
            updatedAt: try row.decodeIfPresent(Date.self, at: 11),
            light: try row.decodeIfPresent(String.self, at: 12).flatMap(StatusLight.init(rawValue:)))
        return (try row.decode(Int.self, at: 0), try row.decode(String.self, at: 1), task)
    }

    /// `?year=`: `.some(nil)` when absent, `nil` when malformed.
    private static func year(_ request: Request) -> Int?? {
        guard let text = request.uri.queryParameters["year"] else { return .some(nil) }
        guard text.count == 4, let year = Int(text), year >= 1000 else { return nil }
        return .some(year)
    }

    // MARK: - Answers

    /// A 200 with the caching headers, or a 304 without a body when the client holds this version.
    static func answer(_ request: Request, html: String) -> Response {
        answer(request, body: Data(html.utf8), contentType: "text/html; charset=utf-8")
    }

    static func answer(_ request: Request, body: Data, contentType: String) -> Response {
        let etag = "\"\(SHA256Digest.hex(of: body))\""
        var headers: HTTPFields = [.eTag: etag, .cacheControl: cacheControl]
        if matches(request.headers[values: .ifNoneMatch], etag: etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = contentType
        headers[.xContentTypeOptions] = "nosniff"
        if contentType.hasPrefix("text/html") { headers[.contentSecurityPolicy] = contentSecurityPolicy }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// `If-None-Match` holds `*` or a list of tags; it is compared weakly (RFC 9110 §13.1.2).
    static func matches(_ values: [String], etag: String) -> Bool {
        values.flatMap { $0.split(separator: ",") }.contains { candidate in
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == "*" || tag == etag
        }
    }

    private static func page(_ status: HTTPResponse.Status, title: String, text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .xContentTypeOptions: "nosniff",
                                           .contentSecurityPolicy: contentSecurityPolicy],
                 body: .init(byteBuffer: ByteBuffer(string: PublicPage.message(title: title, text: text))))
    }

    private static func badRequest() -> Response {
        page(.badRequest, title: "网址有误", text: "年份应为四位数字，例如 ?year=2022。")
    }

    private static func planNotFound() -> Response {
        page(.notFound, title: "未找到该年度计划", text: "没有找到该年度的为民办实事项目计划。")
    }

    private static func taskNotFound() -> Response {
        page(.notFound, title: "未找到该项目", text: "没有找到该编号的为民办实事项目。")
    }
}
