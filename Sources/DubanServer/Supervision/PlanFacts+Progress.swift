import DubanCore
import Foundation
import Postgres

/// The work against its plan: indicators, the accepted implementation plans' steps, the values
/// reported, and from them 序时进度, the gaps and the progress light (separate from the reporting
/// light, which only asks whether reports arrived on time).
extension PlanFacts {
    /// What the progress figures are computed from.
    struct Work: Sendable {
        /// Confirmed indicators per task.
        var indicators: [Int64: [Indicator]] = [:]
        /// The steps of each task's accepted implementation plan (the newest accepted, with several leads).
        var steps: [Int64: [ImplementationStep]] = [:]
        /// Each unit's head revisions on a task, by node ordinal: indicator values and percent.
        var values: [Pair: [(ordinal: Int, quantities: [String: Double], percent: Double?)]] = [:]
        var rule: ProgressLightRule = .standard
    }

    /// Reads ``Work`` for the plan.
    static func loadWork(planID: Int64, on connection: PostgresConnection) async throws -> Work {
        var work = Work()
        for indicator in try await IndicatorQueries.load(plan: planID, confirmedOnly: true, on: connection) {
            work.indicators[indicator.taskId, default: []].append(indicator)
        }
        for row in try await connection.query("""
            SELECT DISTINCT ON (p.task_id) p.task_id, v.steps::text
              FROM duban.implementation_plans p
              JOIN duban.tasks t ON t.id = p.task_id
              JOIN duban.implementation_revisions v ON v.plan_id = p.id AND v.revision = p.accepted_revision
             WHERE t.plan_id = \(planID) AND p.accepted_revision IS NOT NULL
             ORDER BY p.task_id, v.received_at DESC
            """) {
            work.steps[try row.decode(Int64.self, at: 0)] =
                try WireJSON.decoder().decode([ImplementationStep].self, from: Data(try row.decode(String.self, at: 1).utf8))
        }
        for row in try await connection.query("""
            SELECT r.task_id, r.unit_id, n.ordinal, h.quantities::text, h.percent::float8
              FROM duban.reports r
              JOIN duban.tasks t ON t.id = r.task_id
              JOIN duban.reporting_nodes n ON n.id = r.node_id
              JOIN duban.report_revisions h ON h.report_id = r.id AND h.revision = r.head_revision
             WHERE t.plan_id = \(planID)
             ORDER BY n.ordinal
            """) {
            let pair = Pair(task: try row.decode(Int64.self, at: 0), unit: try row.decode(Int64.self, at: 1))
            let quantities = try WireJSON.decoder().decode([String: Double].self, from: Data(try row.decode(String.self, at: 3).utf8))
            work.values[pair, default: []].append((try row.decode(Int.self, at: 2), quantities, try row.decodeIfPresent(Double.self, at: 4)))
        }
        let rule = try await connection.query("""
            SELECT progress_yellow_gap::float8, progress_red_gap::float8 FROM duban.plans WHERE id = \(planID)
            """)
        if let row = rule.first {
            work.rule = ProgressLightRule(yellowGap: try row.decode(Double.self, at: 0), redGap: try row.decode(Double.self, at: 1))
        }
        return work
    }

    var planStart: LocalDate { LocalDate(year: year, month: 1, day: 1)! }
    var planEnd: LocalDate { nodes.last?.date ?? LocalDate(year: year, month: 12, day: 31)! }

    /// The day `now` is in the plan's time zone.
    func day(of now: Date) -> LocalDate { LocalDate(now, in: timeZone) }

    /// 序时进度 of an indicator for the whole task: the accepted plan's steps, else a straight line.
    func curve(task: Task, indicator: Indicator) -> ScheduleCurve {
        let points = (work.steps[task.id] ?? []).compactMap { step in
            step.values[indicator.name].map { ScheduleCurve.Point(date: step.date, value: $0) }
        }
        if !points.isEmpty { return .plan(start: planStart, steps: points) }
        return .straightLine(start: planStart, end: planEnd, target: indicator.target)
    }

