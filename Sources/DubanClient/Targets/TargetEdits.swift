import DubanCore
import Foundation

/// The office's target changes as requests, checked here with `IndicatorRules` against the
/// indicators held in the cache before anything is sent: a refusal here costs no round trip, and
/// the server checks the same rules again with its own figures.
public enum TargetEdits {
    /// `PUT /v1/targets` for one indicator of `task`. A new indicator needs its measure.
    public static func set(task: ReferenceData.Task, indicator typed: String, measure: String?, target: Double,
                           notCumulative: Bool, reference: ReferenceData) throws -> TargetSetRequest {
        do {
            let name = try IndicatorRules.name(typed)
            try IndicatorRules.checkTarget(target)
            let measure = try measure.map(IndicatorRules.measure)
            let existing = reference.indicators.first { $0.taskId == task.id && $0.name == name }
            if existing == nil {
                guard measure != nil else {
                    throw RuleViolation("target.measure_required",
                                        en: "\(name) is a new indicator of task \(task.number): give its measure with --measure (个, 套, 公里, 万元, %)",
                                        zh: "「\(name)」是第 \(task.number) 项任务的新指标：请用 --measure 给出计量单位（如 个、套、公里、万元、%）")
                }
                let count = reference.indicators.count { $0.taskId == task.id }
                guard count < IndicatorRules.maxPerTask else {
                    throw RuleViolation("target.too_many", en: "a task has at most \(IndicatorRules.maxPerTask) indicators",
                                        zh: "每项任务最多 \(IndicatorRules.maxPerTask) 个指标")
                }
            }
            return TargetSetRequest(planYear: year(of: task, in: reference), taskNumber: task.number, indicator: name, measure: measure,
                                    target: target, cumulative: notCumulative ? false : (existing == nil ? true : nil))
        } catch let violation as RuleViolation {
            throw ClientError(violation: violation)
        }
    }

    /// `POST /v1/targets/split` for `unitCode`'s share (`target` nil: remove it). The unit must
    /// serve the task; shares over the indicator's target need a reason.
    public static func split(task: ReferenceData.Task, indicator typed: String, unitCode: String, target: Double?, reason: String?,
                             reference: ReferenceData) throws -> TargetSplitRequest {
        do {
            let indicator = try held(task: task, indicator: typed, reference: reference)
            guard reference.assignments.contains(where: { $0.taskId == task.id && $0.unitCode == unitCode }) else {
                throw RuleViolation("target.split_unit", en: "\(unitCode) has no part in task \(task.number)",
                                    zh: "\(unitCode) 未承担第 \(task.number) 项任务")
            }
            if let target {
                try IndicatorRules.checkShare(target)
                let others = indicator.splits.filter { $0.unitCode != unitCode }.map(\.target)
                try IndicatorRules.checkSplit(target: indicator.target, shares: others + [target], reason: reason)
            }
            let trimmed = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
            return TargetSplitRequest(planYear: year(of: task, in: reference), taskNumber: task.number, indicator: indicator.name,
                                      unitCode: unitCode, target: target, reason: trimmed?.isEmpty == false ? trimmed : nil)
        } catch let violation as RuleViolation {
            throw ClientError(violation: violation)
        }
    }

    /// `POST /v1/targets/remove` for an indicator held here.
    public static func remove(task: ReferenceData.Task, indicator typed: String, reference: ReferenceData) throws -> TargetRemoveRequest {
        do {
            let indicator = try held(task: task, indicator: typed, reference: reference)
            return TargetRemoveRequest(planYear: year(of: task, in: reference), taskNumber: task.number, indicator: indicator.name)
        } catch let violation as RuleViolation {
            throw ClientError(violation: violation)
        }
    }

    /// `POST /v1/targets/confirm` for the named proposals (all of the task's when none is named).
    public static func confirm(task: ReferenceData.Task, indicators typed: [String], reference: ReferenceData) throws -> TargetConfirmRequest {
        do {
            let names = try typed.map { try held(task: task, indicator: $0, reference: reference).name }
            return TargetConfirmRequest(planYear: year(of: task, in: reference), taskNumber: task.number, indicators: names)
        } catch let violation as RuleViolation {
            throw ClientError(violation: violation)
        }
    }

    /// The indicator `typed` of `task` as held here.
    static func held(task: ReferenceData.Task, indicator typed: String, reference: ReferenceData) throws -> Indicator {
        let name = try IndicatorRules.name(typed)
        let known = reference.indicators.filter { $0.taskId == task.id }
        guard let indicator = known.first(where: { $0.name == name }) else {
            let list = known.map(\.name).sorted()
            throw RuleViolation("target.unknown_indicator",
                                en: "task \(task.number) has no indicator \"\(name)\"" + (list.isEmpty ? "" : "; its indicators: \(list.joined(separator: ", "))"),
                                zh: "第 \(task.number) 项任务没有指标「\(name)」" + (list.isEmpty ? "" : "；现有指标：\(list.joined(separator: "、"))"))
        }
        return indicator
    }

    static func year(of task: ReferenceData.Task, in reference: ReferenceData) -> Int? {
        reference.plans.first { $0.id == task.planId }?.year
    }
}
