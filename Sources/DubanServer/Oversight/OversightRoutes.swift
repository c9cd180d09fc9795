import DubanCore
import Foundation
import Hummingbird

/// `GET /v1/oversight/{progress,completeness,timeliness,overdue,lights}`: read-only views for
/// oversight users and the supervision office. `?year=` picks the plan (default the newest),
/// `?node=DATE` one node, `?unit=CODE` one unit, where the view takes them.
struct OversightRoutes: Sendable {
    let database: AppDatabase
    let clock: ServerClock

    static let readers = Access.roles([.oversight, .supervisor])

    func register(on routes: APIRoutes) {
        let service = OversightService(database: database, clock: clock)
        let assessments = AssessmentService(database: database, clock: clock)
        // Sheets: the office and oversight see all; a lead unit's staff see the sheets they wrote.
        routes.add(.get, "/v1/assessments", access: .roles([.oversight, .supervisor, .staff])) { request, _, identity in
            try await assessments.table(year: try Self.query(request).year, identity: identity)
        }
        routes.add(.post, "/v1/supervision/assessments/{id}/review", access: SupervisionRoutes.office) { request, context, identity in
            guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw APIError.badField("id") }
            let body = try await request.decodeStrict(AssessmentReviewRequest.self, context: context)
            return try await assessments.review(id: id, body, identity: identity)
        }
        routes.add(.get, "/v1/oversight/progress", access: Self.readers) { request, _, identity in
            let query = try Self.query(request)
            return try await service.answer(year: query.year, node: query.node, identity: identity) { facts, node, now in
                facts.progressRows(now: now, node: node)
            }
        }
        routes.add(.get, "/v1/oversight/completeness", access: Self.readers) { request, _, identity in
            let query = try Self.query(request)
            return try await service.answer(year: query.year, node: nil, identity: identity) { facts, _, now in
                facts.completenessRows(now: now)
            }
        }
        routes.add(.get, "/v1/oversight/timeliness", access: Self.readers) { request, _, identity in
            let query = try Self.query(request)
            return try await service.answer(year: query.year, node: query.node, identity: identity) { facts, node, now in
                facts.timelinessRows(now: now, node: node, unit: query.unit)
            }
        }
        routes.add(.get, "/v1/oversight/overdue", access: Self.readers) { request, _, identity in
            let query = try Self.query(request)
            return try await service.answer(year: query.year, node: query.node, identity: identity) { facts, node, now in
                facts.overdueRows(now: now, node: node, unit: query.unit)
            }
        }
        routes.add(.get, "/v1/oversight/indicators", access: Self.readers) { request, _, identity in
            let query = try Self.query(request)
            let parameters = request.uri.queryParameters
            let task = try parameters["task"].map { text -> Int in
                guard let number = Int(String(text)), number > 0 else { throw APIError.badField("task") }
                return number
            }
            return try await service.indicators(year: query.year,
                                                date: try SupervisionRoutes.date(parameters["date"].map(String.init), field: "date"),
                                                task: task, unit: query.unit, identity: identity)
        }
        routes.add(.get, "/v1/oversight/lights", access: Self.readers) { request, _, identity in
            let query = try Self.query(request)
            return try await service.answer(year: query.year, node: nil, identity: identity) { facts, _, now in
                facts.lightRows(now: now, unit: query.unit)
            }
        }
    }

    struct Query: Sendable {
        var year: Int?
        var node: LocalDate?
        var unit: String?
    }

    static func query(_ request: Request) throws -> Query {
        let parameters = request.uri.queryParameters
        let unit = parameters["unit"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        return Query(year: try SupervisionRoutes.year(parameters["year"].map(String.init)),
                     node: try SupervisionRoutes.date(parameters["node"].map(String.init), field: "node"), unit: unit)
    }
}

extension OversightAnswer: ResponseEncodable {}
extension AssessmentTable: ResponseEncodable {}
extension AssessmentRecord: ResponseEncodable {}
