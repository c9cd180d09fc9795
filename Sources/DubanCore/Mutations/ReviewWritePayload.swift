import Foundation

/// The payload of a `review.write` mutation.
public struct ReviewWritePayload: MutationPayload {
    public static let mutationKind = MutationKind.reviewWrite

    public var reportId: UUID
    /// The revision reviewed: it must be the report's current head.
    public var revision: Int
    public var decision: ReviewDecision
    public var reason: String?

    public init(reportId: UUID, revision: Int, decision: ReviewDecision, reason: String? = nil) {
        self.reportId = reportId
        self.revision = revision
        self.decision = decision
        self.reason = reason
    }
}

extension ReviewWritePayload {
    public var entityId: UUID { reportId }

    /// The reason as the server stores it: trimmed, nil when nothing is left.
    public var storedReason: String? {
        guard let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    public func validate() throws(RuleViolation) {
        guard revision >= 0 else {
            throw RuleViolation("review.bad_revision", en: "the revision reviewed cannot be negative", zh: "审核的修订号不能为负数")
        }
        if decision == .return && storedReason == nil {
            throw RuleViolation("review.reason_required", en: "a return needs a reason", zh: "退回须说明理由")
        }
        if let reason = storedReason {
            try TextLimit.check(reason, limit: TextLimit.reviewReason, code: "review.reason_too_long",
                                field: LocalizedText(en: "reason", zh: "理由"))
        }
    }
}
