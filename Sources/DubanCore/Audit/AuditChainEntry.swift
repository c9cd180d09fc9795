import Foundation

/// One sealed entry of the audit chain, each field exactly as the chain's canonical text writes it,
/// so that a verifier outside the database can recompute the entry's link.
///
/// The rule has two homes that must agree: ``canonicalText`` here and `duban.audit_entry_text` in
/// SQL (`SQL/objects/duban.audit_entry_text.sql`); `duban admin audit verify` recomputes every link
/// with this one, and the audit drill tests fail when the two differ.
public struct AuditChainEntry: Codable, Sendable, Equatable {
    public var seq: Int64
    public var id: Int64
    /// The writing transaction's id (`xid8`) as text.
    public var xid: String
    /// When the server received the change: UTC with microseconds, `2024-03-28T01:02:03.123456Z`.
    public var receivedAt: String
    public var accountId: Int64?
    public var unitId: Int64?
    /// Lower-case UUID text.
    public var deviceId: String?
    public var action: String
    public var entityType: String
    public var entityId: String?
    /// The detail object as PostgreSQL writes `jsonb` text.
    public var detail: String
    public var clientAddress: String?
    /// The command or database role behind a change made without an account (an import, psql).
    public var actor: String?
    /// SHA-256 of the changed row's canonical text, for row entries.
    public var digest: String?
    /// The stored link: SHA-256 (hex) of the previous entry's hash, 0x1E and ``canonicalText``.
    public var hash: String

    public init(seq: Int64, id: Int64, xid: String, receivedAt: String, accountId: Int64?, unitId: Int64?, deviceId: String?,
                action: String, entityType: String, entityId: String?, detail: String, clientAddress: String?, actor: String?,
                digest: String?, hash: String) {
        self.seq = seq
        self.id = id
        self.xid = xid
        self.receivedAt = receivedAt
        self.accountId = accountId
        self.unitId = unitId
        self.deviceId = deviceId
        self.action = action
        self.entityType = entityType
        self.entityId = entityId
        self.detail = detail
        self.clientAddress = clientAddress
        self.actor = actor
        self.digest = digest
        self.hash = hash
    }

    /// The hash the chain starts from.
    public static let genesis = String(repeating: "0", count: 64)

    /// The fields joined by 0x1F, empty for a missing one; the address, actor and digest are added
    /// only when one of them is set (entries written before they existed keep their text).
    public var canonicalText: String {
        var fields = [String(seq), String(id), xid, receivedAt, accountId.map(String.init) ?? "", unitId.map(String.init) ?? "",
                      deviceId ?? "", action, entityType, entityId ?? "", detail]
        if clientAddress != nil || actor != nil || digest != nil {
            fields += [clientAddress ?? "", actor ?? "", digest ?? ""]
        }
        return fields.joined(separator: "\u{1F}")
    }

    /// What an entry's link hashes (UTF-8): the previous entry's hash, 0x1E, the entry's canonical text.
    public static func linkInput(previous: String, text: String) -> String {
        previous + "\u{1E}" + text
    }
}

/// `GET /v1/audit/chain?after_seq=&limit=`: sealed entries in chain order.
public struct AuditChainPage: Codable, Sendable, Equatable {
    public var entries: [AuditChainEntry]
    /// Pass as `after_seq` for the next page; nil when this was the last.
    public var nextAfterSeq: Int64?

    public init(entries: [AuditChainEntry], nextAfterSeq: Int64?) {
        self.entries = entries
        self.nextAfterSeq = nextAfterSeq
    }
}
