import DubanCore
import Foundation
import Hummingbird

/// The supervision office's API, `/v1/supervision/…`: the overview of a node, urges, graded orders,
/// extension decisions, circulars and inspections. The office (role `supervisor`) writes; oversight
/// reads. Units never call these: what concerns them reaches them through `/v1/sync`.
struct SupervisionRoutes: Sendable {
    let database: AppDatabase
    let clock: ServerClock

    static let readers = Access.roles([.supervisor, .oversight])
    static let office = Access.roles([.supervisor])

    func register(on routes: APIRoutes) {
        let service = SupervisionService(database: database, clock: clock)
        routes.add(.get, "/v1/supervision/overview", access: Self.readers) { request, _, identity in
            let query = request.uri.queryParameters
            return try await service.overview(year: try Self.year(query["year"].map(String.init)),
                                              node: try Self.date(query["node"].map(String.init), field: "node"), identity: identity)
        }
        routes.add(.get, "/v1/supervision/records", access: Self.readers) { _, _, identity in
            try await service.records(identity: identity)
        }
        routes.add(.post, "/v1/supervision/urges", access: Self.office) { request, context, identity in
            let body = try await request.decodeStrict(UrgeRequest.self, context: context)
            return EditedResponse(status: .created, response: try await service.urge(body, identity: identity))
        }
        routes.add(.post, "/v1/supervision/orders", access: Self.office) { request, context, identity in
            let body = try await request.decodeStrict(OrderRequest.self, context: context)
            return EditedResponse(status: .created, response: try await service.issueOrder(body, identity: identity))
        }
        routes.add(.post, "/v1/supervision/orders/{id}/escalate", access: Self.office) { request, context, identity in
            let body = try await request.decodeStrict(OrderRequest.self, context: context)
            return try await service.escalateOrder(id: try Self.id(context), note: body.note, identity: identity)
        }
        routes.add(.post, "/v1/supervision/orders/{id}/close", access: Self.office) { request, context, identity in
            let body = try await request.decodeStrict(OrderRequest.self, context: context)
            return try await service.closeOrder(id: try Self.id(context), note: body.note, identity: identity)
        }
        routes.add(.post, "/v1/supervision/extensions/{id}/decision", access: Self.office) { request, context, identity in
            guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw APIError.badField("id") }
            let body = try await request.decodeStrict(ExtensionDecisionRequest.self, context: context)
            return try await service.decideExtension(id: id, body, identity: identity)
        }
        routes.add(.get, "/v1/supervision/circulars", access: Self.readers) { _, _, identity in
            try await service.circulars(identity: identity)
        }
        routes.add(.post, "/v1/supervision/circulars", access: Self.office) { request, context, identity in
            let body = try await request.decodeStrict(CircularDraftRequest.self, context: context)
            return EditedResponse(status: .created, response: try await service.draftCircular(body, identity: identity))
        }
        routes.add(.get, "/v1/supervision/circulars/{id}", access: Self.readers) { _, context, identity in
            try await service.circular(id: try Self.id(context), identity: identity)
        }
        routes.add(.put, "/v1/supervision/circulars/{id}", access: Self.office, maxBodyBytes: 1 << 20) { request, context, identity in
            let body = try await request.decodeStrict(CircularEditRequest.self, context: context, limit: 1 << 20)
            return try await service.editCircular(id: try Self.id(context), body, identity: identity)
        }
        routes.add(.post, "/v1/supervision/circulars/{id}/issue", access: Self.office, maxBodyBytes: 0) { _, context, identity in
            try await service.issueCircular(id: try Self.id(context), identity: identity)
        }
        routes.add(.post, "/v1/supervision/inspections", access: Self.office, maxBodyBytes: 256 * 1024) { request, context, identity in
            let body = try await request.decodeStrict(InspectionRequest.self, context: context, limit: 256 * 1024)
            return EditedResponse(status: .created, response: try await service.addInspection(body, identity: identity))
        }
        routes.add(.post, "/v1/supervision/inspections/{id}/progress", access: Self.office, maxBodyBytes: 256 * 1024) { request, context, identity in
            let body = try await request.decodeStrict(InspectionNoteRequest.self, context: context, limit: 256 * 1024)
            return try await service.noteInspection(id: try Self.id(context), action: .progress, note: body.note, identity: identity)
        }
        routes.add(.post, "/v1/supervision/inspections/{id}/close", access: Self.office, maxBodyBytes: 256 * 1024) { request, context, identity in
            let body = try await request.decodeStrict(InspectionNoteRequest.self, context: context, limit: 256 * 1024)
            return try await service.noteInspection(id: try Self.id(context), action: .closed, note: body.note, identity: identity)
        }
    }

    static func id(_ context: DubanRequestContext) throws -> Int64 {
        guard let id = Int64(try context.parameters.require("id")), id > 0 else { throw APIError.badField("id") }
        return id
    }

    static func date(_ text: String?, field: String) throws -> LocalDate? {
        guard let text, !text.isEmpty else { return nil }
        guard let date = LocalDate(iso: text) else {
            throw APIError.invalid("bad_date", en: "\(field) must be a date like 2022-06-30", zh: "\(field) 须为日期，如 2022-06-30")
        }
        return date
    }

    static func year(_ text: String?) throws -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard let year = Int(text), (2000...2200).contains(year) else { throw APIError.badField("year") }
        return year
    }
}
