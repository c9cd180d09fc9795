import Foundation

/// The payload of an `extension.request` mutation: a unit asks for more time (works offline).
public struct ExtensionRequestPayload: MutationPayload {
    public static let mutationKind = MutationKind.extensionRequest

    /// Made by the client; names the request everywhere.
    public var extensionId: UUID
    public var taskId: Int64
    public var nodeId: Int64
    /// The day asked for; `nil` asks to be exempted from the report.
    public var requestedDueDate: LocalDate?
    public var reason: String

    public init(extensionId: UUID, taskId: Int64, nodeId: Int64, requestedDueDate: LocalDate?, reason: String) {
        self.extensionId = extensionId
        self.taskId = taskId
        self.nodeId = nodeId
        self.requestedDueDate = requestedDueDate
        self.reason = reason
    }
}

extension ExtensionRequestPayload {
    public var entityId: UUID { extensionId }

    /// The reason as the server stores it: trimmed.
    public var storedReason: String { reason.trimmingCharacters(in: .whitespacesAndNewlines) }

    public func validate() throws(RuleViolation) {
        guard !storedReason.isEmpty else {
            throw RuleViolation("extension.reason_required", en: "a request for more time needs a reason", zh: "申请延期须说明理由")
        }
        try TextLimit.check(storedReason, limit: TextLimit.extensionReason, code: "extension.reason_too_long",
                            field: LocalizedText(en: "reason", zh: "理由"))
    }
}
