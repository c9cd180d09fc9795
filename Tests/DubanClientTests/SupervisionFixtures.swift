@testable import DubanClient
import DubanCore
import Foundation

/// Records of the supervision workflow as the change feed carries them.
enum SupervisionFixtures {
    static let now = LocalCacheTests.now
    static let node = LocalDate(iso: "2022-03-28")!

    static func urge(_ id: Int64, unit: String = "jd-tianma", message: String = "请尽快报送", at offset: TimeInterval = 0) -> UrgeRecord {
        UrgeRecord(id: id, taskId: 9, taskNumber: 9, unitCode: unit, nodeId: 1, nodeDate: node, message: message,
                   timeliness: .missing, urgedBy: "dcb1", createdAt: now.addingTimeInterval(offset))
    }

    static func order(_ id: Int64, grade: OrderGrade, state: OrderState = .open, unit: String = "jd-tianma") -> SupervisionOrderRecord {
        var history = [OrderEvent(action: .issued, grade: .blue, note: "逾期", by: "dcb1", at: now)]
        if grade > .blue { history.append(OrderEvent(action: .escalated, grade: grade, note: "再次逾期", by: "dcb1", at: now.addingTimeInterval(60))) }
        if state == .closed { history.append(OrderEvent(action: .closed, grade: grade, note: "已整改", by: "dcb1", at: now.addingTimeInterval(120))) }
        return SupervisionOrderRecord(id: id, taskId: 9, taskNumber: 9, unitCode: unit, grade: grade, state: state, history: history)
    }

    static func extensionRecord(_ id: UUID, state: ExtensionState, requested: LocalDate? = LocalDate(iso: "2022-04-02"),
                                granted: LocalDate? = nil, unit: String = "jd-tianma", nodeId: Int64 = 1) -> ExtensionRecord {
        ExtensionRecord(id: id, taskId: 9, taskNumber: 9, unitCode: unit, nodeId: nodeId, nodeDate: node, role: .responsible,
                        scheduledDueDate: LocalDate(iso: "2022-03-25")!, requestedDueDate: requested, reason: "雨天停工",
                        state: state, grantedDueDate: granted, decisionNote: state == .requested ? nil : "同意",
                        requestedBy: "tianma1", requestedAt: now, decidedBy: state == .requested ? nil : "dcb1",
                        decidedAt: state == .requested ? nil : now.addingTimeInterval(3600))
    }

    static func circular(_ id: Int64, number: Int, title: String = "关于2022年第一季度为民办实事进展情况的通报") -> CircularRecord {
        CircularRecord(id: id, planYear: 2022, nodeDate: node, state: .issued, number: number,
                       documentNumber: CircularRecord.documentNumber(year: 2022, number: number), title: title, body: "正文",
                       snapshot: CircularSnapshot(takenAt: now, nodeDate: node, tasksOnSchedule: [], tasksBehind: [], lateUnits: [],
                                                  missingUnits: [], commended: [], criticized: []),
                       draftedBy: "dcb1", issuedBy: "dcb1", issuedAt: now, updatedAt: now)
    }

    static func inspection(_ id: Int64, state: InspectionState, due: LocalDate? = LocalDate(iso: "2022-04-30"),
                           unit: String = "jd-tianma") -> InspectionRecord {
        InspectionRecord(id: id, taskId: 9, taskNumber: 9, unitCode: unit, kind: .onSite, inspectedOn: LocalDate(iso: "2022-04-06")!,
                         inspectors: ["张三", "李四"], findings: "健身路径未完工", rectification: "月底前完工", rectificationDue: due,
                         state: state, history: [InspectionEvent(action: .recorded, note: "", by: "dcb1", at: now)])
    }

    static func change(_ seq: Int64, urge: UrgeRecord) -> ChangeRecord {
        ChangeRecord(seq: seq, entityType: "urge", entityId: String(urge.id), urge: urge)
    }

    static func change(_ seq: Int64, order: SupervisionOrderRecord) -> ChangeRecord {
        ChangeRecord(seq: seq, entityType: "supervision_order", entityId: String(order.id), supervisionOrder: order)
    }

    static func change(_ seq: Int64, extension record: ExtensionRecord) -> ChangeRecord {
        ChangeRecord(seq: seq, entityType: "extension", entityId: record.id.uuidString.lowercased(), extension: record)
    }

    static func change(_ seq: Int64, circular: CircularRecord) -> ChangeRecord {
        ChangeRecord(seq: seq, entityType: "circular", entityId: String(circular.id), circular: circular)
    }

    static func change(_ seq: Int64, inspection: InspectionRecord) -> ChangeRecord {
        ChangeRecord(seq: seq, entityType: "inspection", entityId: String(inspection.id), inspection: inspection)
    }
}
