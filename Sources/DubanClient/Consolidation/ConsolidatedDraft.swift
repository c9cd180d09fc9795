import DubanCore
import Foundation

/// A lead unit's consolidated report to the supervision office for one task and node, drafted from
/// the accepted reports of the task's responsible units, for the lead to edit.
public struct ConsolidatedDraft: Codable, Sendable, Equatable {
    /// One responsible unit's accepted report, as credited in the draft.
    public struct Contribution: Codable, Sendable, Equatable {
        public var unitCode: String
        public var unitName: String
        public var reportId: UUID
        /// The accepted revision drawn from.
        public var revision: Int
        public var text: String
        public var quantities: [String: Double]
        public var percent: Double?
    }

    /// A quantity summed over the contributions, with who contributed what.
    public struct Total: Codable, Sendable, Equatable {
        public var key: String
        public var sum: Double
        /// Unit code and amount, in the order of the contributions.
        public var contributors: [Contributor]
        /// True for an indicator split among units: the sum of the responsible units' latest values.
        public var split: Bool = false
        /// The lead unit's own figure in place of the sum (`--indicator NAME=V --reason …`).
        public var override: Double? = nil

        /// What the consolidated report says: the override, else the sum.
        public var value: Double { override ?? sum }
    }

    public struct Contributor: Codable, Sendable, Equatable {
        public var unitCode: String
        public var unitName: String
        public var amount: Double
        /// The earlier node the value comes from, when the unit has none for this node yet.
        public var nodeDate: LocalDate? = nil
    }

    public var taskId: Int64
    public var taskNumber: Int
    public var nodeId: Int64
    public var nodeDate: LocalDate
    public var leadUnitCode: String
    public var contributions: [Contribution]
    /// Quantities by key (sorted by key).
    public var totals: [Total]
    /// The mean of the contributions' percents; nil when none gave one.
    public var percent: Double?
    /// Responsible units with no accepted report for the node (codes, sorted).
    public var missing: [String]
    /// The draft's text: a section per unit, `【unit name】text`, then the quantities with their
    /// contributors, and the lead unit's overrides with their reason.
    public var text: String
    /// Why the lead unit overrode a sum (also in the text).
    public var overrideReason: String? = nil

    /// The content to save as the lead unit's own report (the percent rounded to two decimals).
    public var content: ReportContent {
        ReportContent(text: text, quantities: Dictionary(uniqueKeysWithValues: totals.map { ($0.key, $0.value) }),
                      percent: percent.map { ($0 * 100).rounded() / 100 })
    }

    /// The content to save over the lead unit's report as it stands (`existing`): the draft's text,
    /// quantities and percent, with the evidence files and the public summary the lead gave it kept.
    public func content(over existing: ReportContent?) -> ReportContent {
        var content = self.content
        if let existing {
            content.evidence = existing.evidence
            content.publicSummary = existing.publicSummary
        }
        return content
    }
}

