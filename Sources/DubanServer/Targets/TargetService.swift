import DubanCore
import Foundation
import Postgres

/// The district's targets (`/v1/targets`): the supervision office or an admin sets each task's
/// indicators, splits them among the task's units and confirms what the import proposed from the
/// city's completion standard. Every rule on the values is `IndicatorRules`'.
struct TargetService: Sendable {
    let database: AppDatabase

    /// Every indicator of the plan, or of one task.
    func list(year: Int?, task number: Int?, identity: Identity) async throws -> TargetList {
        try await database.transaction(as: identity, isolation: .repeatableRead) { connection in
            let facts = try await PlanFacts.load(year: year, on: connection)
            let taskID = try number.map { try facts.task(number: $0).id }
            return TargetList(planYear: facts.year,
                              indicators: try await IndicatorQueries.load(plan: facts.planID, task: taskID, on: connection))
        }
    }

    /// Creates or changes one indicator: confirmed, the office's.
    func set(_ request: TargetSetRequest, identity: Identity) async throws -> TargetList {
        let name = try Self.rule { try IndicatorRules.name(request.indicator) }
        let measure = try request.measure.map { typed in try Self.rule { try IndicatorRules.measure(typed) } }
        try Self.rule { try IndicatorRules.checkTarget(request.target) }
        return try await edit(year: request.planYear, task: request.taskNumber, identity: identity) { task, connection in
            let existing = try await IndicatorQueries.load(task: task.id, on: connection)
            if let current = existing.first(where: { $0.name == name }) {
                try Self.rule {
                    try IndicatorRules.checkSplit(target: request.target, shares: current.splits.map(\.target), reason: current.splitReason)
                }
                try await connection.execute("""
                    UPDATE duban.indicators
                       SET target = \(request.target), measure = coalesce(\(measure), measure),
                           cumulative = coalesce(\(request.cumulative), cumulative), source = 'office', confirmed = true,
                           updated_at = now()
                     WHERE id = \(current.id)
                    """)
            } else {
                guard let measure else {
                    throw DomainError.invalid("target.measure_required", en: "a new indicator needs its measure (--measure 个, 套, 公里 …)",
                                              zh: "新指标须给出计量单位（--measure 个、套、公里……）")
                }
                guard existing.count < IndicatorRules.maxPerTask else {
                    throw DomainError.invalid("target.too_many", en: "a task has at most \(IndicatorRules.maxPerTask) indicators",
                                              zh: "每项任务最多 \(IndicatorRules.maxPerTask) 个指标")
                }
                try await connection.execute("""
                    INSERT INTO duban.indicators (task_id, name, measure, target, cumulative, source, confirmed, position)
                    VALUES (\(task.id), \(name), \(measure), \(request.target), \(request.cumulative ?? true), 'office', true,
                            \(existing.count))
                    """)
            }
            return []
        }
    }

    /// Sets or removes one unit's share of an indicator.
    func split(_ request: TargetSplitRequest, identity: Identity) async throws -> TargetList {
        let name = try Self.rule { try IndicatorRules.name(request.indicator) }
        if let share = request.target { try Self.rule { try IndicatorRules.checkShare(share) } }
        return try await edit(year: request.planYear, task: request.taskNumber, identity: identity) { task, connection in
            let indicator = try await Self.indicator(name, task: task, on: connection)
            let assignment = try PlanFacts.assignmentOf(request.unitCode, on: task)
            var shares = indicator.splits.filter { $0.unitCode != assignment.unitCode }.map(\.target)
            if let share = request.target { shares.append(share) }
            let reason = request.reason?.trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty ?? indicator.splitReason
            try Self.rule { try IndicatorRules.checkSplit(target: indicator.target, shares: shares, reason: reason) }
            if let share = request.target {
                try await connection.execute("""
                    INSERT INTO duban.indicator_splits (indicator_id, unit_id, target) VALUES (\(indicator.id), \(assignment.unitID), \(share))
                    ON CONFLICT (indicator_id, unit_id) DO UPDATE SET target = EXCLUDED.target
                    """)
            } else {
                try await connection.execute("""
                    DELETE FROM duban.indicator_splits WHERE indicator_id = \(indicator.id) AND unit_id = \(assignment.unitID)
                    """)
            }
            try await connection.execute("""
                UPDATE duban.indicators SET split_reason = \(reason), updated_at = now() WHERE id = \(indicator.id)
                """)
            let total = shares.reduce(0, +)
            guard total < indicator.target else { return [] }
            let left = IndicatorRules.format(indicator.target - total)
            return [LocalizedText(en: "\(indicator.name): \(left) \(indicator.measure) of the target \(IndicatorRules.format(indicator.target)) is not split yet",
                                  zh: "「\(indicator.name)」总目标 \(IndicatorRules.format(indicator.target)) 中尚有 \(left) \(indicator.measure)未分解")]
        }
    }

