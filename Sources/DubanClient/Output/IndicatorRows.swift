import DubanCore
import Foundation

// The columns of `duban target list` and `duban oversight indicators`: the same in the table, the
// CSV and the workbook.

/// One indicator of a task as `duban target list` shows it: its target, where it came from, and
/// how it is split among the task's units.
public struct TargetRow: Codable, Sendable, Equatable {
    public var taskNumber: Int
    public var indicator: Indicator
    /// Unit names by code, for the split column.
    public var unitNames: [String: String]

    public init(taskNumber: Int, indicator: Indicator, unitNames: [String: String] = [:]) {
        self.taskNumber = taskNumber
        self.indicator = indicator
        self.unitNames = unitNames
    }

    /// The target not yet given to any unit (zero or less: nothing left); nil when not split.
    public var unsplit: Double? {
        indicator.splits.isEmpty ? nil : indicator.target - indicator.splitTotal
    }

    /// `天马街道 30, 新城街道 20` in the order of the unit codes.
    public var splitText: String {
        indicator.splits.sorted { $0.unitCode < $1.unitCode }
            .map { "\(unitNames[$0.unitCode] ?? $0.unitCode) \(IndicatorRules.format($0.target))" }
            .joined(separator: ", ")
    }

    /// The rows of `reference`'s indicators (of `task` when given), by task number and name.
    public static func rows(_ reference: ReferenceData, task: Int? = nil) -> [TargetRow] {
        let numbers = Dictionary(reference.tasks.map { ($0.id, $0.number) }, uniquingKeysWith: { a, _ in a })
        let names = Dictionary(reference.units.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        // By task number; within a task in the order the server gives (the notice's, then the office's additions).
        return reference.indicators.enumerated().compactMap { index, indicator -> (Int, TargetRow)? in
            guard let number = numbers[indicator.taskId], task == nil || task == number else { return nil }
            return (index, TargetRow(taskNumber: number, indicator: indicator, unitNames: names))
        }.sorted { ($0.1.taskNumber, $0.0) < ($1.1.taskNumber, $1.0) }.map(\.1)
    }
}

extension Presentation {
    /// 城市标准 or 督查绩效办.
    public func indicatorSource(_ source: Indicator.Source) -> String {
        switch source {
        case .cityStandard: text(en: "city standard", zh: "城市标准")
        case .office: text(en: "office", zh: "督查绩效办")
        }
    }
}

extension Listing where Row == TargetRow {
    /// `duban target list`: one line per indicator.
    public static let targets = Listing([
        .typed("task", "任务", alignment: .right) { row, _ in .integer(row.taskNumber) },
        Column("indicator", "指标") { row, _ in row.indicator.name },
        Column("measure", "计量单位") { row, _ in row.indicator.measure },
        .typed("target", "目标值", alignment: .right) { row, _ in .number(row.indicator.target, decimals: nil) },
        Column("cumulative", "累计") { row, style in style.yesNo(row.indicator.cumulative) },
        Column("source", "来源") { row, style in style.indicatorSource(row.indicator.source) },
        Column("state", "状态") { row, style in
            row.indicator.confirmed ? style.text(en: "confirmed", zh: "已确认") : style.text(en: "proposed", zh: "待确认")
        },
        Column("split", "分解") { row, _ in row.splitText },
        .typed("unsplit", "未分解", alignment: .right) { row, _ in
            row.unsplit.map { Cell.number(max($0, 0), decimals: nil) } ?? .blank
        },
        Column("split reason", "分解说明") { row, _ in row.indicator.splitReason ?? "" },
    ])
}

extension Listing where Row == IndicatorStanding {
    /// `duban oversight indicators`: one line per task, indicator and unit share.
    public static let oversightIndicators = Listing([
        .typed("task", "任务", alignment: .right) { row, _ in .integer(row.taskNumber) },
        Column("indicator", "指标") { row, _ in row.indicator },
        Column("unit", "单位") { row, style in row.unitCode ?? style.text(en: "(task)", zh: "（全任务）") },
        Column("measure", "计量单位") { row, _ in row.measure },
        .typed("target", "目标值", alignment: .right) { row, _ in .number(row.target, decimals: nil) },
        .typed("expected", "序时应完成", alignment: .right) { row, _ in .number(row.expected, decimals: 2) },
        .typed("actual", "实际完成", alignment: .right) { row, _ in row.actual.map { Cell.number($0, decimals: nil) } ?? .empty(shown: Cell.dash) },
        .typed("gap", "差距", alignment: .right) { row, _ in .number(row.gap, decimals: 2) },
        .typed("completion %", "完成率%", alignment: .right) { row, _ in .percent(row.completion) },
        .typed("expected %", "序时进度%", alignment: .right) { row, _ in .percent(row.expectedPercent) },
        .typed("gap points", "滞后百分点", alignment: .right) { row, _ in .number(row.gapPoints, decimals: 1) },
        Column("basis", "依据") { row, style in
            row.basis == .implementationPlan ? style.text(en: "implementation plan", zh: "实施方案")
                                             : style.text(en: "straight line", zh: "均匀进度")
        },
        Column("city standard", "城市标准") { row, style in style.yesNo(row.cityStandard) },
        .typed("date", "日期") { row, _ in .date(row.date) },
    ])
}
