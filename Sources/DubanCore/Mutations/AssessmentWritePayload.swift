import Foundation

/// The payload of an `assessment.write` mutation: the whole sheet. The envelope's `base_version` is
/// 0 for a new sheet, else the version it revises.
public struct AssessmentWritePayload: MutationPayload {
    public static let mutationKind = MutationKind.assessmentWrite

    public var assessmentId: UUID
    public var taskId: Int64
    /// The responsible unit scored.
    public var unitCode: String
    /// Criterion code → score. A pre-filled criterion left out takes the server's pre-filled score.
    public var scores: [String: Double]
    /// Criterion code → why a pre-filled score was changed.
    public var reasons: [String: String]
    public var comment: String
    /// SHA-256 of evidence already on the server (uploaded with a report or on its own).
    public var evidence: [String]

    public init(assessmentId: UUID, taskId: Int64, unitCode: String, scores: [String: Double], reasons: [String: String] = [:],
                comment: String = "", evidence: [String] = []) {
        self.assessmentId = assessmentId
        self.taskId = taskId
        self.unitCode = unitCode
        self.scores = scores
        self.reasons = reasons
        self.comment = comment
        self.evidence = evidence
    }
}

extension AssessmentWritePayload {
    public var entityId: UUID { assessmentId }

    /// The rules that need no criteria: texts within their limits, scores finite and not negative,
    /// evidence named by hash. The criteria's own rules are `check(criteria:prefilled:)`.
    public func validate() throws(RuleViolation) {
        let texts = [comment] + reasons.sorted(by: { $0.key < $1.key }).map(\.value)
        for text in texts {
            try TextLimit.check(text, limit: TextLimit.assessmentComment, code: "assessment.text_too_long",
                                field: LocalizedText(en: "comment or reason", zh: "评语或理由"))
        }
        if let (code, _) = scores.sorted(by: { $0.key < $1.key }).first(where: { !$0.value.isFinite || $0.value < 0 }) {
            throw RuleViolation("assessment.score_out_of_range", en: "\(code) must be a number not below 0",
                                zh: "「\(code)」的分数须为不小于 0 的数")
        }
        try EvidenceHash.check(evidence)
    }
}

extension AssessmentWritePayload {
    /// A pre-filled score is the figure unless it differs by more than this.
    public static let prefillTolerance = 0.005

    /// The sheet checked against its plan's criteria: no unknown criterion, every criterion scored
    /// within its scale, a pre-filled figure changed only with a reason. Returns the sheet's scores
    /// and reasons as they are stored: a pre-filled criterion left out (or given its figure) takes
    /// the figure, and only reasons for changed figures are kept.
    ///
    /// - Parameter prefilled: the pre-filled figures by criterion code. The server passes its own;
    ///   a client passes those it holds, and a pre-filled criterion without a figure there is left
    ///   for the server to fill (not checked for a reason).
    public func checked(against criteria: [AssessmentCriterion], prefilled: [String: Double]) throws(RuleViolation)
        -> (scores: [String: Double], reasons: [String: String])
    {
        let known = Set(criteria.map(\.code))
        if let unknown = (Array(scores.keys) + Array(reasons.keys)).sorted().first(where: { !known.contains($0) }) {
            let list = criteria.map(\.code)
            throw RuleViolation("assessment.unknown_criterion",
                                en: "no criterion \(unknown) in this plan's assessment (criteria: \(list.joined(separator: ", ")))",
                                zh: "本年度考核没有 \(unknown) 这一项（考核项：\(list.joined(separator: "、"))）")
        }
        var stored = scores
        var storedReasons: [String: String] = [:]
        for criterion in criteria {
            if criterion.prefill != nil {
                if let figure = prefilled[criterion.code] {
                    if let given = stored[criterion.code], abs(given - figure) > Self.prefillTolerance {
                        let reason = reasons[criterion.code]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                        guard !reason.isEmpty else {
                            throw RuleViolation("assessment.reason_required",
                                                en: "\(criterion.code) is pre-filled as \(figure) from the unit's on-time rate; changing it needs a reason",
                                                zh: "「\(criterion.nameZh)」按按时报送率预填为 \(figure) 分，修改须说明理由")
                        }
                        storedReasons[criterion.code] = reason
                    } else {
                        stored[criterion.code] = figure
                    }
                } else if stored[criterion.code] == nil {
                    continue
                }
            }
            guard let score = stored[criterion.code] else {
                throw RuleViolation("assessment.score_missing", en: "give a score for \(criterion.code) (\(criterion.nameEn))",
                                    zh: "请为「\(criterion.nameZh)」评分")
            }
            guard score.isFinite, (0...criterion.maxScore).contains(score) else {
                throw RuleViolation("assessment.score_out_of_range",
                                    en: "\(criterion.code) must be between 0 and \(criterion.maxScore)",
                                    zh: "「\(criterion.nameZh)」的分数须在 0 到 \(criterion.maxScore) 之间")
            }
        }
        return (stored, storedReasons)
    }
}
