import DubanCore
import Foundation

extension APIClient {
    /// The most entries asked for in one page (the server allows 1 to 1000).
    static let auditPageSize = 1000

    /// `GET /v1/audit`: one page of entries, oldest first.
    public func auditPage(_ query: AuditQuery) async throws -> AuditList {
        try await send(.GET, ["v1", "audit"], query: query.items)
    }

    /// Up to `limit` entries matching `query`, following `next_after_id` page by page. The answer's
    /// `next_after_id` is where to go on from (nil when nothing more matched).
    public func audit(_ query: AuditQuery, limit: Int) async throws -> AuditList {
        var query = query
        var entries: [AuditEntry] = []
        while true {
            query.limit = min(limit - entries.count, Self.auditPageSize)
            let page = try await auditPage(query)
            let taken = page.entries.prefix(limit - entries.count)
            entries += taken
            if taken.count < page.entries.count {
                // The server sent more than asked for: go on after the last one shown.
                return AuditList(entries: entries, nextAfterId: taken.last?.id ?? query.afterId)
            }
            // Stop at the last page, and at a page that would not move the cursor (rather than loop).
            guard let next = page.nextAfterId, !page.entries.isEmpty, next != query.afterId, entries.count < limit else {
                return AuditList(entries: entries, nextAfterId: page.nextAfterId)
            }
            query.afterId = next
        }
    }

    /// `GET /v1/audit/verify`: the server recomputes the hash chain.
    public func verifyAudit() async throws -> AuditVerification {
        try await send(.GET, ["v1", "audit", "verify"])
    }

    /// `GET /v1/audit/chain`: every sealed entry, in chain order, page by page.
    public func auditChain() async throws -> [AuditChainEntry] {
        var entries: [AuditChainEntry] = []
        var after: Int64 = 0
        while true {
            let page: AuditChainPage = try await send(.GET, ["v1", "audit", "chain"],
                                                      query: [("after_seq", String(after)), ("limit", "5000")])
            entries += page.entries
            guard let next = page.nextAfterSeq, next > after, !page.entries.isEmpty else { return entries }
            after = next
        }
    }

    /// `GET /v1/audit/checkpoints`: the signed heads and the key the server signs with.
    public func auditCheckpoints() async throws -> AuditCheckpointList {
        try await send(.GET, ["v1", "audit", "checkpoints"])
    }
}