    /// Removes an indicator and its split; reports keep the values they gave.
    func remove(_ request: TargetRemoveRequest, identity: Identity) async throws -> TargetList {
        let name = try Self.rule { try IndicatorRules.name(request.indicator) }
        return try await edit(year: request.planYear, task: request.taskNumber, identity: identity) { task, connection in
            let indicator = try await Self.indicator(name, task: task, on: connection)
            try await connection.execute("DELETE FROM duban.indicators WHERE id = \(indicator.id)")
            return []
        }
    }

    /// Confirms the task's proposals (all, or those named).
    func confirm(_ request: TargetConfirmRequest, identity: Identity) async throws -> TargetList {
        let names = try request.indicators.map { typed in try Self.rule { try IndicatorRules.name(typed) } }
        return try await edit(year: request.planYear, task: request.taskNumber, identity: identity) { task, connection in
            let existing = try await IndicatorQueries.load(task: task.id, on: connection)
            for name in names where !existing.contains(where: { $0.name == name }) {
                throw Self.unknown(name, task: task)
            }
            let proposals = existing.filter { !$0.confirmed && (names.isEmpty || names.contains($0.name)) }
            guard !proposals.isEmpty else {
                throw DomainError.invalid("target.nothing_to_confirm", en: "task \(task.number) has no proposed indicator to confirm",
                                          zh: "第 \(task.number) 项任务没有待确认的指标建议")
            }
            try await connection.execute("""
                UPDATE duban.indicators SET confirmed = true, updated_at = now() WHERE id = ANY(\(proposals.map(\.id))::bigint[])
                """)
            return []
        }
    }

    private func edit(year: Int?, task number: Int, identity: Identity,
                      _ body: @Sendable @escaping (PlanFacts.Task, PostgresConnection) async throws -> [LocalizedText]) async throws
        -> TargetList
    {
        try await database.transaction(as: identity) { connection in
            let facts = try await PlanFacts.load(year: year, on: connection)
            let task = try facts.task(number: number)
            guard !task.notApplicable else {
                throw DomainError.invalid("target.not_applicable", en: "task \(number) does not involve the district",
                                          zh: "第 \(number) 项任务不涉及本区")
            }
            let warnings = try await body(task, connection)
            return TargetList(planYear: facts.year, indicators: try await IndicatorQueries.load(task: task.id, on: connection),
                              warnings: warnings)
        }
    }

    private static func indicator(_ name: String, task: PlanFacts.Task, on connection: PostgresConnection) async throws -> Indicator {
        guard let indicator = try await IndicatorQueries.load(task: task.id, on: connection).first(where: { $0.name == name }) else {
            throw unknown(name, task: task)
        }
        return indicator
    }

    private static func unknown(_ name: String, task: PlanFacts.Task) -> DomainError {
        DomainError.missing("target.unknown_indicator", en: "task \(task.number) has no indicator \"\(name)\"",
                            zh: "第 \(task.number) 项任务没有指标「\(name)」")
    }

    /// A rule's refusal as the API answers it.
    static func rule<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let violation as RuleViolation {
            throw DomainError(.invalid, code: violation.code, message: violation.message)
        }
    }
}

extension String {
    /// Nil for an empty text.
    var nonEmpty: String? { isEmpty ? nil : self }
}
