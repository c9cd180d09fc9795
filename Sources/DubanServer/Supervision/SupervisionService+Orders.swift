import DubanCore
import Foundation
import Postgres

/// Graded supervision orders: issued blue for a unit that has been late, escalated to yellow and red
/// only when lateness repeats (a node late or missing, or an urge, after the order's last step), and
/// closed when put right. Every step is kept as history.
extension SupervisionService {
    func issueOrder(_ request: OrderRequest, identity: Identity) async throws -> SupervisionOrderRecord {
        let now = clock.now()
        let note = try Self.note(request.note)
        guard let number = request.taskNumber, let unitCode = request.unitCode else {
            throw DomainError.badField(request.taskNumber == nil ? "task_number" : "unit_code")
        }
        return try await database.transaction(as: identity) { connection in
            let facts = try await PlanFacts.load(year: request.planYear, on: connection)
            let task = try facts.task(number: number)
            let assignment = try facts.assignment(of: unitCode, on: task)
            let reason = request.reason ?? .late
            var figures: ProgressStanding?
            if reason == .late {
                guard !facts.lateNodes(task: task, assignment: assignment, now: now).isEmpty else {
                    throw DomainError.refused("order.not_late", en: "\(unitCode) has not been late on task \(number); an order needs lateness",
                                           zh: "\(unitCode) 在第 \(number) 项任务上没有逾期记录，不能下达督办单")
                }
            } else {
                figures = try facts.supervisionGround(reason, task: task, assignment: assignment, note: note, now: now, action: "order")
            }
            let figuresJSON = try figures.map { String(decoding: try WireJSON.encoder().encode($0), as: UTF8.self) }
            let open = try await connection.query("""
                SELECT id FROM duban.supervision_orders WHERE task_id = \(task.id) AND unit_id = \(assignment.unitID) AND state = 'open'
                """)
            if let existing = open.first {
                throw DomainError.refused("order.open_exists", en: "order \(try existing.decode(Int64.self, at: 0)) is still open for \(unitCode) on task \(number); escalate it instead",
                                       zh: "\(unitCode) 在第 \(number) 项任务上已有未办结的督办单 \(try existing.decode(Int64.self, at: 0))，请升级该督办单")
            }
            let id = try await connection.query("""
                INSERT INTO duban.supervision_orders (task_id, unit_id, grade, state, created_at, updated_at, reason, figures)
                VALUES (\(task.id), \(assignment.unitID), 'blue', 'open', \(now), \(now), \(reason.rawValue), \(figuresJSON)::jsonb)
                RETURNING id
                """)[0].decode(Int64.self, at: 0)
            return try await step(order: id, action: .issued, grade: .blue, note: note, now: now, task: task.id,
                                  unit: assignment.unitID, identity: identity, on: connection)
        }
    }

    func escalateOrder(id: Int64, note: String, identity: Identity) async throws -> SupervisionOrderRecord {
        let now = clock.now()
        let note = try Self.note(note)
        return try await database.transaction(as: identity) { connection in
            let (order, unitID, lastStep) = try await Self.lockOrder(id, on: connection)
            guard order.state == .open else {
                throw DomainError.refused("order.closed", en: "order \(id) is closed", zh: "督办单 \(id) 已办结")
            }
            guard let next = order.grade.next else {
                throw DomainError.refused("order.max_grade", en: "order \(id) is red already, the highest grade",
                                       zh: "督办单 \(id) 已是最高等级（红色）")
            }
            let year = try await connection.query(
                "SELECT p.year FROM duban.tasks t JOIN duban.plans p ON p.id = t.plan_id WHERE t.id = \(order.taskId)"
            )[0].decode(Int.self, at: 0)
            let facts = try await PlanFacts.load(year: year, on: connection)
            let task = facts.tasks.first { $0.id == order.taskId }
            let assignment = task?.assignments.first { $0.unitID == unitID }
            let lateSince = (task != nil && assignment != nil)
                ? facts.lateNodes(task: task!, assignment: assignment!, now: now).contains { $0.deadline > lastStep } : false
            let urgedSince = try await connection.query("""
                SELECT count(*) FROM duban.urges WHERE task_id = \(order.taskId) AND unit_id = \(unitID) AND created_at > \(lastStep)
                """)[0].decode(Int.self, at: 0) > 0
            guard lateSince || urgedSince else {
                throw DomainError.refused("order.no_new_lateness", en: "\(order.unitCode) has not been late or urged on task \(order.taskNumber) since the order's last step; escalation needs repeated lateness",
                                       zh: "自督办单上次处理以来，\(order.unitCode) 在第 \(order.taskNumber) 项任务上没有新的逾期或催办，不能升级")
            }
            try await connection.execute("UPDATE duban.supervision_orders SET grade = \(next.rawValue), updated_at = \(now) WHERE id = \(id)")
            return try await step(order: id, action: .escalated, grade: next, note: note, now: now, task: order.taskId,
                                  unit: unitID, identity: identity, on: connection)
        }
    }

