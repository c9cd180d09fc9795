import DubanCore
import Foundation
import Postgres

/// Reads the plan data a client keeps offline; a unit's staff get the assignments they may see.
enum ReferenceLoader {
    static func load(identity: Identity, on connection: PostgresConnection) async throws -> ReferenceData {
        let units = try await AccountQueries.units(on: connection)
        let plans = try await connection.query("""
            SELECT id, year, title, time_zone, responsible_lead_days, progress_yellow_gap::float8, progress_red_gap::float8
              FROM duban.plans ORDER BY year, id
            """).map { row in
            ReferenceData.Plan(id: try row.decode(Int64.self, at: 0), year: try row.decode(Int.self, at: 1),
                               title: try row.decode(String.self, at: 2), timeZone: try row.decode(String.self, at: 3),
                               responsibleLeadDays: try row.decode(Int.self, at: 4),
                               progressRule: ProgressLightRule(yellowGap: try row.decode(Double.self, at: 5),
                                                               redGap: try row.decode(Double.self, at: 6)))
        }
        let nodes = try await connection.query("""
            SELECT id, plan_id, ordinal, node_date::text, lead_due_date::text, responsible_due_date::text
              FROM duban.reporting_nodes ORDER BY plan_id, ordinal
            """).map { row in
            ReferenceData.Node(id: try row.decode(Int64.self, at: 0), planId: try row.decode(Int64.self, at: 1),
                               ordinal: try row.decode(Int.self, at: 2), nodeDate: try date(row, 3),
                               leadDueDate: try date(row, 4), responsibleDueDate: try date(row, 5))
        }
        let tasks = try await connection.query("""
            SELECT t.id, t.plan_id, t.number, t.title, t.content, t.completion_standard, t.not_applicable,
                   t.district_lead_written, t.district_responsible_written,
                   ((t.closed_at AT TIME ZONE p.time_zone)::date)::text, t.carried_from_task_id
              FROM duban.tasks t JOIN duban.plans p ON p.id = t.plan_id ORDER BY t.plan_id, t.number
            """).map { row in
            ReferenceData.Task(id: try row.decode(Int64.self, at: 0), planId: try row.decode(Int64.self, at: 1),
                               number: try row.decode(Int.self, at: 2), title: try row.decode(String.self, at: 3),
                               content: try row.decode(String.self, at: 4), completionStandard: try row.decode(String.self, at: 5),
                               notApplicable: try row.decode(Bool.self, at: 6),
                               districtLeadWritten: try row.decode(String.self, at: 7),
                               districtResponsibleWritten: try row.decode(String.self, at: 8),
                               closedOn: row[9].flatMap(LocalDate.init(iso:)),
                               carriedFromTaskId: try row.decodeIfPresent(Int64.self, at: 10))
        }
        let unitFilter: Int64? = identity.role == .staff ? identity.unitID : nil
        let assignments = try await connection.query("""
            SELECT a.task_id, u.code, a.role FROM duban.assignments a JOIN duban.units u ON u.id = a.unit_id
             WHERE \(unitFilter)::bigint IS NULL OR a.unit_id = \(unitFilter) OR duban.unit_leads_task(a.task_id, \(unitFilter))
             ORDER BY a.task_id, a.role, u.code
            """).map { row in
            ReferenceData.Assignment(taskId: try row.decode(Int64.self, at: 0), unitCode: try row.decode(String.self, at: 1),
                                     role: AssignmentRole(rawValue: try row.decode(String.self, at: 2)) ?? .responsible)
        }
        return ReferenceData(units: units, plans: plans, nodes: nodes, tasks: tasks, assignments: assignments,
                             indicators: try await IndicatorQueries.load(on: connection),
                             implementationPlans: try await ImplementationQueries.load(identity: identity, on: connection))
    }

    private static func date(_ row: PostgresRow, _ column: Int) throws -> LocalDate {
        let text = try row.decode(String.self, at: column)
        guard let date = LocalDate(iso: text) else {
            throw PostgresError(code: .decoding, message: "not a date: column \(column)")
        }
        return date
    }
}
