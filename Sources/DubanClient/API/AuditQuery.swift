import Foundation

/// The filters of `GET /v1/audit`; nil means "any".
public struct AuditQuery: Sendable, Equatable {
    public var unit: String?
    public var account: String?
    public var entityType: String?
    public var entityId: String?
    public var since: Date?
    public var until: Date?
    /// Entries after this id (the previous page's `next_after_id`).
    public var afterId: Int64?
    /// At most this many entries in one page (the server may answer fewer).
    public var limit: Int?

    public init(unit: String? = nil, account: String? = nil, entityType: String? = nil, entityId: String? = nil,
                since: Date? = nil, until: Date? = nil, afterId: Int64? = nil, limit: Int? = nil) {
        self.unit = unit
        self.account = account
        self.entityType = entityType
        self.entityId = entityId
        self.since = since
        self.until = until
        self.afterId = afterId
        self.limit = limit
    }

    /// The query string's names and values, in the API's spelling.
    var items: [(String, String?)] {
        let format = Date.ISO8601FormatStyle(includingFractionalSeconds: false, timeZone: .gmt)
        return [
            ("unit", unit), ("account", account), ("entity_type", entityType), ("entity_id", entityId),
            ("since", since.map { $0.formatted(format) }), ("until", until.map { $0.formatted(format) }),
            ("after_id", afterId.map(String.init)), ("limit", limit.map(String.init)),
        ]
    }
}
