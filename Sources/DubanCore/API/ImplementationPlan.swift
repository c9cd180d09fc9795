import Foundation

/// A lead unit's implementation plan (实施方案) for a task, whole, with its history, as the client
/// holds it (`ReferenceData.implementationPlans`). Responsible units of the task receive only its
/// accepted revision.
public struct ImplementationPlanRecord: Codable, Sendable, Equatable {
    /// One stored revision.
    public struct Revision: Codable, Sendable, Equatable {
        public var revision: Int
        public var measures: String
        public var steps: [ImplementationStep]
        public var splits: [ProposedSplit]
        public var evidence: [String]?
        public var reason: String?
        public var accountLogin: String
        public var authoredAt: Date
        public var receivedAt: Date

        public init(revision: Int, measures: String, steps: [ImplementationStep], splits: [ProposedSplit], evidence: [String]?,
                    reason: String?, accountLogin: String, authoredAt: Date, receivedAt: Date) {
            self.revision = revision
            self.measures = measures
            self.steps = steps
            self.splits = splits
            self.evidence = evidence
            self.reason = reason
            self.accountLogin = accountLogin
            self.authoredAt = authoredAt
            self.receivedAt = receivedAt
        }
    }

    /// One decision of the supervision office.
    public struct Review: Codable, Sendable, Equatable {
        public var revision: Int
        public var decision: ReviewDecision
        public var reason: String?
        public var reviewerLogin: String
        public var decidedAt: Date

        public init(revision: Int, decision: ReviewDecision, reason: String?, reviewerLogin: String, decidedAt: Date) {
            self.revision = revision
            self.decision = decision
            self.reason = reason
            self.reviewerLogin = reviewerLogin
            self.decidedAt = decidedAt
        }
    }

    public var id: UUID
    public var taskId: Int64
    public var unitCode: String
    /// The newest revision's number.
    public var version: Int
    /// Where the newest revision stands.
    public var state: ReviewState
    /// The newest accepted revision's number, nil when none was accepted.
    public var acceptedRevision: Int?
    public var revisions: [Revision]
    public var reviews: [Review]

    public init(id: UUID, taskId: Int64, unitCode: String, version: Int, state: ReviewState, acceptedRevision: Int?,
                revisions: [Revision], reviews: [Review]) {
        self.id = id
        self.taskId = taskId
        self.unitCode = unitCode
        self.version = version
        self.state = state
        self.acceptedRevision = acceptedRevision
        self.revisions = revisions
        self.reviews = reviews
    }

    /// The accepted revision, what 序时进度 follows.
    public var accepted: Revision? {
        acceptedRevision.flatMap { number in revisions.first { $0.revision == number } }
    }

    /// The newest revision.
    public var newest: Revision? { revisions.max { $0.revision < $1.revision } }
}
