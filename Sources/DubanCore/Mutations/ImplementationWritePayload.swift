import Foundation

/// One step (时间步骤) of an implementation plan: by `date`, the cumulative value expected of each
/// indicator, or a percent for a task without indicators, and what is done by then.
public struct ImplementationStep: Codable, Sendable, Equatable, Hashable {
    public var date: LocalDate
    /// Expected cumulative values keyed by indicator name.
    public var values: [String: Double]
    /// Expected progress in percent, for a task without indicators.
    public var percent: Double?
    /// What the step is (设计招标, 开工, 完工验收).
    public var note: String?

    public init(date: LocalDate, values: [String: Double] = [:], percent: Double? = nil, note: String? = nil) {
        self.date = date
        self.values = values
        self.percent = percent
        self.note = note
    }
}

/// A share of an indicator's target the lead unit proposes for a responsible unit.
public struct ProposedSplit: Codable, Sendable, Equatable, Hashable {
    public var indicator: String
    public var unitCode: String
    public var target: Double

    public init(indicator: String, unitCode: String, target: Double) {
        self.indicator = indicator
        self.unitCode = unitCode
        self.target = target
    }
}

/// The payload of an `implementation.write` mutation: a lead unit's implementation plan (实施方案)
/// for one task, whole, as its next revision; written offline like a report.
public struct ImplementationWritePayload: MutationPayload {
    public static let mutationKind = MutationKind.implementationWrite

    /// The plan (made by the client for the unit's first plan of the task).
    public var implementationId: UUID
    public var taskId: Int64
    /// 措施办法.
    public var measures: String
    /// 时间步骤, in date order.
    public var steps: [ImplementationStep]
    /// The split of targets the lead proposes.
    public var splits: [ProposedSplit]
    public var evidence: [String]?
    /// Why the plan is revised (required once a revision has been accepted).
    public var reason: String?

    public init(implementationId: UUID, taskId: Int64, measures: String, steps: [ImplementationStep],
                splits: [ProposedSplit] = [], evidence: [String]? = nil, reason: String? = nil) {
        self.implementationId = implementationId
        self.taskId = taskId
        self.measures = measures
        self.steps = steps
        self.splits = splits
        self.evidence = evidence
        self.reason = reason
    }
}

extension ImplementationWritePayload {
    /// The most steps one plan may have.
    public static let maxSteps = 60

    public var entityId: UUID { implementationId }

    /// The reason as stored: trimmed, nil when nothing is left.
    public var storedReason: String? {
        guard let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// The rules that need nothing but the payload.
    public func validate() throws(RuleViolation) {
        try TextLimit.check(measures, limit: TextLimit.implementationMeasures, code: "implementation.measures_too_long",
                            field: LocalizedText(en: "measures", zh: "措施办法"))
        guard !steps.isEmpty else {
            throw RuleViolation("implementation.no_steps", en: "an implementation plan needs at least one step (--step DATE:…)",
                                zh: "实施方案至少需要一个时间步骤（--step 日期:…）")
        }
        guard steps.count <= Self.maxSteps else {
            throw RuleViolation("implementation.too_many_steps", en: "at most \(Self.maxSteps) steps", zh: "时间步骤最多 \(Self.maxSteps) 个")
        }
        guard Set(steps.map(\.date)).count == steps.count else {
            throw RuleViolation("implementation.duplicate_step", en: "two steps have the same date", zh: "两个时间步骤的日期相同")
        }
        for step in steps {
            if let percent = step.percent, !percent.isFinite || !(0...100).contains(percent) {
                throw RuleViolation("implementation.bad_percent", en: "a step's percent must be between 0 and 100 (\(step.date))",
                                    zh: "时间步骤的百分比须在 0 到 100 之间（\(step.date)）")
            }
            for (name, value) in step.values.sorted(by: { $0.key < $1.key }) {
                guard QuantityName.isValid(name) else { throw QuantityName.violation(name) }
                try IndicatorRules.checkValue(value, indicator: name)
            }
            try TextLimit.check(step.note ?? "", limit: TextLimit.supervisionNote, code: "implementation.note_too_long",
                                field: LocalizedText(en: "step note", zh: "步骤说明"))
        }
        for split in splits {
            guard QuantityName.isValid(split.indicator) else { throw QuantityName.violation(split.indicator) }
            try IndicatorRules.checkShare(split.target)
        }
        if let reason = storedReason {
            try TextLimit.check(reason, limit: TextLimit.reviewReason, code: "implementation.reason_too_long",
                                field: LocalizedText(en: "reason", zh: "理由"))
        }
        try EvidenceHash.check(evidence ?? [])
    }

    /// The refusal for a unit that does not lead the task (the client checks its cached
    /// assignments, the server the database).
    public static func notLead(taskNumber: Int) -> RuleViolation {
        RuleViolation("implementation.not_lead",
                      en: "your unit does not lead task \(taskNumber); only a lead unit writes its implementation plan",
                      zh: "本单位不是第 \(taskNumber) 项任务的牵头单位，只有牵头单位编写实施方案")
    }

    /// A revision after the office accepted an earlier one needs its reason (the client checks the
    /// plan it holds, the server the database).
    public func checked(afterAcceptance accepted: Bool) throws(RuleViolation) {
        guard accepted, storedReason == nil else { return }
        throw RuleViolation("implementation.reason_required",
                            en: "the office accepted an earlier revision; a revised plan needs its reason (--reason)",
                            zh: "已审核通过的实施方案再修订须说明理由（--reason）")
    }

    /// The rules that need the plan and the task: every step inside the plan's year, every value
    /// and split naming one of the task's indicators, every split's unit serving the task, and the
    /// split within each target unless the reason says why.
    public func checked(planYear: Int, indicators: [Indicator], taskNumber: Int, unitsOnTask: Set<String>) throws(RuleViolation) {
        for step in steps where step.date.year != planYear {
            throw RuleViolation("implementation.step_outside_year",
                                en: "the step dated \(step.date) is outside the plan's year \(planYear)",
                                zh: "时间步骤的日期 \(step.date) 不在计划年度 \(planYear) 年内")
        }
        for step in steps {
            try IndicatorRules.checkValues(step.values, taskNumber: taskNumber, indicators: indicators)
        }
        try IndicatorRules.checkValues(Dictionary(splits.map { ($0.indicator, $0.target) }, uniquingKeysWith: { a, _ in a }),
                                       taskNumber: taskNumber, indicators: indicators)
        for split in splits where !unitsOnTask.contains(split.unitCode) {
            throw RuleViolation("implementation.split_unit", en: "\(split.unitCode) has no part in task \(taskNumber)",
                                zh: "\(split.unitCode) 未承担第 \(taskNumber) 项任务")
        }
        for indicator in indicators {
            let shares = splits.filter { $0.indicator == indicator.name }.map(\.target)
            guard !shares.isEmpty else { continue }
            try IndicatorRules.checkSplit(target: indicator.target, shares: shares, reason: storedReason)
        }
    }
}
