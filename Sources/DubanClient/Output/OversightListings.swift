import DubanCore
import Foundation

// The columns of `duban oversight progress|completeness|timeliness|overdue|lights`: the same in
// the table, the CSV and the workbook. Counts are whole numbers, rates and percentages have one
// decimal (`—` when there is none: nothing expected, nothing reported), days are dates.

extension Cell {
    /// A percentage with one decimal, or `—` when there is none.
    public static func percent(_ value: Double?) -> Cell {
        value.map { .number($0, decimals: 1) } ?? .empty(shown: Cell.dash)
    }

    /// A day, or nothing.
    public static func date(_ value: LocalDate?) -> Cell { value.map(Cell.date) ?? .blank }

    /// A moment, or nothing.
    public static func time(_ value: Date?) -> Cell { value.map(Cell.time) ?? .blank }
}

/// The five columns of DHIS2's reporting metrics, for any row that has ``ReportingCounts``.
func reportingColumns<Row>(_ counts: @escaping @Sendable (Row) -> ReportingCounts) -> [Column<Row>] {
    [
        .typed("expected", "应报数", alignment: .right) { row, _ in .integer(counts(row).expected) },
        .typed("received", "实报数", alignment: .right) { row, _ in .integer(counts(row).received) },
        .typed("on time", "按时报送数", alignment: .right) { row, _ in .integer(counts(row).onTime) },
        .typed("reporting rate %", "报送率%", alignment: .right) { row, _ in .percent(counts(row).reportingRate) },
        .typed("on-time rate %", "按时率%", alignment: .right) { row, _ in .percent(counts(row).onTimeRate) },
    ]
}

extension Listing where Row == TaskProgressRow {
    /// `duban oversight progress`: one line per task.
    public static let oversightProgress = Listing([
        .typed("task", "任务", alignment: .right) { row, _ in .integer(row.taskNumber) },
        Column("title", "任务名称") { row, style in style.abbreviates ? DisplayWidth.truncate(row.title, to: 30) : row.title },
        Column("lead", "牵头单位") { row, _ in row.leadUnits.joined(separator: ", ") },
        Column("light", "状态灯") { row, style in
            row.notApplicable ? style.text(en: "n/a", zh: "不涉及") : row.light.map(style.light) ?? Cell.dash
        },
        Column("reasons", "原因") { row, style in row.reasons.map(style.lightReason).joined(separator: ", ") },
        .typed("target %", "序时进度%", alignment: .right) { row, _ in .percent(row.target) },
        .typed("progress %", "实际进度%", alignment: .right) { row, _ in .percent(row.progress) },
        .typed("last update", "最近更新") { row, _ in .time(row.lastUpdate) },
    ] + reportingColumns { $0.counts })
}

extension Listing where Row == NodeCompletenessRow {
    /// `duban oversight completeness`: one line per node and tier.
    public static let oversightCompleteness = Listing([
        .typed("node", "节点") { row, _ in .date(row.nodeDate) },
        Column("tier", "报送层级") { row, style in style.tier(row.tier) },
        .typed("due", "截止日期") { row, _ in .date(row.dueDate) },
    ] + reportingColumns { $0.counts })
}

extension Listing where Row == UnitTimelinessRow {
    /// `duban oversight timeliness`: one line per unit and tier.
    public static let oversightTimeliness = Listing([
        Column("unit", "单位代码") { row, _ in row.unitCode },
        Column("unit name", "单位名称") { row, style in style.abbreviates ? DisplayWidth.truncate(row.unitName, to: 16) : row.unitName },
        Column("tier", "报送层级") { row, style in style.tier(row.tier) },
    ] + reportingColumns { $0.counts })
}

extension Listing where Row == OverdueRow {
    /// `duban oversight overdue`: one line per report late or missing.
    public static let oversightOverdue = Listing([
        .typed("task", "任务", alignment: .right) { row, _ in .integer(row.taskNumber) },
        Column("title", "任务名称") { row, style in style.abbreviates ? DisplayWidth.truncate(row.taskTitle, to: 20) : row.taskTitle },
        Column("unit", "单位代码") { row, _ in row.unitCode },
        Column("unit name", "单位名称") { row, style in style.abbreviates ? DisplayWidth.truncate(row.unitName, to: 16) : row.unitName },
        Column("tier", "报送层级") { row, style in style.tier(row.tier) },
        .typed("node", "节点") { row, _ in .date(row.nodeDate) },
        .typed("due", "截止日期") { row, _ in .date(row.dueDate) },
        Column("timeliness", "及时性") { row, style in row.timeliness.label(style.language) },
        .typed("days late", "逾期天数", alignment: .right) { row, _ in row.daysLate.map(Cell.integer) ?? .blank },
        .typed("received", "接收时间") { row, _ in .time(row.receivedAt) },
        .typed("urges", "催办次数", alignment: .right) { row, _ in .integer(row.urges) },
        Column("order", "督办单") { row, style in row.openOrder?.label(style.language) ?? "" },
    ])
}

extension Listing where Row == StatusLightRow {
    /// `duban oversight lights`: a line per task (no unit), then per unit on it.
    public static let oversightLights = Listing([
        .typed("task", "任务", alignment: .right) { row, _ in .integer(row.taskNumber) },
        Column("title", "任务名称") { row, style in style.abbreviates ? DisplayWidth.truncate(row.taskTitle, to: 24) : row.taskTitle },
        Column("unit", "单位代码") { row, _ in row.unitCode ?? "" },
        Column("unit name", "单位名称") { row, style in
            let name = row.unitName ?? ""
            return style.abbreviates ? DisplayWidth.truncate(name, to: 16) : name
        },
        Column("light", "状态灯") { row, style in style.light(row.light) },
        Column("reasons", "原因") { row, style in row.reasons.map(style.lightReason).joined(separator: ", ") },
        .typed("node", "节点") { row, _ in .date(row.nodeDate) },
        .typed("target %", "序时进度%", alignment: .right) { row, _ in .percent(row.target) },
        .typed("progress %", "实际进度%", alignment: .right) { row, _ in .percent(row.progress) },
    ])
}

extension Presentation {
    /// Who reports to whom: responsible units to their lead unit, lead units to the supervision office.
    public func tier(_ tier: AssignmentRole) -> String {
        switch tier {
        case .responsible: text(en: "responsible → lead", zh: "责任单位→牵头单位")
        case .lead: text(en: "lead → office", zh: "牵头单位→督查办")
        }
    }
}
