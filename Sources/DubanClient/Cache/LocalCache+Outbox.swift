import DubanCore
import Foundation
import GRDB

extension LocalCache {
    /// Adds a mutation to the outbox in the caller's transaction, once its payload passes the rules
    /// the server applies to it (`MutationPayload.validate()`): what is saved here is what the server
    /// accepts. Takes the next device sequence number and stores the payload's exact JSON text and
    /// its SHA-256; `entity_id` is what the mutation writes (a report, an extension request, an
    /// assessment sheet).
    static func enqueue<Payload: MutationPayload>(_ db: Database, _ payload: Payload, base: Int, authoredAt: Date,
                                                  now: Date) throws -> UUID {
        let text = try payload.payloadText()
        do {
            try payload.validate()
            try Payload.checkSize(payloadText: text)
        } catch {
            throw ClientError(violation: error)
        }
        let seq = try Int64.fetchOne(db, sql: "SELECT next_device_seq FROM state WHERE id = 1")!
        try db.execute(sql: "UPDATE state SET next_device_seq = next_device_seq + 1 WHERE id = 1")
        let id = UUID()
        // The wire carries whole seconds; store what the server will echo.
        try db.execute(sql: """
            INSERT INTO outbox (id, device_seq, kind, entity_id, base_version, payload, payload_sha256, authored_at, status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
            """, arguments: [id.lowercased, seq, Payload.kind, payload.entityId.lowercased, base, text,
                             SHA256Hex.of(text), authoredAt.timeIntervalSince1970.rounded(.down), now.timeIntervalSince1970])
        return id
    }
}

extension ClientError {
    /// A rule the payload breaks, with the code and sentence the server would answer.
    public init(violation: RuleViolation) {
        self.init(code: violation.code, message: violation.message)
    }

    /// This error with a hint after its sentence.
    func withHint(_ hint: LocalizedText?) -> ClientError {
        guard let hint else { return self }
        var error = self
        error.message = LocalizedText(en: "\(message.en); \(hint.en)", zh: "\(message.zh)；\(hint.zh)")
        return error
    }
}