    /// 序时进度 in percent for a task without indicators.
    func percentCurve(task: Task) -> ScheduleCurve {
        let points = (work.steps[task.id] ?? []).compactMap { step in
            step.percent.map { ScheduleCurve.Point(date: step.date, value: $0) }
        }
        if !points.isEmpty { return .plan(start: planStart, steps: points) }
        return .straightLine(start: planStart, end: planEnd, target: 100)
    }

    /// The unit's latest value of `name` (its report at the latest node that gives it).
    func latestValue(_ name: String, task: Task, unitID: Int64) -> Double? {
        (work.values[Pair(task: task.id, unit: unitID)] ?? []).last { $0.quantities[name] != nil }?.quantities[name]
    }

    /// The unit's latest reported percent.
    func latestPercent(task: Task, unitID: Int64) -> Double? {
        (work.values[Pair(task: task.id, unit: unitID)] ?? []).last { $0.percent != nil }?.percent
    }

    /// The task's value of an indicator: its lead unit's consolidated value (the largest, with
    /// several leads), else the sum of what the units reported.
    func taskValue(_ indicator: Indicator, task: Task) -> Double? {
        let leads = task.assignments.filter { $0.role == .lead }.compactMap { latestValue(indicator.name, task: task, unitID: $0.unitID) }
        if let lead = leads.max() { return lead }
        let units = task.assignments.filter { $0.role != .lead }.compactMap { latestValue(indicator.name, task: task, unitID: $0.unitID) }
        return units.isEmpty ? nil : units.reduce(0, +)
    }

    /// Where one indicator stands on `day`: the task's, or `assignment`'s share of it.
    func standing(_ indicator: Indicator, task: Task, assignment: Assignment?, on day: LocalDate) -> IndicatorStanding? {
        let curve = curve(task: task, indicator: indicator)
        var target = indicator.target
        var expected = curve.expected(on: day)
        var actual = taskValue(indicator, task: task)
        if let assignment {
            guard let share = indicator.share(of: assignment.unitCode) else { return nil }
            target = share
            expected = expected * share / indicator.target
            actual = latestValue(indicator.name, task: task, unitID: assignment.unitID)
        }
        return IndicatorStanding(taskId: task.id, taskNumber: task.number, indicator: indicator.name, measure: indicator.measure,
                                 unitCode: assignment?.unitCode, target: target, expected: expected, actual: actual,
                                 basis: curve.basis, cityStandard: indicator.source == .cityStandard, date: day)
    }

    /// The task's progress on `day`: its indicators' completion averaged, else its lead's reported percent.
    func taskProgress(_ task: Task, on day: LocalDate) -> ProgressStanding {
        let standings = (work.indicators[task.id] ?? []).compactMap { standing($0, task: task, assignment: nil, on: day) }
        if !standings.isEmpty { return progress(of: standings, on: day) }
        let curve = percentCurve(task: task)
        let percent = task.assignments.filter { $0.role == .lead }.compactMap { latestPercent(task: task, unitID: $0.unitID) }.max()
        let expected = curve.expected(on: day)
        return ProgressStanding(completion: percent, expected: expected,
                                light: work.rule.light(completion: percent, expected: expected, on: day, end: planEnd),
                                basis: curve.basis, fromIndicators: false)
    }

    /// One unit's progress on the task on `day`: its shares when the target is split, else the
    /// task's for a lead unit, else its own reported percent.
    func unitProgress(_ task: Task, assignment: Assignment, on day: LocalDate) -> ProgressStanding {
        let shares = (work.indicators[task.id] ?? []).compactMap { standing($0, task: task, assignment: assignment, on: day) }
        if !shares.isEmpty { return progress(of: shares, on: day) }
        if assignment.role == .lead { return taskProgress(task, on: day) }
        let curve = percentCurve(task: task)
        let percent = latestPercent(task: task, unitID: assignment.unitID)
        let expected = curve.expected(on: day)
        return ProgressStanding(completion: percent, expected: expected,
                                light: work.rule.light(completion: percent, expected: expected, on: day, end: planEnd),
                                basis: curve.basis, fromIndicators: false)
    }

