import DubanCore
import Foundation
import Hummingbird

/// The audit trail: `/v1/audit` (filtered listing), `/v1/audit/verify` (the database recomputes the
/// hash chain), `/v1/audit/chain` (the sealed entries, for a verifier to recompute) and
/// `/v1/audit/checkpoints` (the signed heads and the server's public key).
struct AuditRoutes: Sendable {
    let service: AuditService

    init(database: AppDatabase, checkpointer: AuditCheckpointer) {
        service = AuditService(database: database, checkpointer: checkpointer)
    }

    func register(on routes: APIRoutes) {
        routes.add(.get, "/v1/audit", access: .roles([.admin, .supervisor, .oversight])) { request, _, identity in
            let query = request.uri.queryParameters
            func text(_ name: String) -> String? { query[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
            func date(_ name: String) throws -> Date? {
                guard let value = text(name) else { return nil }
                guard let date = try? Date(value, strategy: .iso8601) else {
                    throw APIError.invalid("audit.bad_time", en: "\(name) must be an ISO-8601 time", zh: "\(name) 须为 ISO-8601 时间")
                }
                return date
            }
            func int(_ name: String, default value: Int64, range: ClosedRange<Int64>) throws -> Int64 {
                guard let text = text(name) else { return value }
                guard let number = Int64(text), range.contains(number) else {
                    throw APIError.invalid("audit.bad_number", en: "\(name) must be a number in \(range)",
                                           zh: "\(name) 须为 \(range) 范围内的数字")
                }
                return number
            }
            let filter = AuditService.Filter(unit: text("unit"), account: text("account"), entityType: text("entity_type"),
                                             entityID: text("entity_id"), since: try date("since"), until: try date("until"),
                                             afterID: try int("after_id", default: 0, range: 0...Int64.max),
                                             limit: try int("limit", default: 100, range: 1...1000))
            return try await service.list(filter, identity: identity)
        }
        routes.add(.get, "/v1/audit/verify", access: .roles([.admin, .supervisor, .oversight])) { _, context, identity in
            try await service.verify(identity: identity, logger: context.logger)
        }
        routes.add(.get, "/v1/audit/chain", access: .roles([.admin, .supervisor, .oversight])) { request, _, identity in
            let query = request.uri.queryParameters
            func int(_ name: String, default value: Int64, range: ClosedRange<Int64>) throws -> Int64 {
                guard let text = query[Substring(name)].map(String.init), !text.isEmpty else { return value }
                guard let number = Int64(text), range.contains(number) else {
                    throw APIError.invalid("audit.bad_number", en: "\(name) must be a number in \(range)",
                                           zh: "\(name) 须为 \(range) 范围内的数字")
                }
                return number
            }
            return try await service.chain(afterSeq: try int("after_seq", default: 0, range: 0...Int64.max),
                                           limit: try int("limit", default: 1000, range: 1...5000), identity: identity)
        }
        routes.add(.get, "/v1/audit/checkpoints", access: .roles([.admin, .supervisor, .oversight])) { _, _, identity in
            try await service.checkpoints(identity: identity)
        }
    }
}
