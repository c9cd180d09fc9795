import DubanCore
import Foundation
import Postgres

/// Everything the supervision office judges one plan by, read in one transaction: nodes, tasks and
/// their assignments, the first receipt and head of every report, the progress reported, decided
/// extensions, urges and open orders. Plans are small (tens of tasks, hundreds of assignments), so
/// it is read whole and judged in memory by the same pure rules the tests exercise.
struct PlanFacts: Sendable {
    struct Node: Sendable {
        var id: Int64
        var ordinal: Int
        var date: LocalDate
        var leadDue: LocalDate
        var responsibleDue: LocalDate

        func scheduledDue(for role: AssignmentRole) -> LocalDate { role == .lead ? leadDue : responsibleDue }
    }

    struct Assignment: Sendable {
        var unitID: Int64
        var unitCode: String
        var unitName: String
        var role: AssignmentRole
    }

    struct Task: Sendable {
        var id: Int64
        var number: Int
        var title: String
        var notApplicable: Bool
        var assignments: [Assignment]
    }

    struct Key: Hashable, Sendable {
        var task: Int64
        var unit: Int64
        var node: Int64
    }

    struct Pair: Hashable, Sendable {
        var task: Int64
        var unit: Int64
    }

    struct Report: Sendable {
        var reviewState: ReviewState
        var firstReceivedAt: Date
        var firstAuthoredAt: Date
        var percent: Double?
    }

    enum Decided: Sendable {
        case extended(LocalDate)
        case exempted
    }

    var planID: Int64
    var year: Int
    var timeZoneName: String
    var timeZone: TimeZone
    var nodes: [Node]
    var tasks: [Task]
    var reports: [Key: Report]
    var progress: [Pair: [StatusLightHistory.ProgressPoint]]
    var decided: [Key: Decided]
    var urges: [Key: Int]
    var openOrders: [Pair: OrderGrade]
    /// The newest receipt of any revision per task, up to the moment the facts were read for.
    var lastReceipt: [Int64: Date] = [:]
    /// Indicators, accepted implementation plans and values reported (``PlanFacts/Work``).
    var work = Work()

    /// The target rises from 1 January of the plan year to the last node.
    var target: ProgressTarget {
        ProgressTarget(start: LocalDate(year: year, month: 1, day: 1)!, end: nodes.last?.date ?? LocalDate(year: year, month: 12, day: 31)!)
    }

