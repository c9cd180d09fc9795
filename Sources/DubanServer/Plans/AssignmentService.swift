import DubanCore
import Foundation
import Postgres

/// Who leads and who is responsible for what. A unit's staff see their own assignments and every
/// assignment of the tasks their unit leads (filtered here, and again by row-level security).
struct AssignmentService: Sendable {
    let database: AppDatabase

    func list(identity: Identity) async throws -> AssignmentList {
        let unitFilter: Int64? = identity.role == .staff ? identity.unitID : nil
        return try await database.transaction(as: identity) { connection in
            let rows = try await connection.query("""
                SELECT p.year, t.number, t.title, u.code, u.name, a.role, a.written_as
                  FROM duban.assignments a
                  JOIN duban.tasks t ON t.id = a.task_id
                  JOIN duban.plans p ON p.id = t.plan_id
                  JOIN duban.units u ON u.id = a.unit_id
                 WHERE \(unitFilter)::bigint IS NULL OR a.unit_id = \(unitFilter)
                       OR duban.unit_leads_task(a.task_id, \(unitFilter))
                 ORDER BY p.year, t.number, a.role, u.code
                """)
            return AssignmentList(assignments: try rows.map { row in
                AssignmentInfo(planYear: try row.decode(Int.self, at: 0), taskNumber: try row.decode(Int.self, at: 1),
                               taskTitle: try row.decode(String.self, at: 2), unitCode: try row.decode(String.self, at: 3),
                               unitName: try row.decode(String.self, at: 4),
                               role: AssignmentRole(rawValue: try row.decode(String.self, at: 5)) ?? .responsible,
                               writtenAs: try row.decode(String.self, at: 6))
            })
        }
    }
}
