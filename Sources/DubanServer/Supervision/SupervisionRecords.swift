import DubanCore
import Foundation
import Postgres

/// Reads supervision records as the API and the change feed carry them. `id` nil reads every record
/// the caller may see (row-level security decides), newest first.
enum SupervisionRecords {
    static func extensions(id: UUID? = nil, on connection: PostgresConnection) async throws -> [ExtensionRecord] {
        try await connection.query("""
            SELECT e.id, e.task_id, t.number, u.code, e.node_id, n.node_date::text, a.role,
                   CASE WHEN a.role = 'lead' THEN n.lead_due_date ELSE n.responsible_due_date END::text,
                   e.requested_due_date::text, e.reason, e.state, e.granted_due_date::text, e.decision_note,
                   duban.account_login(e.requested_by), e.requested_at, duban.account_login(e.decided_by), e.decided_at
              FROM duban.extensions e
              JOIN duban.tasks t ON t.id = e.task_id
              JOIN duban.units u ON u.id = e.unit_id
              JOIN duban.reporting_nodes n ON n.id = e.node_id
              LEFT JOIN duban.assignments a ON a.task_id = e.task_id AND a.unit_id = e.unit_id
             WHERE \(id)::uuid IS NULL OR e.id = \(id)::uuid
             ORDER BY e.requested_at DESC, e.id
            """).map { row in
            ExtensionRecord(
                id: try row.decode(UUID.self, at: 0), taskId: try row.decode(Int64.self, at: 1), taskNumber: try row.decode(Int.self, at: 2),
                unitCode: try row.decode(String.self, at: 3), nodeId: try row.decode(Int64.self, at: 4),
                nodeDate: try PlanFacts.date(row, 5),
                role: AssignmentRole(rawValue: try row.decodeIfPresent(String.self, at: 6) ?? "") ?? .responsible,
                scheduledDueDate: try PlanFacts.date(row, 7), requestedDueDate: try optionalDate(row, 8),
                reason: try row.decode(String.self, at: 9),
                state: ExtensionState(rawValue: try row.decode(String.self, at: 10)) ?? .requested,
                grantedDueDate: try optionalDate(row, 11), decisionNote: try row.decodeIfPresent(String.self, at: 12),
                requestedBy: try row.decodeIfPresent(String.self, at: 13) ?? "", requestedAt: try row.decode(Date.self, at: 14),
                decidedBy: try row.decodeIfPresent(String.self, at: 15), decidedAt: try row.decodeIfPresent(Date.self, at: 16))
        }
    }

    static func urges(id: Int64? = nil, on connection: PostgresConnection) async throws -> [UrgeRecord] {
        try await connection.query("""
            SELECT g.id, g.task_id, t.number, u.code, g.node_id, n.node_date::text, g.message, g.timeliness,
                   duban.account_login(g.account_id), g.created_at, g.reason, g.figures::text
              FROM duban.urges g
              JOIN duban.tasks t ON t.id = g.task_id
              JOIN duban.units u ON u.id = g.unit_id
              JOIN duban.reporting_nodes n ON n.id = g.node_id
             WHERE \(id)::bigint IS NULL OR g.id = \(id)::bigint
             ORDER BY g.created_at DESC, g.id DESC
            """).map { row in
            UrgeRecord(id: try row.decode(Int64.self, at: 0), taskId: try row.decode(Int64.self, at: 1),
                       taskNumber: try row.decode(Int.self, at: 2), unitCode: try row.decode(String.self, at: 3),
                       nodeId: try row.decode(Int64.self, at: 4), nodeDate: try PlanFacts.date(row, 5),
                       message: try row.decode(String.self, at: 6),
                       timeliness: TimelinessState(rawValue: try row.decode(String.self, at: 7)) ?? .missing,
                       urgedBy: try row.decodeIfPresent(String.self, at: 8) ?? "", createdAt: try row.decode(Date.self, at: 9),
                       reason: SupervisionReason(rawValue: try row.decode(String.self, at: 10)),
                       figures: try figures(row, 11))
        }
    }

    /// The progress figures kept with a `behind_schedule` urge or order.
    private static func figures(_ row: PostgresRow, _ index: Int) throws -> ProgressStanding? {
        guard let text = try row.decodeIfPresent(String.self, at: index) else { return nil }
        return try WireJSON.decoder().decode(ProgressStanding.self, from: Data(text.utf8))
    }

    static func orders(id: Int64? = nil, on connection: PostgresConnection) async throws -> [SupervisionOrderRecord] {
        var records: [Int64: SupervisionOrderRecord] = [:]
        var order: [Int64] = []
        for row in try await connection.query("""
            SELECT o.id, o.task_id, t.number, u.code, o.grade, o.state,
                   e.action, e.grade, e.note, duban.account_login(e.account_id), e.at, o.reason, o.figures::text
              FROM duban.supervision_orders o
              JOIN duban.tasks t ON t.id = o.task_id
              JOIN duban.units u ON u.id = o.unit_id
              JOIN duban.supervision_order_events e ON e.order_id = o.id
             WHERE \(id)::bigint IS NULL OR o.id = \(id)::bigint
             ORDER BY o.updated_at DESC, o.id DESC, e.id
            """) {
            let orderID = try row.decode(Int64.self, at: 0)
            if records[orderID] == nil {
                order.append(orderID)
                records[orderID] = SupervisionOrderRecord(
                    id: orderID, taskId: try row.decode(Int64.self, at: 1), taskNumber: try row.decode(Int.self, at: 2),
                    unitCode: try row.decode(String.self, at: 3), grade: OrderGrade(rawValue: try row.decode(String.self, at: 4)) ?? .blue,
                    state: OrderState(rawValue: try row.decode(String.self, at: 5)) ?? .open, history: [],
                    reason: SupervisionReason(rawValue: try row.decode(String.self, at: 11)), figures: try figures(row, 12))
            }
            records[orderID]!.history.append(OrderEvent(
                action: OrderAction(rawValue: try row.decode(String.self, at: 6)) ?? .issued,
                grade: OrderGrade(rawValue: try row.decode(String.self, at: 7)) ?? .blue, note: try row.decode(String.self, at: 8),
                by: try row.decodeIfPresent(String.self, at: 9) ?? "", at: try row.decode(Date.self, at: 10)))
        }
        return order.map { records[$0]! }
    }

