import DubanCore
import Foundation

/// One line of `duban tasks`: a task of the account's unit, its role and what is due next.
public struct TaskRow: Codable, Sendable, Equatable {
    public var taskId: Int64
    public var year: Int
    public var number: Int
    public var title: String
    public var role: AssignmentRole
    /// The next reporting node not yet past for this unit, its due date and the days left.
    public var nextNode: LocalDate?
    public var dueDate: LocalDate?
    public var daysLeft: Int?
    /// The report for that node, if any (first 8 hex of its id).
    public var report: String?
    /// The plan's due date, when a granted extension moved it to ``dueDate``.
    public var extendedFrom: LocalDate?

    /// The unit's tasks, by plan year and number. `extensions`: the requests for more time held here
    /// (only the unit's own count; a grant moves a due date, an exemption skips the node).
    public static func rows(unit: String, reference: ReferenceData, reports: [CachedReport], now: Date,
                            extensions: [ExtensionRecord] = []) -> [TaskRow] {
        let own = extensions.filter { $0.unitCode == unit }
        return reference.tasks.compactMap { task -> TaskRow? in
            // A closed task expects no more reports; its earlier ones stay in `duban report list`.
            guard task.closedOn == nil, let role = DueDates.role(of: unit, on: task.id, in: reference) else { return nil }
            let next = DueDates.next(task: task, role: role, reference: reference, now: now, extensions: own)
            let node = next.flatMap { due in reference.nodes.first { $0.id == due.nodeId } }
            let report = next.flatMap { due in
                reports.first { $0.taskId == task.id && $0.nodeId == due.nodeId && $0.unitCode == unit }
            }
            return TaskRow(taskId: task.id, year: reference.plans.first { $0.id == task.planId }?.year ?? 0, number: task.number,
                           title: task.title, role: role, nextNode: node?.nodeDate, dueDate: next?.date, daysLeft: next?.daysLeft,
                           report: report?.shortId, extendedFrom: next?.extendedFrom)
        }.sorted { ($0.year, $0.number) < ($1.year, $1.number) }
    }
}

/// One line of `duban report list`.
public struct ReportRow: Codable, Sendable, Equatable {
    public var id: UUID
    public var taskNumber: Int?
    public var unitCode: String
    public var nodeDate: LocalDate?
    public var version: Int
    /// `synced`, `pending`, `conflict`, `rejected`.
    public var status: String
    public var percent: Double?
    public var text: String
    public var authoredAt: Date?
    public var receivedAt: Date?

    public init(_ report: CachedReport, reference: ReferenceData) {
        id = report.id
        taskNumber = reference.tasks.first { $0.id == report.taskId }?.number
        unitCode = report.unitCode
        nodeDate = reference.nodes.first { $0.id == report.nodeId }?.nodeDate
        version = report.version
        status = report.status
        let current = report.current
        percent = current?.content.percent
        text = current?.content.text ?? ""
        authoredAt = current?.authoredAt
        receivedAt = current?.receivedAt
    }
}

/// One line of `duban outbox`: waiting, or quarantined with the server's reason.
public struct OutboxRow: Codable, Sendable, Equatable {
    public var id: UUID
    public var deviceSeq: Int64
    /// `pending`, `sent` or `rejected`.
    public var status: String
    public var reportId: UUID
    public var baseVersion: Int
    public var attempts: Int
    public var authoredAt: Date
    public var code: String?
    public var message: String?
    /// What the mutation does: `report.write`, `review.write`, `extension.request`, `assessment.write`.
    public var kind: String?

    public init(id: UUID, deviceSeq: Int64, status: String, reportId: UUID, baseVersion: Int, attempts: Int, authoredAt: Date,
                code: String?, message: String?, kind: String? = nil) {
        self.id = id
        self.deviceSeq = deviceSeq
        self.status = status
        self.reportId = reportId
        self.baseVersion = baseVersion
        self.attempts = attempts
        self.authoredAt = authoredAt
        self.code = code
        self.message = message
        self.kind = kind
    }
}

extension Listing where Row == TaskRow {
    public static let tasks = Listing([
        Column("year", "年度") { row, _ in String(row.year) },
        Column("task", "任务", alignment: .right) { row, _ in String(row.number) },
        Column("title", "任务名称") { row, style in style.abbreviates ? DisplayWidth.truncate(row.title, to: 40) : row.title },
        Column("role", "角色") { row, style in style.role(row.role) },
        Column("next node", "下一节点") { row, _ in row.nextNode?.description ?? "" },
        Column("due", "截止日期") { row, _ in row.dueDate?.description ?? "" },
        Column("days left", "剩余天数", alignment: .right) { row, _ in row.daysLeft.map(String.init) ?? "" },
        Column("report", "报告") { row, _ in row.report ?? "" },
    ])
}

extension Listing where Row == ReportRow {
    public static let reports = Listing([
        Column("id", "编号") { row, style in
            style.abbreviates ? String(row.id.uuidString.lowercased().prefix(8)) : row.id.uuidString.lowercased()
        },
        Column("task", "任务", alignment: .right) { row, _ in row.taskNumber.map(String.init) ?? "" },
        Column("unit", "单位") { row, _ in row.unitCode },
        Column("node", "节点") { row, _ in row.nodeDate?.description ?? "" },
        Column("version", "版本", alignment: .right) { row, _ in String(row.version) },
        Column("status", "状态") { row, style in style.reportStatus(row.status) },
        Column("percent", "进度%", alignment: .right) { row, _ in row.percent.map(Presentation.number) ?? "" },
        Column("written", "填写时间") { row, style in style.time(row.authoredAt) },
        Column("text", "内容") { row, style in style.abbreviates ? DisplayWidth.truncate(TextTable.oneLine(row.text), to: 40) : row.text },
    ])
}

extension Listing where Row == OutboxRow {
    public static let outbox = Listing([
        Column("id", "编号") { row, style in
            style.abbreviates ? String(row.id.uuidString.lowercased().prefix(8)) : row.id.uuidString.lowercased()
        },
        Column("seq", "序号", alignment: .right) { row, _ in String(row.deviceSeq) },
        Column("status", "状态") { row, style in style.reportStatus(row.status) },
        Column("kind", "类型") { row, _ in row.kind ?? "" },
        Column("report", "报告") { row, style in
            style.abbreviates ? String(row.reportId.uuidString.lowercased().prefix(8)) : row.reportId.uuidString.lowercased()
        },
        Column("base", "基础版本", alignment: .right) { row, _ in String(row.baseVersion) },
        Column("attempts", "尝试次数", alignment: .right) { row, _ in String(row.attempts) },
        Column("written", "填写时间") { row, style in style.time(row.authoredAt) },
        Column("reason", "原因") { row, _ in row.code.map { "\($0): \(row.message ?? "")" } ?? "" },
    ])
}

extension Presentation {
    public func role(_ role: AssignmentRole) -> String {
        switch role {
        case .lead: text(en: "lead", zh: "牵头")
        case .responsible: text(en: "responsible", zh: "责任")
        }
    }

    public func reportStatus(_ status: String) -> String {
        switch status {
        case "synced": text(en: "synced", zh: "已同步")
        case "pending": text(en: "pending", zh: "待发送")
        case "sent": text(en: "sent", zh: "已发送")
        case "conflict": text(en: "conflict", zh: "冲突")
        case "rejected": text(en: "rejected", zh: "被拒")
        case "confirmed": text(en: "confirmed", zh: "已确认")
        default: status
        }
    }

    /// 32, 32.5: no trailing zeros.
    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
