import Foundation

// Bodies of Duban's HTTP API (`/v1/...`), shared by duban-server and duban.
// On the wire: snake_case keys (WireJSON), ISO-8601 UTC times.

/// One entry of the audit trail.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var id: Int64
    /// Position in the hash chain; nil until the sealer has chained the entry (seconds).
    public var seq: Int64?
    /// When the server received the change.
    public var receivedAt: Date
    public var accountLogin: String?
    public var unitCode: String?
    public var deviceId: UUID?
    /// What happened, e.g. `account.create`, `session.create`, `unit.disable`.
    public var action: String
    public var entityType: String
    public var entityId: String?
    /// Details as a JSON object rendered to text (never passwords or tokens).
    public var detail: String
    public var hash: String?

    public init(id: Int64, seq: Int64?, receivedAt: Date, accountLogin: String?, unitCode: String?, deviceId: UUID?,
                action: String, entityType: String, entityId: String?, detail: String, hash: String?) {
        self.id = id
        self.seq = seq
        self.receivedAt = receivedAt
        self.accountLogin = accountLogin
        self.unitCode = unitCode
        self.deviceId = deviceId
        self.action = action
        self.entityType = entityType
        self.entityId = entityId
        self.detail = detail
        self.hash = hash
    }
}

/// `GET /v1/audit?unit=&account=&entity_type=&entity_id=&since=&until=&after_id=&limit=` (newest last).
public struct AuditList: Codable, Sendable, Equatable {
    public var entries: [AuditEntry]
    /// Pass as `after_id` for the next page; nil when this was the last.
    public var nextAfterId: Int64?

    public init(entries: [AuditEntry], nextAfterId: Int64?) {
        self.entries = entries
        self.nextAfterId = nextAfterId
    }
}

/// `GET /v1/audit/verify`: the hash chain checked from its first entry.
public struct AuditVerification: Codable, Sendable, Equatable {
    public var ok: Bool
    /// Entries whose hash was recomputed.
    public var checked: Int64
    /// The first entry whose content, order or link does not match; nil when `ok`.
    public var firstBroken: BrokenAuditEntry?
    /// Entries written but not chained yet (a transaction that was still open held the sealer back).
    public var pending: Int64?
    /// The checkpoints' state: `signed`, `unsigned` (the server has no key file) or `broken`
    /// (see ``AuditCheckpointList/status``).
    public var checkpoints: String?

    public init(ok: Bool, checked: Int64, firstBroken: BrokenAuditEntry?, pending: Int64? = nil, checkpoints: String? = nil) {
        self.ok = ok
        self.checked = checked
        self.firstBroken = firstBroken
        self.pending = pending
        self.checkpoints = checkpoints
    }
}

/// Where the audit chain breaks.
public struct BrokenAuditEntry: Codable, Sendable, Equatable {
    public var id: Int64?
    public var seq: Int64
    /// `hash_mismatch`, `missing_entry` or `link_mismatch`.
    public var reason: String

    public init(id: Int64?, seq: Int64, reason: String) {
        self.id = id
        self.seq = seq
        self.reason = reason
    }
}