    func closeOrder(id: Int64, note: String, identity: Identity) async throws -> SupervisionOrderRecord {
        let now = clock.now()
        let note = try Self.note(note)
        return try await database.transaction(as: identity) { connection in
            let (order, unitID, _) = try await Self.lockOrder(id, on: connection)
            guard order.state == .open else {
                throw DomainError.refused("order.closed", en: "order \(id) is closed already", zh: "督办单 \(id) 已办结")
            }
            try await connection.execute("UPDATE duban.supervision_orders SET state = 'closed', updated_at = \(now) WHERE id = \(id)")
            return try await step(order: id, action: .closed, grade: order.grade, note: note, now: now, task: order.taskId,
                                  unit: unitID, identity: identity, on: connection)
        }
    }

    /// Records a step, audits it and publishes the order's new state.
    private func step(order id: Int64, action: OrderAction, grade: OrderGrade, note: String, now: Date, task: Int64, unit: Int64,
                      identity: Identity, on connection: PostgresConnection) async throws -> SupervisionOrderRecord {
        try await connection.execute("""
            INSERT INTO duban.supervision_order_events (order_id, action, grade, note, account_id, at)
            VALUES (\(id), \(action.rawValue), \(grade.rawValue), \(note), \(identity.accountID), \(now))
            """)
        try await AppDatabase.audit("supervision.order.\(action.rawValue)", entityType: "supervision_order", entityID: String(id),
                                    detail: ["grade": grade.rawValue], on: connection)
        guard let record = try await SupervisionRecords.orders(id: id, on: connection).first else {
            throw DomainError.internalInconsistency("order not readable after write")
        }
        try await SupervisionRecords.publish(ChangeRecord(seq: 0, entityType: "supervision_order", entityId: String(id),
                                                          supervisionOrder: record),
                                             unitID: unit, taskID: task, on: connection)
        return record
    }

    /// The order locked for this transaction, its unit, and the time of its last step.
    private static func lockOrder(_ id: Int64, on connection: PostgresConnection) async throws
        -> (SupervisionOrderRecord, Int64, Date)
    {
        let rows = try await connection.query("""
            SELECT o.unit_id, (SELECT max(at) FROM duban.supervision_order_events e WHERE e.order_id = o.id)
              FROM duban.supervision_orders o WHERE o.id = \(id) FOR UPDATE
            """)
        guard let row = rows.first, let order = try await SupervisionRecords.orders(id: id, on: connection).first else {
            throw DomainError.missing("order.not_found", en: "no supervision order \(id)", zh: "督办单 \(id) 不存在")
        }
        return (order, try row.decode(Int64.self, at: 0), try row.decode(Date.self, at: 1))
    }

    /// A required note of at most `limit` characters (code points, as the database counts them).
    static func note(_ text: String, field: String = "note", limit: Int = TextLimit.supervisionNote) throws -> String {
        let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else {
            throw DomainError.invalid("supervision.note_required", en: "\(field) is required: say why", zh: "请填写说明（\(field)）")
        }
        guard TextLimit.length(note) <= limit else {
            throw DomainError.invalid("supervision.note_too_long", en: "\(field) is longer than \(limit) characters", zh: "说明超过 \(limit) 个字符")
        }
        return note
    }
}
