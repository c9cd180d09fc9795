import DubanCore
import Foundation
import Postgres

/// Inspections, on-line or on-site, and the rectification they require, followed to closure.
extension SupervisionService {
    func addInspection(_ request: InspectionRequest, identity: Identity) async throws -> InspectionRecord {
        let now = clock.now()
        let inspectors = request.inspectors.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard !inspectors.isEmpty, inspectors.count <= 50, inspectors.allSatisfy({ TextLimit.length($0) <= 100 }) else {
            throw DomainError.invalid("inspection.inspectors_required", en: "name between 1 and 50 inspectors, each in at most 100 characters",
                                   zh: "请填写 1 至 50 名检查人员，每个姓名不超过 100 个字符")
        }
        let findings = try Self.note(request.findings, field: "findings", limit: TextLimit.inspectionText)
        let rectification = request.rectification?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard TextLimit.length(rectification ?? "") <= TextLimit.inspectionText else {
            throw DomainError.invalid("supervision.note_too_long", en: "rectification is longer than \(TextLimit.inspectionText) characters",
                                   zh: "整改要求超过 \(TextLimit.inspectionText) 个字符")
        }
        let required = !(rectification ?? "").isEmpty
        if request.rectificationDue != nil && !required {
            throw DomainError.invalid("inspection.rectification_required", en: "a rectification due date needs the rectification it is for",
                                   zh: "填写整改期限时须写明整改要求")
        }
        return try await database.transaction(as: identity) { connection in
            let facts = try await PlanFacts.load(year: request.planYear, on: connection)
            let task = try facts.task(number: request.taskNumber)
            guard !task.notApplicable else {
                throw DomainError.invalid("report.not_applicable", en: "task \(task.number) does not involve the district",
                                       zh: "第 \(task.number) 项任务不涉及本区")
            }
            let assignment = try request.unitCode.map { try facts.assignment(of: $0, on: task) }
                ?? task.assignments.first { $0.role == .lead }!
            let id = try await connection.query("""
                INSERT INTO duban.inspections (task_id, unit_id, kind, inspected_on, inspectors, findings, rectification,
                                               rectification_due, state, account_id, created_at)
                VALUES (\(task.id), \(assignment.unitID), \(request.kind.rawValue), \(request.inspectedOn.description)::date,
                        \(inspectors), \(findings), \(required ? rectification : nil), \(request.rectificationDue?.description)::date,
                        \(required ? InspectionState.rectifying.rawValue : InspectionState.closed.rawValue), \(identity.accountID), \(now))
                RETURNING id
                """)[0].decode(Int64.self, at: 0)
            return try await event(inspection: id, action: .recorded, note: findings, now: now, identity: identity, on: connection)
        }
    }

    /// Notes progress on, or closes, an inspection's rectification.
    func noteInspection(id: Int64, action: InspectionEvent.Action, note: String, identity: Identity) async throws -> InspectionRecord {
        let now = clock.now()
        let note = try Self.note(note, limit: TextLimit.inspectionText)
        return try await database.transaction(as: identity) { connection in
            let rows = try await connection.query("SELECT state FROM duban.inspections WHERE id = \(id) FOR UPDATE")
            guard let row = rows.first else {
                throw DomainError.missing("inspection.not_found", en: "no inspection \(id)", zh: "检查记录 \(id) 不存在")
            }
            guard try row.decode(String.self, at: 0) == InspectionState.rectifying.rawValue else {
                throw DomainError.refused("inspection.closed", en: "inspection \(id) is closed", zh: "检查记录 \(id) 已销号")
            }
            if action == .closed {
                try await connection.execute("UPDATE duban.inspections SET state = 'closed' WHERE id = \(id)")
            }
            return try await event(inspection: id, action: action, note: note, now: now, identity: identity, on: connection)
        }
    }

    private func event(inspection id: Int64, action: InspectionEvent.Action, note: String, now: Date, identity: Identity,
                       on connection: PostgresConnection) async throws -> InspectionRecord {
        try await connection.execute("""
            INSERT INTO duban.inspection_events (inspection_id, action, note, account_id, at)
            VALUES (\(id), \(action.rawValue), \(note), \(identity.accountID), \(now))
            """)
        try await AppDatabase.audit("inspection.\(action.rawValue)", entityType: "inspection", entityID: String(id), on: connection)
        let scope = try await connection.query("SELECT unit_id, task_id FROM duban.inspections WHERE id = \(id)")[0]
        guard let record = try await SupervisionRecords.inspections(id: id, on: connection).first else {
            throw DomainError.internalInconsistency("inspection not readable after write")
        }
        try await SupervisionRecords.publish(ChangeRecord(seq: 0, entityType: "inspection", entityId: String(id), inspection: record),
                                             unitID: try scope.decode(Int64.self, at: 0), taskID: try scope.decode(Int64.self, at: 1),
                                             on: connection)
        return record
    }
}
