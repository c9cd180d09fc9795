import Foundation

/// The payload of a `report.write` mutation: the whole content of the new revision.
public struct ReportWritePayload: MutationPayload {
    public static let mutationKind = MutationKind.reportWrite

    /// The report (made by the client for a new report).
    public var reportId: UUID
    public var taskId: Int64
    public var nodeId: Int64
    public var text: String
    /// Measured quantities for the task's targets, e.g. `["communities_completed": 32]`.
    public var quantities: [String: Double]
    /// Overall progress, 0–100.
    public var percent: Double?
    /// SHA-256 (hex) of each evidence file, uploaded before this mutation is sent.
    public var evidence: [String]?
    /// What a lead unit marks for the public progress page; shown only once the office accepts the report.
    public var publicSummary: String?
    /// Difficulties needing coordination (存在问题及需协调事项).
    public var difficulties: String?

    public init(reportId: UUID, taskId: Int64, nodeId: Int64, text: String, quantities: [String: Double] = [:],
                percent: Double? = nil, evidence: [String]? = nil, publicSummary: String? = nil, difficulties: String? = nil) {
        self.reportId = reportId
        self.taskId = taskId
        self.nodeId = nodeId
        self.text = text
        self.quantities = quantities
        self.percent = percent
        self.evidence = evidence
        self.publicSummary = publicSummary
        self.difficulties = difficulties
    }
}

extension ReportWritePayload {
    /// The most quantities one revision may carry.
    public static let maxQuantities = 50

    public var entityId: UUID { reportId }

    /// The public summary as the server stores it: trimmed, nil when nothing is left.
    public var storedPublicSummary: String? {
        guard let trimmed = publicSummary?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// The difficulties as the server stores them: trimmed, nil when nothing is left.
    public var storedDifficulties: String? {
        guard let trimmed = difficulties?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// The rules that need the task: each value names one of the task's indicators (when it has
    /// any) and is a finite number of zero or more.
    public func checked(taskNumber: Int, indicators: [Indicator]) throws(RuleViolation) {
        try IndicatorRules.checkValues(quantities, taskNumber: taskNumber, indicators: indicators)
    }

    public func validate() throws(RuleViolation) {
        try TextLimit.check(text, limit: TextLimit.reportText, code: "report.text_too_long",
                            field: LocalizedText(en: "report text", zh: "报告正文"))
        if let percent, !percent.isFinite || !(0...100).contains(percent) {
            throw RuleViolation("report.bad_percent", en: "the percentage must be between 0 and 100", zh: "完成百分比须在 0 到 100 之间")
        }
        guard quantities.count <= Self.maxQuantities else {
            throw RuleViolation("report.too_many_quantities", en: "at most \(Self.maxQuantities) quantities",
                                zh: "数量指标最多 \(Self.maxQuantities) 项")
        }
        for (name, value) in quantities.sorted(by: { $0.key < $1.key }) where !QuantityName.isValid(name) || !value.isFinite {
            throw QuantityName.violation(name)
        }
        for (name, value) in quantities.sorted(by: { $0.key < $1.key }) {
            try IndicatorRules.checkValue(value, indicator: name)
        }
        if let difficulties = storedDifficulties {
            try TextLimit.check(difficulties, limit: TextLimit.reportDifficulties, code: "report.difficulties_too_long",
                                field: LocalizedText(en: "difficulties", zh: "存在问题及需协调事项"))
        }
        if let summary = storedPublicSummary {
            try TextLimit.check(summary, limit: TextLimit.publicSummary, code: "report.summary_too_long",
                                field: LocalizedText(en: "public summary", zh: "公开摘要"))
        }
        try EvidenceHash.check(evidence ?? [])
    }
}
