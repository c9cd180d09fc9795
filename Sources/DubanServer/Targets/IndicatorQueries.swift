import DubanCore
import Foundation
import Postgres

/// Reads indicators with their splits: the one query the reference data, the target routes, the
/// writers and the supervision figures share.
enum IndicatorQueries {
    /// The indicators of `plan` (every plan when nil), or of one task, in task and indicator order.
    static func load(plan planID: Int64? = nil, task taskID: Int64? = nil, confirmedOnly: Bool = false,
                     on connection: PostgresConnection) async throws -> [Indicator] {
        try await connection.query("""
            SELECT i.id, i.task_id, i.name, i.measure, i.target::float8, i.cumulative, i.source, i.confirmed, i.phrase,
                   i.split_reason,
                   coalesce((SELECT jsonb_agg(jsonb_build_object('unit_code', u.code, 'target', s.target::float8) ORDER BY u.code)
                               FROM duban.indicator_splits s JOIN duban.units u ON u.id = s.unit_id
                              WHERE s.indicator_id = i.id), '[]'::jsonb)::text
              FROM duban.indicators i JOIN duban.tasks t ON t.id = i.task_id
             WHERE (\(planID)::bigint IS NULL OR t.plan_id = \(planID)::bigint)
               AND (\(taskID)::bigint IS NULL OR i.task_id = \(taskID)::bigint)
               AND (NOT \(confirmedOnly) OR i.confirmed)
             ORDER BY t.plan_id, t.number, i.position, i.id
            """).map { row in
            let splits = try WireJSON.decoder().decode([IndicatorSplit].self, from: Data(try row.decode(String.self, at: 10).utf8))
            return Indicator(id: try row.decode(Int64.self, at: 0), taskId: try row.decode(Int64.self, at: 1),
                             name: try row.decode(String.self, at: 2), measure: try row.decode(String.self, at: 3),
                             target: try row.decode(Double.self, at: 4), cumulative: try row.decode(Bool.self, at: 5),
                             source: Indicator.Source(rawValue: try row.decode(String.self, at: 6)) ?? .office,
                             confirmed: try row.decode(Bool.self, at: 7), phrase: try row.decodeIfPresent(String.self, at: 8),
                             splits: splits, splitReason: try row.decodeIfPresent(String.self, at: 9))
        }
    }

    /// The task's number, plan year, whether it is closed and the codes of the units that serve it, for the writers' checks.
    static func taskContext(_ taskID: Int64, on connection: PostgresConnection) async throws
        -> (number: Int, year: Int, notApplicable: Bool, units: Set<String>, closed: Bool)?
    {
        let rows = try await connection.query("""
            SELECT t.number, p.year, t.not_applicable, t.closed_at IS NOT NULL,
                   coalesce((SELECT array_agg(u.code ORDER BY u.code) FROM duban.assignments a JOIN duban.units u ON u.id = a.unit_id
                              WHERE a.task_id = t.id), '{}')
              FROM duban.tasks t JOIN duban.plans p ON p.id = t.plan_id WHERE t.id = \(taskID)
            """)
        guard let row = rows.first else { return nil }
        return (try row.decode(Int.self, at: 0), try row.decode(Int.self, at: 1), try row.decode(Bool.self, at: 2),
                Set(try row.decode([String].self, at: 4)), try row.decode(Bool.self, at: 3))
    }
}
