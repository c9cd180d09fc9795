import DubanCore
import Foundation
import GRDB

/// A request for more time written here and not yet on the server: waiting in the outbox, or
/// refused by the server and kept in the quarantine with its reason.
public struct LocalExtensionRequest: Codable, Sendable, Equatable {
    public var mutationId: UUID
    public var payload: ExtensionRequestPayload
    public var authoredAt: Date
    /// `pending`, `sent` (answer not yet stored) or `rejected`.
    public var status: String
    /// The server's reason, for `rejected`.
    public var rejection: LocalizedText?
}

extension LocalCache {
    // MARK: Asking for more time

    /// Asks for more time on a task's node (`requestedDueDate`), or for an exemption (`nil`): an
    /// `extension.request` mutation goes to the outbox and is sent by the next sync. Refused here what
    /// the server would refuse for sure: an empty reason, and a second request for the same task and
    /// node while one is still undecided or waiting to be sent.
    @discardableResult
    public func writeExtensionRequest(taskId: Int64, nodeId: Int64, requestedDueDate: LocalDate?, reason: String,
                                      authoredAt: Date, now: Date) throws -> (extensionId: UUID, mutationId: UUID) {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        let unit = try state().unitCode
        let undecided = try extensions(unit: unit).contains {
            $0.taskId == taskId && $0.nodeId == nodeId && $0.state == .requested
        }
        return try write { db in
            let waiting = try Self.localExtensionRequests(db).contains {
                $0.payload.taskId == taskId && $0.payload.nodeId == nodeId && $0.status != "rejected"
            }
            guard !undecided && !waiting else { throw ClientError.extensionPending }
            let payload = ExtensionRequestPayload(extensionId: UUID(), taskId: taskId, nodeId: nodeId,
                                                  requestedDueDate: requestedDueDate, reason: reason)
            let mutation = try Self.enqueueExtension(db, payload: payload, authoredAt: authoredAt, now: now)
            return (payload.extensionId, mutation)
        }
    }

    /// Adds an `extension.request` mutation to the outbox (base version 0: it creates the request).
    static func enqueueExtension(_ db: Database, payload: ExtensionRequestPayload, authoredAt: Date, now: Date) throws -> UUID {
        try enqueue(db, payload, base: 0, authoredAt: authoredAt, now: now)
    }

    /// Requests for more time written here that the server has not stored: unsent, or refused.
    public func localExtensionRequests() throws -> [LocalExtensionRequest] {
        try read { db in try Self.localExtensionRequests(db) }
    }

    static func localExtensionRequests(_ db: Database) throws -> [LocalExtensionRequest] {
        let decoder = WireJSON.decoder()
        return try Row.fetchAll(db, sql: """
            SELECT id, device_seq, payload, authored_at, status, code, message, message_zh FROM outbox
             WHERE kind = ? AND status IN ('pending', 'sent', 'rejected')
             ORDER BY device_seq
            """, arguments: [ExtensionRequestPayload.kind]).compactMap { row in
            guard let payload = try? decoder.decode(ExtensionRequestPayload.self, from: Data((row["payload"] as String).utf8))
            else { return nil }
            let code: String? = row["code"]
            return LocalExtensionRequest(
                mutationId: UUID(uuidString: row["id"])!, payload: payload,
                authoredAt: Date(timeIntervalSince1970: row["authored_at"]), status: row["status"],
                rejection: code.map { LocalizedText(en: "\($0): " + ((row["message"] as String?) ?? ""),
                                                  zh: "\($0): " + ((row["message_zh"] as String?) ?? "")) })
        }
    }
}

extension ClientError {
    static let extensionPending = ClientError(
        code: "client.extension_pending",
        message: .init(en: "a request for this task and node already waits for a decision (`duban extension list`)",
                       zh: "该任务该节点已有待决定的延期申请（见 `duban extension list`）"))
}
