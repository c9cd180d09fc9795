import DubanCore
import Foundation
import GRDB

extension LocalCache {
    /// Adds a mutation of `kind` to the outbox in the caller's transaction: the next device sequence
    /// number, the payload's exact JSON text and its SHA-256. `entityId` is what the mutation writes
    /// (a report, an extension request, an assessment sheet), kept in the outbox's `report_id` column.
    static func enqueue<Payload: Encodable>(_ db: Database, kind: String, entityId: UUID, base: Int, payload: Payload,
                                            authoredAt: Date, now: Date) throws -> UUID {
        let seq = try Int64.fetchOne(db, sql: "SELECT next_device_seq FROM state WHERE id = 1")!
        try db.execute(sql: "UPDATE state SET next_device_seq = next_device_seq + 1 WHERE id = 1")
        let text = String(decoding: try WireJSON.encoder().encode(payload), as: UTF8.self)
        let id = UUID()
        try db.execute(sql: """
            INSERT INTO outbox (id, device_seq, kind, report_id, base_version, payload, payload_sha256, authored_at, status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
            """, arguments: [id.lowercased, seq, kind, entityId.lowercased, base, text,
                             SHA256Hex.of(text), authoredAt.timeIntervalSince1970.rounded(.down), now.timeIntervalSince1970])
        return id
    }
}
