import DubanCore
import Foundation
import Postgres

/// The supervision office's actions (`/v1/supervision/…`). Each runs in one transaction scoped to the
/// caller, judges lateness with the server's clock and the same rules as the overview, writes its
/// history, audits itself and publishes what the concerned unit must see to the change feed.
struct SupervisionService: Sendable {
    let database: AppDatabase
    let clock: ServerClock

    /// How every unit stands at one node now.
    func overview(year: Int?, node date: LocalDate?, identity: Identity) async throws -> SupervisionOverview {
        let now = clock.now()
        return try await database.transaction(as: identity, isolation: .repeatableRead) { connection in
            let facts = try await PlanFacts.load(year: year, on: connection)
            return facts.overview(node: try facts.node(on: date, now: now), now: now)
        }
    }

    /// Everything the caller may see: urges, orders, extensions, inspections.
    func records(identity: Identity) async throws -> SupervisionLists {
        try await database.transaction(as: identity, isolation: .repeatableRead) { connection in
            SupervisionLists(urges: try await SupervisionRecords.urges(on: connection),
                             orders: try await SupervisionRecords.orders(on: connection),
                             extensions: try await SupervisionRecords.extensions(on: connection),
                             inspections: try await SupervisionRecords.inspections(on: connection))
        }
    }

    /// Urges a unit that is late or missing at a node; refused for a unit on time, exempted or not yet due.
    func urge(_ request: UrgeRequest, identity: Identity) async throws -> UrgeRecord {
        let now = clock.now()
        let message = request.message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard TextLimit.length(message) <= TextLimit.urgeMessage else {
            throw DomainError.invalid("urge.message_too_long", en: "the message is longer than \(TextLimit.urgeMessage) characters",
                                   zh: "催办内容超过 \(TextLimit.urgeMessage) 个字符")
        }
        return try await database.transaction(as: identity) { connection in
            let facts = try await PlanFacts.load(year: request.planYear, on: connection)
            let task = try facts.task(number: request.taskNumber)
            let assignment = try facts.assignment(of: request.unitCode, on: task)
            let reason = request.reason ?? .late
            let node: PlanFacts.Node
            var figures: ProgressStanding?
            var state: TimelinessState
            if reason == .late {
                if let date = request.nodeDate {
                    node = try facts.node(on: date, now: now)
                } else if let latest = facts.lateNodes(task: task, assignment: assignment, now: now).last?.node {
                    node = latest
                } else {
                    throw Self.notLate(unit: assignment.unitCode, task: task.number, state: nil)
                }
                state = TimelinessState(facts.timeliness(task: task, assignment: assignment, node: node, now: now))
                guard state.isLate else { throw Self.notLate(unit: assignment.unitCode, task: task.number, state: state) }
            } else {
                figures = try facts.supervisionGround(reason, task: task, assignment: assignment, note: message, now: now,
                                                      action: "urge")
                node = try request.nodeDate.map { try facts.node(on: $0, now: now) } ?? facts.currentNode(now: now)
                state = TimelinessState(facts.timeliness(task: task, assignment: assignment, node: node, now: now))
            }
            let text: String
            if !message.isEmpty {
                text = message
            } else if let figures {
                text = "第\(task.number)项任务进度滞后序时进度\(IndicatorRules.format((figures.gapPoints * 10).rounded() / 10))个百分点，请加快推进。"
            } else {
                text = "请抓紧报送第\(task.number)项任务\(node.date)节点的工作进展。"
            }
            let figuresJSON = try figures.map { String(decoding: try WireJSON.encoder().encode($0), as: UTF8.self) }
            let id = try await connection.query("""
                INSERT INTO duban.urges (task_id, unit_id, node_id, message, timeliness, account_id, created_at, reason, figures)
                VALUES (\(task.id), \(assignment.unitID), \(node.id), \(text), \(state.rawValue), \(identity.accountID), \(now),
                        \(reason.rawValue), \(figuresJSON)::jsonb)
                RETURNING id
                """)[0].decode(Int64.self, at: 0)
            try await AppDatabase.audit("supervision.urge", entityType: "urge", entityID: String(id),
                                        detail: ["task": String(task.number), "unit": assignment.unitCode, "node": node.date.description,
                                                 "reason": reason.rawValue],
                                        on: connection)
            guard let record = try await SupervisionRecords.urges(id: id, on: connection).first else {
                throw DomainError.internalInconsistency("urge not readable after insert")
            }
            try await SupervisionRecords.publish(ChangeRecord(seq: 0, entityType: "urge", entityId: String(id), urge: record),
                                                 unitID: assignment.unitID, taskID: task.id, on: connection)
            return record
        }
    }

    static func notLate(unit: String, task: Int, state: TimelinessState?) -> DomainError {
        let en = state.map { " (\($0.label(.en)))" } ?? ""
        let zh = state.map { "（\($0.label(.zh))）" } ?? ""
        return .refused("urge.not_late", en: "\(unit) is not late on task \(task)\(en); only a late or missing unit is urged",
                        zh: "\(unit) 在第 \(task) 项任务上没有逾期\(zh)，只能催办逾期或未报的单位")
    }
}
