import DubanCore
import Foundation

/// One line of `duban review list`: a responsible unit's report on a task the caller's unit leads.
public struct ReviewRow: Codable, Sendable, Equatable {
    public var id: UUID
    public var taskNumber: Int?
    public var unitCode: String
    public var nodeDate: LocalDate?
    public var headRevision: Int
    /// `submitted`, `accepted` or `returned`, as last synced.
    public var state: ReviewState
    /// A decision written here, not yet sent (`accept`, `return`).
    public var pendingDecision: ReviewDecision?
    public var lastDecision: ReviewDecision?
    public var lastReason: String?
    public var lastReviewedRevision: Int?
    public var text: String
    /// What is reviewed: a report, or (for the supervision office) a lead unit's implementation plan.
    public var subject: Subject = .report

    public enum Subject: String, Codable, Sendable {
        case report
        case implementationPlan = "implementation_plan"
    }

    /// A lead unit's implementation plan, as the supervision office reviews it (its newest revision).
    public init(plan: ImplementationPlanRecord, reference: ReferenceData, pendingDecision: ReviewDecision? = nil) {
        id = plan.id
        taskNumber = reference.tasks.first { $0.id == plan.taskId }?.number
        unitCode = plan.unitCode
        nodeDate = nil
        headRevision = plan.version
        state = plan.state
        self.pendingDecision = pendingDecision
        let last = plan.reviews.max { $0.decidedAt < $1.decidedAt }
        lastDecision = last?.decision
        lastReason = last?.reason
        lastReviewedRevision = last?.revision
        text = plan.newest?.measures ?? ""
        subject = .implementationPlan
    }

    public init(_ report: CachedReport, reference: ReferenceData) {
        id = report.id
        taskNumber = reference.tasks.first { $0.id == report.taskId }?.number
        unitCode = report.unitCode
        nodeDate = reference.nodes.first { $0.id == report.nodeId }?.nodeDate
        headRevision = report.headRevision
        state = report.reviewState
        pendingDecision = report.pendingReviews.last?.decision
        let last = report.lastReview
        lastDecision = last?.decision
        lastReason = last?.reason
        lastReviewedRevision = last?.revision
        text = report.revisions.first { $0.revision == report.headRevision }?.content.text ?? ""
    }

    /// The reports a unit reviews: other units' reports on tasks where `unit` is the lead.
    public static func rows(unit: String, reference: ReferenceData, reports: [CachedReport]) -> [ReviewRow] {
        let led = Set(reference.assignments.filter { $0.unitCode == unit && $0.role == .lead }.map(\.taskId))
        return reports.filter { led.contains($0.taskId) && $0.unitCode != unit && $0.headRevision > 0 }
            .map { ReviewRow($0, reference: reference) }
            .sorted { ($0.taskNumber ?? 0, $0.nodeDate?.description ?? "", $0.unitCode) < ($1.taskNumber ?? 0, $1.nodeDate?.description ?? "", $1.unitCode) }
    }

    /// The reports the supervision office reviews: each lead unit's own report on a task it leads
    /// (its consolidated report for that task and node).
    public static func rowsForSupervisionOffice(reference: ReferenceData, reports: [CachedReport]) -> [ReviewRow] {
        let leads = Set(reference.assignments.filter { $0.role == .lead }.map { LeadKey(taskId: $0.taskId, unitCode: $0.unitCode) })
        return reports.filter { leads.contains(LeadKey(taskId: $0.taskId, unitCode: $0.unitCode)) && $0.headRevision > 0 }
            .map { ReviewRow($0, reference: reference) }
            .sorted { ($0.taskNumber ?? 0, $0.nodeDate?.description ?? "", $0.unitCode) < ($1.taskNumber ?? 0, $1.nodeDate?.description ?? "", $1.unitCode) }
    }

    /// Whether `report` is a lead unit's own report on a task it leads: what the supervision office reviews.
    public static func isConsolidated(_ report: CachedReport, reference: ReferenceData) -> Bool {
        reference.assignments.contains { $0.taskId == report.taskId && $0.unitCode == report.unitCode && $0.role == .lead }
    }

    private struct LeadKey: Hashable {
        var taskId: Int64
        var unitCode: String
    }
}

extension Listing where Row == ReviewRow {
    public static let reviews = Listing([
        Column("id", "编号") { row, style in
            style.abbreviates ? String(row.id.uuidString.lowercased().prefix(8)) : row.id.uuidString.lowercased()
        },
        Column("task", "任务", alignment: .right) { row, _ in row.taskNumber.map(String.init) ?? "" },
        Column("unit", "单位") { row, _ in row.unitCode },
        Column("node", "节点") { row, style in
            row.subject == .implementationPlan ? style.text(en: "implementation plan", zh: "实施方案") : row.nodeDate?.description ?? ""
        },
        Column("revision", "修订", alignment: .right) { row, _ in String(row.headRevision) },
        Column("state", "审核状态") { row, style in
            style.reviewState(row.state) + (row.pendingDecision.map { " (" + style.text(en: "pending ", zh: "待发送：") + style.reviewDecision($0) + ")" } ?? "")
        },
        Column("last decision", "最近审核") { row, style in
            row.lastDecision.map { style.reviewDecision($0) + (row.lastReviewedRevision.map { " r\($0)" } ?? "") } ?? ""
        },
        Column("reason", "理由") { row, style in
            let reason = row.lastReason ?? ""
            return style.abbreviates ? DisplayWidth.truncate(TextTable.oneLine(reason), to: 40) : reason
        },
    ])
}

extension Presentation {
    public func reviewState(_ state: ReviewState) -> String {
        switch state {
        case .submitted: text(en: "submitted", zh: "待审核")
        case .accepted: text(en: "accepted", zh: "已通过")
        case .returned: text(en: "returned", zh: "已退回")
        }
    }

    public func reviewDecision(_ decision: ReviewDecision) -> String {
        switch decision {
        case .accept: text(en: "accept", zh: "通过")
        case .return: text(en: "return", zh: "退回")
        }
    }
}
