import Foundation

/// The payload of an `implementation.review` mutation: the supervision office accepts or returns
/// one revision of a lead unit's implementation plan, like a report.
public struct ImplementationReviewPayload: MutationPayload {
    public static let mutationKind = MutationKind.implementationReview

    public var implementationId: UUID
    /// The revision decided on: it must be the plan's newest.
    public var revision: Int
    public var decision: ReviewDecision
    public var reason: String?

    public init(implementationId: UUID, revision: Int, decision: ReviewDecision, reason: String? = nil) {
        self.implementationId = implementationId
        self.revision = revision
        self.decision = decision
        self.reason = reason
    }
}

extension ImplementationReviewPayload {
    public var entityId: UUID { implementationId }

    public var storedReason: String? {
        guard let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    public func validate() throws(RuleViolation) {
        // The same rules as a report's review.
        try ReviewWritePayload(reportId: implementationId, revision: revision, decision: decision, reason: reason).validate()
    }
}
