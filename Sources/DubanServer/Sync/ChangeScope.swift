import DubanCore
import Postgres

/// Which changes of the feed a caller may see, stated once (``AccountRole/reach``): a unit's staff
/// see their own unit's changes, the plan-wide ones (no unit, no task) and every change on the tasks
/// their unit leads; the office and oversight see the whole feed; an admin only the plan-wide ones. The pull, the long poll's database check and the
/// notifier's in-memory filter all come from here (the database's `changes_read` policy enforces
/// it again, and `ChangeScopeTests` checks the SQL and the in-memory rule against each other).
struct ChangeScope: Sendable, Equatable {
    /// The caller's unit.
    var unitID: Int64
    /// How much of the units' work the caller reads.
    var reach: AccountRole.Reach
    /// The tasks the caller's unit leads.
    var ledTasks: Set<Int64>

    init(unitID: Int64, reach: AccountRole.Reach, ledTasks: Set<Int64>) {
        self.unitID = unitID
        self.reach = reach
        self.ledTasks = ledTasks
    }

    /// The scope of `identity`, whose unit leads `ledTasks`.
    init(identity: Identity, ledTasks: [Int64]) {
        self.init(unitID: identity.unitID, reach: identity.role.reach, ledTasks: Set(ledTasks))
    }

    /// The office and oversight: every change.
    var seesEverything: Bool { reach == .everyUnit }

    /// True when this caller may see a change of `unitID` on `taskID` (nil: plan-wide).
    func sees(unitID changeUnit: Int64?, taskID: Int64?) -> Bool {
        if changeUnit == nil && taskID == nil { return true }
        switch reach {
        case .everyUnit: return true
        case .none: return false
        case .ownUnitAndLedTasks: return changeUnit == unitID || (taskID.map(ledTasks.contains) ?? false)
        }
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
        if reach == .none {
            return try await connection.query("""
                SELECT seq, jsonb_set(data, '{seq}', to_jsonb(seq))::text FROM duban.changes
                 WHERE unit_id IS NULL AND task_id IS NULL AND seq > \(cursor) ORDER BY seq LIMIT \(limit)
                """)
        }
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

    /// Up to `limit` visible changes of `task` numbered after `after` and up to `through`, in order
    /// (the history a unit receives when it starts leading a task).
    func changes(ofTask task: Int64, after: Int64, through: Int64, limit: Int, on connection: PostgresConnection) async throws
        -> PostgresRows
    {
        // A change of a task always names its unit, so never plan-wide: the whole task, or this
        // unit's own part of it, or nothing.
        let wholeTask = reach == .everyUnit || (reach == .ownUnitAndLedTasks && ledTasks.contains(task))
        let ownPart = reach == .ownUnitAndLedTasks
        return try await connection.query("""
            SELECT seq, jsonb_set(data, '{seq}', to_jsonb(seq))::text FROM duban.changes
             WHERE task_id = \(task) AND seq > \(after) AND seq <= \(through)
               AND (\(wholeTask) OR (\(ownPart) AND unit_id = \(unitID)))
             ORDER BY seq LIMIT \(limit)
            """)
    }

    /// True when a change after `cursor` is visible to this caller (`newest`: the newest number of all).
    func anyChange(after cursor: Int64, newest: Int64, on connection: PostgresConnection) async throws -> Bool {
        if seesEverything { return newest > cursor }
        if reach == .none {
            return try await connection.query("""
                SELECT EXISTS (SELECT 1 FROM duban.changes WHERE unit_id IS NULL AND task_id IS NULL AND seq > \(cursor))
                """)[0].decode(Bool.self, at: 0)
        }
        return try await connection.query("""
            SELECT EXISTS (SELECT 1 FROM duban.changes WHERE unit_id = \(unitID) AND seq > \(cursor))
                OR EXISTS (SELECT 1 FROM duban.changes WHERE unit_id IS NULL AND task_id IS NULL AND seq > \(cursor))
                OR EXISTS (SELECT 1 FROM duban.changes WHERE task_id = ANY(\(ledTasks.sorted())::bigint[]) AND seq > \(cursor))
            """)[0].decode(Bool.self, at: 0)
    }
}