/// Drafts ``ConsolidatedDraft``s from the cache's reports.
public enum ReportConsolidation {
    /// The draft for `leadUnit` on `task` at `node`, from the accepted head revisions of the task's
    /// responsible units' reports held here. Refused when `leadUnit` does not lead the task, when the
    /// node is not one of the task's plan, and when the task has no responsible units to consolidate.
    ///
    /// An indicator the office split among units is summed differently: over the units with a share
    /// (other than the lead), each unit's latest value (its report for the node as it stands,
    /// accepted or not; else, for a cumulative indicator, its latest earlier node's), and the draft
    /// names who contributed what. `overrides` replace sums by the lead's own figures; they need
    /// `overrideReason`, which the text quotes.
    public static func draft(task: ReferenceData.Task, node: ReferenceData.Node, leadUnit: String, reference: ReferenceData,
                             reports: [CachedReport], overrides: [String: Double] = [:],
                             overrideReason: String? = nil) throws -> ConsolidatedDraft {
        let assignments = reference.assignments.filter { $0.taskId == task.id }
        guard assignments.contains(where: { $0.unitCode == leadUnit && $0.role == .lead }) else {
            throw ClientError.notLeadUnit(task: task.number)
        }
        guard node.planId == task.planId else { throw ClientError.unknownNode(node.nodeDate.description, task: task.number) }
        let responsible = Array(Set(assignments.filter { $0.role == .responsible && $0.unitCode != leadUnit }.map(\.unitCode))).sorted()
        guard !responsible.isEmpty else { throw ClientError.nothingToConsolidate(task: task.number) }
        func name(_ code: String) -> String { reference.units.first { $0.code == code }?.name ?? code }

        var contributions: [ConsolidatedDraft.Contribution] = []
        var missing: [String] = []
        for unit in responsible {
            guard let report = reports.first(where: { $0.taskId == task.id && $0.nodeId == node.id && $0.unitCode == unit }),
                  report.reviewState == .accepted else {
                missing.append(unit)
                continue
            }
            let accepted = report.reviews.last { $0.decision == .accept }?.revision ?? report.headRevision
            guard let revision = report.revisions.first(where: { $0.revision == accepted && $0.state != .pending && $0.state != .rejected })
            else {
                missing.append(unit)
                continue
            }
            contributions.append(.init(unitCode: unit, unitName: name(unit), reportId: report.id, revision: accepted,
                                       text: revision.content.text.trimmingCharacters(in: .whitespacesAndNewlines),
                                       quantities: revision.content.quantities, percent: revision.content.percent))
        }

        let splitIndicators = reference.indicators.filter { $0.taskId == task.id && $0.confirmed && !$0.splits.isEmpty }
        let splitNames = Set(splitIndicators.map(\.name))
        let keys = Set(contributions.flatMap(\.quantities.keys)).subtracting(splitNames).sorted()
        var totals = keys.map { key in
            let contributors = contributions.compactMap { contribution in
                contribution.quantities[key].map { ConsolidatedDraft.Contributor(unitCode: contribution.unitCode,
                                                                                  unitName: contribution.unitName, amount: $0) }
            }
            return ConsolidatedDraft.Total(key: key, sum: contributors.reduce(0) { $0 + $1.amount }, contributors: contributors)
        }
        let nodes = reference.nodes.filter { $0.planId == task.planId }.sorted { $0.ordinal > $1.ordinal }
        for indicator in splitIndicators {
            var contributors: [ConsolidatedDraft.Contributor] = []
            for share in indicator.splits.sorted(by: { $0.unitCode < $1.unitCode }) where share.unitCode != leadUnit {
                // The node's report first, then (cumulative values only) the newest earlier node's.
                for candidate in nodes where candidate.ordinal <= node.ordinal && (candidate.id == node.id || indicator.cumulative) {
                    let report = reports.first { $0.taskId == task.id && $0.nodeId == candidate.id && $0.unitCode == share.unitCode }
                    guard let value = report?.current?.content.quantities[indicator.name] else { continue }
                    contributors.append(.init(unitCode: share.unitCode, unitName: name(share.unitCode), amount: value,
                                              nodeDate: candidate.id == node.id ? nil : candidate.nodeDate))
                    break
                }
            }
            guard !contributors.isEmpty else { continue }
            totals.append(.init(key: indicator.name, sum: contributors.reduce(0) { $0 + $1.amount }, contributors: contributors,
                                split: true))
        }
        let reason = overrideReason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if !overrides.isEmpty && reason.isEmpty {
            throw ClientError.invalidInput(.init(en: "overriding a sum (--indicator NAME=V) needs --reason",
                                                 zh: "调整汇总数（--indicator 名称=数值）须用 --reason 说明理由"))
        }
        for (key, value) in overrides.sorted(by: { $0.key < $1.key }) {
            do { try IndicatorRules.checkValue(value, indicator: key) } catch { throw ClientError(violation: error) }
            if let index = totals.firstIndex(where: { $0.key == key }) {
                totals[index].override = value
            } else {
                totals.append(.init(key: key, sum: 0, contributors: [], split: splitNames.contains(key), override: value))
            }
        }
        totals.sort { $0.key < $1.key }
        let percents = contributions.compactMap(\.percent)
        let percent = percents.isEmpty ? nil : percents.reduce(0, +) / Double(percents.count)

        // The text goes to the supervision office: written in Chinese, whatever the terminal's language.
        var sections = contributions.map { "【\($0.unitName)】\($0.text)" }
        if !totals.isEmpty {
            sections.append("【数量汇总】" + totals.map { total in
                let who = total.contributors.map { contributor in
                    "\(contributor.unitName) \(Presentation.number(contributor.amount))"
                        + (contributor.nodeDate.map { "（\($0) 节点）" } ?? "")
                }.joined(separator: "，")
                let summed = "\(total.key)=\(Presentation.number(total.sum))（" + who + "）"
                guard let override = total.override else { return summed }
                return "\(total.key)=\(Presentation.number(override))（牵头单位调整，各单位合计 \(Presentation.number(total.sum))"
                    + (who.isEmpty ? "" : "：" + who) + "）"
            }.joined(separator: "；"))
        }
        if !overrides.isEmpty {
            sections.append("【调整说明】" + reason)
        }
        return ConsolidatedDraft(taskId: task.id, taskNumber: task.number, nodeId: node.id, nodeDate: node.nodeDate,
                                 leadUnitCode: leadUnit, contributions: contributions, totals: totals, percent: percent,
                                 missing: missing, text: sections.joined(separator: "\n\n"),
                                 overrideReason: overrides.isEmpty ? nil : reason)
    }
}

extension ClientError {
    static func notLeadUnit(task: Int) -> Self {
        .init(code: "client.not_lead_unit",
              message: .init(en: "your unit does not lead task \(task); only its lead unit writes the consolidated report",
                             zh: "本单位不是任务 \(task) 的牵头单位，不能汇总该任务的报告"))
    }

    static func unknownNode(_ text: String, task: Int) -> Self {
        .init(code: "client.unknown_node",
              message: .init(en: "\(text) is not a reporting node of task \(task)", zh: "\(text) 不是任务 \(task) 的报送节点"))
    }

    static func nothingToConsolidate(task: Int) -> Self {
        .init(code: "client.nothing_to_consolidate",
              message: .init(en: "task \(task) has no responsible units to consolidate; write your report with `duban report new`",
                             zh: "任务 \(task) 没有责任单位可汇总；请用 `duban report new` 填写本单位报告"))
    }
}