    private func progress(of standings: [IndicatorStanding], on day: LocalDate) -> ProgressStanding {
        let count = Double(standings.count)
        let completion = standings.map { min($0.completion, 100) }.reduce(0, +) / count
        let expected = standings.map { min($0.expectedPercent, 100) }.reduce(0, +) / count
        let reported = standings.contains { $0.actual != nil }
        let basis: ScheduleCurve.Basis = standings.allSatisfy { $0.basis == .implementationPlan } ? .implementationPlan : .straightLine
        return ProgressStanding(completion: reported ? completion : nil, expected: expected,
                                light: work.rule.light(completion: reported ? completion : nil, expected: expected, on: day, end: planEnd),
                                basis: basis, fromIndicators: true)
    }

    /// `GET /v1/oversight/indicators`: every indicator of every task (or one), the task's row and
    /// each unit's share, on `day`.
    func indicatorReport(on day: LocalDate, task number: Int?, unit: String?) -> IndicatorReport {
        var rows: [IndicatorStanding] = []
        var progress: [IndicatorReport.TaskProgress] = []
        for task in tasks where !task.notApplicable && (number == nil || task.number == number) {
            let assigned = unit.map { code in task.assignments.contains { $0.unitCode == code } } ?? true
            guard assigned else { continue }
            for indicator in work.indicators[task.id] ?? [] {
                if unit == nil, let row = standing(indicator, task: task, assignment: nil, on: day) { rows.append(row) }
                for assignment in task.assignments where unit == nil || assignment.unitCode == unit {
                    if let row = standing(indicator, task: task, assignment: assignment, on: day) { rows.append(row) }
                }
            }
            let standing = unit.flatMap { code in task.assignments.first { $0.unitCode == code } }
                .map { unitProgress(task, assignment: $0, on: day) } ?? taskProgress(task, on: day)
            progress.append(.init(taskId: task.id, taskNumber: task.number, title: task.title, progress: standing))
        }
        return IndicatorReport(planYear: year, date: day, rule: work.rule, rows: rows, tasks: progress)
    }
}

extension PlanFacts {
    /// The node a supervision action not tied to lateness is filed under: the latest passed node,
    /// else the first.
    func currentNode(now: Date) throws -> Node {
        let today = day(of: now)
        if let passed = nodes.last(where: { $0.date <= today }) { return passed }
        guard let first = nodes.first else { return try node(on: nil, now: now) }
        return first
    }

    /// Why the office may urge or order `assignment` for `reason` now (督办 follows the work): for
    /// `behind_schedule` the unit must be behind 序时进度 beyond the plan's yellow tolerance (the
    /// figures are returned, to be kept); for `quality` a note must say what. `action` is `urge` or
    /// `order`, the refusal code's prefix.
    func supervisionGround(_ reason: SupervisionReason, task: Task, assignment: Assignment, note: String, now: Date,
                           action: String) throws -> ProgressStanding? {
        switch reason {
        case .late:
            return nil
        case .quality:
            guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw DomainError.invalid("\(action).quality_note_required", en: "an action for poor quality needs a note saying what (--message or --note)",
                                          zh: "因质量问题督办须说明具体问题（--message 或 --note）")
            }
            return nil
        case .behindSchedule:
            let standing = unitProgress(task, assignment: assignment, on: day(of: now))
            guard standing.gapPoints > work.rule.yellowGap || standing.light > .green else {
                let gap = IndicatorRules.format((standing.gapPoints * 10).rounded() / 10)
                throw DomainError.refused("\(action).not_behind",
                                          en: "\(assignment.unitCode) is not behind schedule on task \(task.number) (\(gap) points against a tolerance of \(IndicatorRules.format(work.rule.yellowGap)))",
                                          zh: "\(assignment.unitCode) 在第 \(task.number) 项任务上未滞后序时进度（差 \(gap) 个百分点，容差 \(IndicatorRules.format(work.rule.yellowGap)) 个百分点）")
            }
            return standing
        }
    }
}
