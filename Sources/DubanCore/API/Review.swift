import Foundation

// Review by the lead unit: a `review.write` mutation through `POST /v1/sync`, so a lead unit can
// review offline too; the decision reaches the reviewed unit through the change feed.

/// Accept or return.
public enum ReviewDecision: String, Codable, Sendable, CaseIterable {
    case accept
    /// Back to the unit, which revises and resubmits; needs a reason.
    case `return`
}

/// Where a report stands with its lead unit.
public enum ReviewState: String, Codable, Sendable, CaseIterable {
    /// Waiting for the lead unit (also after a resubmission).
    case submitted
    /// Accepted: the report is locked for that node.
    case accepted
    /// Returned with a reason: the unit revises and resubmits.
    case returned
}

/// One review, as the change feed carries it.
public struct ReviewRecord: Codable, Sendable, Equatable {
    public var reportId: UUID
    public var taskId: Int64
    public var unitCode: String
    public var revision: Int
    public var decision: ReviewDecision
    public var reason: String?
    public var reviewerLogin: String
    public var reviewerUnitCode: String
    public var authoredAt: Date
    public var receivedAt: Date
    /// The report's review state after this decision.
    public var reviewState: ReviewState

    public init(reportId: UUID, taskId: Int64, unitCode: String, revision: Int, decision: ReviewDecision, reason: String?,
                reviewerLogin: String, reviewerUnitCode: String, authoredAt: Date, receivedAt: Date, reviewState: ReviewState) {
        self.reportId = reportId
        self.taskId = taskId
        self.unitCode = unitCode
        self.revision = revision
        self.decision = decision
        self.reason = reason
        self.reviewerLogin = reviewerLogin
        self.reviewerUnitCode = reviewerUnitCode
        self.authoredAt = authoredAt
        self.receivedAt = receivedAt
        self.reviewState = reviewState
    }
}
