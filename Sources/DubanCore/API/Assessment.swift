import Foundation

// Year-end assessment: a lead unit scores each responsible unit per task (offline too, through
// sync); the supervision office accepts or returns each sheet and exports the table.

/// One scored criterion with its scale and weight (configuration, not code).
public struct AssessmentCriterion: Codable, Sendable, Equatable {
    public var code: String
    public var nameZh: String
    public var nameEn: String
    public var maxScore: Double
    /// Share of the total, points of 100.
    public var weight: Double
    /// `timeliness`: pre-filled from the unit's on-time rate on the task.
    public var prefill: String?

    public init(code: String, nameZh: String, nameEn: String, maxScore: Double, weight: Double, prefill: String?) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.maxScore = maxScore
        self.weight = weight
        self.prefill = prefill
    }
}

/// A sheet's review state.
public enum AssessmentState: String, Codable, Sendable, CaseIterable {
    case submitted, accepted, returned
}

/// One sheet, as the API and the change feed carry it.
public struct AssessmentRecord: Codable, Sendable, Equatable {
    public var id: UUID
    public var planYear: Int
    public var taskId: Int64
    public var taskNumber: Int
    public var unitCode: String
    public var unitName: String
    public var leadUnitCode: String
    public var scores: [String: Double]
    public var prefilled: [String: Double]
    public var reasons: [String: String]
    public var comment: String
    public var evidence: [String]
    /// Σ score ÷ max × weight, of 100.
    public var total: Double
    public var state: AssessmentState
    public var reviewNote: String?
    public var version: Int
    public var writtenBy: String
    public var writtenAt: Date
    public var reviewedAt: Date?

    public init(id: UUID, planYear: Int, taskId: Int64, taskNumber: Int, unitCode: String, unitName: String, leadUnitCode: String,
                scores: [String: Double], prefilled: [String: Double], reasons: [String: String], comment: String, evidence: [String],
                total: Double, state: AssessmentState, reviewNote: String?, version: Int, writtenBy: String, writtenAt: Date,
                reviewedAt: Date?) {
        self.id = id
        self.planYear = planYear
        self.taskId = taskId
        self.taskNumber = taskNumber
        self.unitCode = unitCode
        self.unitName = unitName
        self.leadUnitCode = leadUnitCode
        self.scores = scores
        self.prefilled = prefilled
        self.reasons = reasons
        self.comment = comment
        self.evidence = evidence
        self.total = total
        self.state = state
        self.reviewNote = reviewNote
        self.version = version
        self.writtenBy = writtenBy
        self.writtenAt = writtenAt
        self.reviewedAt = reviewedAt
    }

    /// The weighted total of `scores` under `criteria`, rounded to 2 decimals.
    public static func total(_ scores: [String: Double], criteria: [AssessmentCriterion]) -> Double {
        let sum = criteria.reduce(0.0) { sum, criterion in sum + (scores[criterion.code] ?? 0) / criterion.maxScore * criterion.weight }
        return (sum * 100).rounded() / 100
    }
}

/// `GET /v1/assessments`: the criteria of the plan and the sheets the caller may see.
public struct AssessmentTable: Codable, Sendable, Equatable {
    public var planYear: Int
    public var criteria: [AssessmentCriterion]
    public var assessments: [AssessmentRecord]

    public init(planYear: Int, criteria: [AssessmentCriterion], assessments: [AssessmentRecord]) {
        self.planYear = planYear
        self.criteria = criteria
        self.assessments = assessments
    }
}

/// `POST /v1/supervision/assessments/{id}/review`.
public struct AssessmentReviewRequest: Codable, Sendable, Equatable {
    public var decision: ReviewDecision
    /// Required for a return.
    public var note: String?

    public init(decision: ReviewDecision, note: String? = nil) {
        self.decision = decision
        self.note = note
    }
}