    /// The plan of `year`, or the newest plan.
    static func load(year: Int?, now: Date = .distantFuture, on connection: PostgresConnection) async throws -> PlanFacts {
        let notFound = DomainError(.missing, code: "plan.not_found",
                                message: .init(en: "no plan\(year.map { " for \($0)" } ?? "") has been imported",
                                               zh: "尚未导入\(year.map { "\($0)年的" } ?? "")计划"))
        // A year beyond PostgreSQL's integer names no plan (as a parameter it would fail the query).
        if let year, Int32(exactly: year) == nil { throw notFound }
        let plans = try await connection.query("""
            SELECT id, year, time_zone FROM duban.plans
             WHERE \(year)::integer IS NULL OR year = \(year)::integer
             ORDER BY year DESC, id DESC LIMIT 1
            """)
        guard let plan = plans.first else { throw notFound }
        let planID = try plan.decode(Int64.self, at: 0)
        let zoneName = try plan.decode(String.self, at: 2)
        var facts = PlanFacts(planID: planID, year: try plan.decode(Int.self, at: 1), timeZoneName: zoneName,
                              timeZone: TimeZone(identifier: zoneName) ?? TimeZone(identifier: "Asia/Shanghai")!,
                              nodes: [], tasks: [], reports: [:], progress: [:], decided: [:], urges: [:], openOrders: [:])

        facts.nodes = try await connection.query("""
            SELECT id, ordinal, node_date::text, lead_due_date::text, responsible_due_date::text
              FROM duban.reporting_nodes WHERE plan_id = \(planID) ORDER BY ordinal
            """).map { row in
            Node(id: try row.decode(Int64.self, at: 0), ordinal: try row.decode(Int.self, at: 1),
                 date: try Self.date(row, 2), leadDue: try Self.date(row, 3), responsibleDue: try Self.date(row, 4))
        }

        var tasks: [Int64: Task] = [:]
        var order: [Int64] = []
        for row in try await connection.query("""
            SELECT t.id, t.number, t.title, t.not_applicable, u.id, u.code, u.name, a.role
              FROM duban.tasks t
              LEFT JOIN duban.assignments a ON a.task_id = t.id
              LEFT JOIN duban.units u ON u.id = a.unit_id
             WHERE t.plan_id = \(planID) AND t.closed_at IS NULL  -- closed: nothing expected (as duban.report_expectations)
             ORDER BY t.number, a.role, u.code
            """) {
            let id = try row.decode(Int64.self, at: 0)
            if tasks[id] == nil {
                tasks[id] = Task(id: id, number: try row.decode(Int.self, at: 1), title: try row.decode(String.self, at: 2),
                                 notApplicable: try row.decode(Bool.self, at: 3), assignments: [])
                order.append(id)
            }
            if let unitID = try row.decodeIfPresent(Int64.self, at: 4) {
                tasks[id]!.assignments.append(Assignment(
                    unitID: unitID, unitCode: try row.decode(String.self, at: 5), unitName: try row.decode(String.self, at: 6),
                    role: AssignmentRole(rawValue: try row.decode(String.self, at: 7)) ?? .responsible))
            }
        }
        facts.tasks = order.map { tasks[$0]! }

        for row in try await connection.query("""
            SELECT r.task_id, r.unit_id, r.node_id, r.review_state, f.received_at, f.authored_at, h.percent::float8
              FROM duban.reports r
              JOIN duban.tasks t ON t.id = r.task_id
              JOIN LATERAL (SELECT received_at, authored_at FROM duban.report_revisions v
                             WHERE v.report_id = r.id ORDER BY v.revision LIMIT 1) f ON true
              LEFT JOIN duban.report_revisions h ON h.report_id = r.id AND h.revision = r.head_revision
             WHERE t.plan_id = \(planID)
            """) {
            let key = Key(task: try row.decode(Int64.self, at: 0), unit: try row.decode(Int64.self, at: 1),
                          node: try row.decode(Int64.self, at: 2))
            facts.reports[key] = Report(reviewState: ReviewState(rawValue: try row.decode(String.self, at: 3)) ?? .submitted,
                                        firstReceivedAt: try row.decode(Date.self, at: 4),
                                        firstAuthoredAt: try row.decode(Date.self, at: 5),
                                        percent: try row.decodeIfPresent(Double.self, at: 6))
        }

        for row in try await connection.query("""
            SELECT r.task_id, r.unit_id, v.received_at, v.percent::float8
              FROM duban.report_revisions v
              JOIN duban.reports r ON r.id = v.report_id
              JOIN duban.tasks t ON t.id = r.task_id
             WHERE t.plan_id = \(planID) AND NOT v.in_conflict AND v.percent IS NOT NULL
            """) {
            let pair = Pair(task: try row.decode(Int64.self, at: 0), unit: try row.decode(Int64.self, at: 1))
            facts.progress[pair, default: []].append(.init(receivedAt: try row.decode(Date.self, at: 2),
                                                           percent: try row.decode(Double.self, at: 3)))
        }

        for row in try await connection.query("""
            SELECT DISTINCT ON (e.task_id, e.unit_id, e.node_id) e.task_id, e.unit_id, e.node_id, e.state,
                   e.granted_due_date::text
              FROM duban.extensions e JOIN duban.tasks t ON t.id = e.task_id
             WHERE t.plan_id = \(planID) AND e.state IN ('granted', 'exempted')
             ORDER BY e.task_id, e.unit_id, e.node_id, e.decided_at DESC
            """) {
            let key = Key(task: try row.decode(Int64.self, at: 0), unit: try row.decode(Int64.self, at: 1),
                          node: try row.decode(Int64.self, at: 2))
            if try row.decode(String.self, at: 3) == ExtensionState.exempted.rawValue {
                facts.decided[key] = .exempted
            } else {
                facts.decided[key] = .extended(try Self.date(row, 4))
            }
        }

        for row in try await connection.query("""
            SELECT g.task_id, g.unit_id, g.node_id, count(*)
              FROM duban.urges g JOIN duban.tasks t ON t.id = g.task_id
             WHERE t.plan_id = \(planID) GROUP BY 1, 2, 3
            """) {
            facts.urges[Key(task: try row.decode(Int64.self, at: 0), unit: try row.decode(Int64.self, at: 1),
                            node: try row.decode(Int64.self, at: 2))] = try row.decode(Int.self, at: 3)
        }
        for row in try await connection.query("""
            SELECT o.task_id, o.unit_id, o.grade
              FROM duban.supervision_orders o JOIN duban.tasks t ON t.id = o.task_id
             WHERE t.plan_id = \(planID) AND o.state = 'open'
            """) {
            facts.openOrders[Pair(task: try row.decode(Int64.self, at: 0), unit: try row.decode(Int64.self, at: 1))] =
                OrderGrade(rawValue: try row.decode(String.self, at: 2))
        }
        for row in try await connection.query("""
            SELECT r.task_id, max(v.received_at)
              FROM duban.report_revisions v JOIN duban.reports r ON r.id = v.report_id JOIN duban.tasks t ON t.id = r.task_id
             WHERE t.plan_id = \(planID) AND v.received_at <= \(now)
             GROUP BY r.task_id
            """) {
            facts.lastReceipt[try row.decode(Int64.self, at: 0)] = try row.decode(Date.self, at: 1)
        }
        facts.work = try await loadWork(planID: planID, on: connection)
        return facts
    }

    static func date(_ row: PostgresRow, _ index: Int) throws -> LocalDate {
        let text = try row.decode(String.self, at: index)
        guard let date = LocalDate(iso: text) else { throw DomainError.internalInconsistency("bad date \(text)") }
        return date
    }
}
