import DubanCore
import Foundation
import Logging
import Postgres
import ServiceLifecycle

/// Keeps `duban.status_lights` current for every plan, so the oversight views and the public page
/// show the lights the API computes. Runs every `interval` (and once at start-up) as the office.
struct LightKeeper: Service {
    let database: AppDatabase
    let clock: ServerClock
    let interval: Duration
    let logger: Logger

    /// The scope the keeper writes under: the office's role, no account.
    static let identity = Identity(accountID: 0, unitID: 0, role: .supervisor, deviceID: UUID(uuidString: "00000000-0000-0000-0000-000000000000")!,
                                   sessionID: 0, mustChangePassword: false, expiresAt: .distantFuture)

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let written = try await refresh()
                logger.debug("status lights refreshed", metadata: ["rows": "\(written)"])
            } catch {
                logger.warning("status lights not refreshed; will retry", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// Recomputes every plan's lights at the clock's now; returns the number of rows written.
    @discardableResult
    func refresh() async throws -> Int {
        let now = clock.now()
        return try await database.transaction(as: Self.identity) { connection in
            // Several servers run a keeper each: one refreshes at a time (two at once would each
            // delete the old rows and insert a full set), and the others wait for it rather than
            // repeat its work on the same data a moment later.
            try await connection.execute("SELECT pg_advisory_xact_lock(hashtext('duban.status_lights'))")
            let years = try await connection.query("SELECT DISTINCT year FROM duban.plans ORDER BY year").map { try $0.decode(Int.self, at: 0) }
            var written = 0
            for year in years {
                let facts = try await PlanFacts.load(year: year, now: now, on: connection)
                try await connection.execute("""
                    DELETE FROM duban.status_lights WHERE task_id IN (SELECT id FROM duban.tasks WHERE plan_id = \(facts.planID))
                    """)
                for row in facts.lightRows(now: now, unit: nil) {
                    let task = facts.tasks.first { $0.number == row.taskNumber }!
                    let unitID = row.unitCode.flatMap { code in task.assignments.first { $0.unitCode == code }?.unitID }
                    try await connection.execute("""
                        INSERT INTO duban.status_lights (task_id, unit_id, light, reasons, node_date, target, progress, evaluated_at,
                                                         progress_light)
                        VALUES (\(task.id), \(unitID)::bigint, \(row.light.rawValue), \(row.reasons.map(\.rawValue)),
                                \(row.nodeDate?.description)::date, \(row.target.map { ($0 * 100).rounded() / 100 })::numeric,
                                \(row.progress.map { ($0 * 100).rounded() / 100 })::numeric, \(now), \(row.schedule?.light.rawValue))
                        """)
                    written += 1
                }
            }
            return written
        }
    }
}

/// Recomputes `duban.status_lights` for every plan now (what the server's light keeper does every
/// `DUBAN_LIGHT_INTERVAL` seconds); returns the number of rows written.
public func refreshStatusLights(database: AppDatabase, clock: ServerClock) async throws -> Int {
    try await LightKeeper(database: database, clock: clock, interval: .seconds(60), logger: Logger(label: "duban.lights")).refresh()
}
