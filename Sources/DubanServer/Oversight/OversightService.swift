import DubanCore
import Foundation
import Postgres

/// `GET /v1/oversight/…`: read-only answers for oversight users and the office, judged at the
/// server's clock by the rules of Deploy/SUPERVISION.md. Read on the replica when there is a fresh
/// enough one (`AppDatabase.readTransaction`). The same answers exist as SQL views in
/// schema `oversight` (migration 0011).
struct OversightService: Sendable {
    let database: AppDatabase
    let clock: ServerClock

    /// Reads the plan at `now` and hands it to `body` with the node asked for.
    func answer<Row: Codable & Sendable & Equatable>(
        year: Int?, node date: LocalDate?, identity: Identity,
        _ body: @Sendable (PlanFacts, PlanFacts.Node?, Date) throws -> [Row]
    ) async throws -> OversightAnswer<Row> {
        let now = clock.now()
        return try await database.readTransaction(as: identity) { connection in
            let facts = try await PlanFacts.load(year: year, now: now, on: connection)
            let node = try date.map { try facts.node(on: $0, now: now) }
            return OversightAnswer(planYear: facts.year, nodeDate: node?.date, evaluatedAt: now, rows: try body(facts, node, now))
        }
    }

    /// Every indicator's target, 序时 expected value, actual, gap and completion on `date` (today
    /// in the plan's time zone when nil), per task and per unit's share.
    func indicators(year: Int?, date: LocalDate?, task: Int?, unit: String?, identity: Identity) async throws -> IndicatorReport {
        let now = clock.now()
        return try await database.readTransaction(as: identity) { connection in
            let facts = try await PlanFacts.load(year: year, now: now, on: connection)
            if let task { _ = try facts.task(number: task) }
            return facts.indicatorReport(on: date ?? facts.day(of: now), task: task, unit: unit)
        }
    }
}
