import Postgres

/// Which changes of the feed a caller may see, stated once: a unit's staff see their own unit's
/// changes, the plan-wide ones (no unit, no task) and every change on the tasks their unit leads;
/// every other role sees the whole feed. The pull, the long poll's database check and the
/// notifier's in-memory filter all come from here (the database's `changes_read` policy enforces
/// it again, and `ChangeScopeTests` checks the SQL and the in-memory rule against each other).
struct ChangeScope: Sendable, Equatable {
    /// The caller's unit.
    var unitID: Int64
    /// Everyone but a unit's staff.
    var seesEverything: Bool
    /// The tasks the caller's unit leads.
    var ledTasks: Set<Int64>

    init(unitID: Int64, seesEverything: Bool, ledTasks: Set<Int64>) {
        self.unitID = unitID
        self.seesEverything = seesEverything
        self.ledTasks = ledTasks
    }

    /// The scope of `identity`, whose unit leads `ledTasks`.
    init(identity: Identity, ledTasks: [Int64]) {
        self.init(unitID: identity.unitID, seesEverything: identity.role != .staff, ledTasks: Set(ledTasks))
    }

    /// True when this caller may see a change of `unitID` on `taskID` (nil: plan-wide).
    func sees(unitID changeUnit: Int64?, taskID: Int64?) -> Bool {
        if seesEverything || changeUnit == unitID { return true }
        if changeUnit == nil && taskID == nil { return true }
        return taskID.map(ledTasks.contains) ?? false
    }

    /// Up to `limit` visible changes after `cursor`, in order: each change's number and its JSON as
    /// the client receives it (the number set in it).
    ///
    /// - Parameter rangeScanFromLedTasks: from how many led tasks one walk along the feed, filtered,
    ///   replaces one index range per led task (cheaper for a unit that sees much of the feed).
    func changes(after cursor: Int64, limit: Int, rangeScanFromLedTasks: Int, on connection: PostgresConnection) async throws
        -> PostgresRows
    {
        let led = ledTasks.sorted()
        if seesEverything {
            return try await connection.query("""
                SELECT seq, jsonb_set(data, '{seq}', to_jsonb(seq))::text FROM duban.changes
                 WHERE seq > \(cursor) ORDER BY seq LIMIT \(limit)
                """)
        }
        if led.count >= rangeScanFromLedTasks {
            return try await connection.query("""
                SELECT seq, jsonb_set(data, '{seq}', to_jsonb(seq))::text FROM duban.changes
                 WHERE seq > \(cursor)
                   AND (unit_id = \(unitID) OR (unit_id IS NULL AND task_id IS NULL) OR task_id = ANY(\(led)::bigint[]))
                 ORDER BY seq LIMIT \(limit)
                """)
        }
        // One ordered, limited index range per part of the scope, merged: cheap however large the feed
        // is and however little of it this unit may see.
        return try await connection.query("""
            SELECT seq, jsonb_set(data, '{seq}', to_jsonb(seq))::text FROM (
                (SELECT seq, data FROM duban.changes
                  WHERE unit_id = \(unitID) AND seq > \(cursor) ORDER BY seq LIMIT \(limit))
                UNION ALL
                (SELECT seq, data FROM duban.changes
                  WHERE unit_id IS NULL AND task_id IS NULL AND seq > \(cursor) ORDER BY seq LIMIT \(limit))
                UNION ALL
                (SELECT c.seq, c.data FROM unnest(\(led)::bigint[]) AS t(id),
                        LATERAL (SELECT seq, data FROM duban.changes
                                  WHERE task_id = t.id AND unit_id IS DISTINCT FROM \(unitID) AND seq > \(cursor)
                                  ORDER BY seq LIMIT \(limit)) AS c)
            ) AS visible
            ORDER BY seq
            LIMIT \(limit)
            """)
    }

    /// True when a change after `cursor` is visible to this caller (`newest`: the newest number of all).
    func anyChange(after cursor: Int64, newest: Int64, on connection: PostgresConnection) async throws -> Bool {
        if seesEverything { return newest > cursor }
        return try await connection.query("""
            SELECT EXISTS (SELECT 1 FROM duban.changes WHERE unit_id = \(unitID) AND seq > \(cursor))
                OR EXISTS (SELECT 1 FROM duban.changes WHERE unit_id IS NULL AND task_id IS NULL AND seq > \(cursor))
                OR EXISTS (SELECT 1 FROM duban.changes WHERE task_id = ANY(\(ledTasks.sorted())::bigint[]) AND seq > \(cursor))
            """)[0].decode(Bool.self, at: 0)
    }
}