    static func circulars(id: Int64? = nil, on connection: PostgresConnection) async throws -> [CircularRecord] {
        try await connection.query("""
            SELECT c.id, c.year, n.node_date::text, c.state, c.number, c.title, c.body, c.snapshot::text,
                   duban.account_login(c.drafted_by), duban.account_login(c.issued_by), c.issued_at, c.updated_at
              FROM duban.circulars c JOIN duban.reporting_nodes n ON n.id = c.node_id
             WHERE \(id)::bigint IS NULL OR c.id = \(id)::bigint
             ORDER BY c.year DESC, c.number DESC NULLS FIRST, c.id DESC
            """).map { row in
            let year = try row.decode(Int.self, at: 1)
            let number = try row.decodeIfPresent(Int.self, at: 4)
            return CircularRecord(
                id: try row.decode(Int64.self, at: 0), planYear: year, nodeDate: try PlanFacts.date(row, 2),
                state: CircularState(rawValue: try row.decode(String.self, at: 3)) ?? .draft, number: number,
                documentNumber: number.map { CircularRecord.documentNumber(year: year, number: $0) },
                title: try row.decode(String.self, at: 5), body: try row.decode(String.self, at: 6),
                snapshot: try WireJSON.decoder().decode(CircularSnapshot.self, from: Data(try row.decode(String.self, at: 7).utf8)),
                draftedBy: try row.decodeIfPresent(String.self, at: 8) ?? "", issuedBy: try row.decodeIfPresent(String.self, at: 9),
                issuedAt: try row.decodeIfPresent(Date.self, at: 10), updatedAt: try row.decode(Date.self, at: 11))
        }
    }

    static func inspections(id: Int64? = nil, on connection: PostgresConnection) async throws -> [InspectionRecord] {
        var records: [Int64: InspectionRecord] = [:]
        var order: [Int64] = []
        for row in try await connection.query("""
            SELECT i.id, i.task_id, t.number, u.code, i.kind, i.inspected_on::text, i.inspectors, i.findings,
                   i.rectification, i.rectification_due::text, i.state,
                   e.action, e.note, duban.account_login(e.account_id), e.at
              FROM duban.inspections i
              JOIN duban.tasks t ON t.id = i.task_id
              JOIN duban.units u ON u.id = i.unit_id
              JOIN duban.inspection_events e ON e.inspection_id = i.id
             WHERE \(id)::bigint IS NULL OR i.id = \(id)::bigint
             ORDER BY i.inspected_on DESC, i.id DESC, e.id
            """) {
            let inspectionID = try row.decode(Int64.self, at: 0)
            if records[inspectionID] == nil {
                order.append(inspectionID)
                records[inspectionID] = InspectionRecord(
                    id: inspectionID, taskId: try row.decode(Int64.self, at: 1), taskNumber: try row.decode(Int.self, at: 2),
                    unitCode: try row.decode(String.self, at: 3),
                    kind: InspectionKind(rawValue: try row.decode(String.self, at: 4)) ?? .online,
                    inspectedOn: try PlanFacts.date(row, 5), inspectors: try row.decode([String].self, at: 6),
                    findings: try row.decode(String.self, at: 7), rectification: try row.decodeIfPresent(String.self, at: 8),
                    rectificationDue: try optionalDate(row, 9),
                    state: InspectionState(rawValue: try row.decode(String.self, at: 10)) ?? .rectifying, history: [])
            }
            records[inspectionID]!.history.append(InspectionEvent(
                action: InspectionEvent.Action(rawValue: try row.decode(String.self, at: 11)) ?? .progress,
                note: try row.decode(String.self, at: 12), by: try row.decodeIfPresent(String.self, at: 13) ?? "",
                at: try row.decode(Date.self, at: 14)))
        }
        return order.map { records[$0]! }
    }

    static func optionalDate(_ row: PostgresRow, _ index: Int) throws -> LocalDate? {
        guard let text = try row.decodeIfPresent(String.self, at: index) else { return nil }
        return LocalDate(iso: text)
    }

    /// Appends a change for a supervision record, last in the transaction (see `duban.record_change`).
    /// `unitID`/`taskID` nil for both means every signed-in account sees it.
    static func publish(_ change: ChangeRecord, unitID: Int64?, taskID: Int64?, on connection: PostgresConnection) async throws {
        let data = String(decoding: try WireJSON.encoder().encode(change), as: UTF8.self)
        try await connection.execute("""
            SELECT duban.record_change(\(change.entityType), \(change.entityId), \(unitID)::bigint, \(taskID)::bigint, \(data)::jsonb)
            """)
    }
}
