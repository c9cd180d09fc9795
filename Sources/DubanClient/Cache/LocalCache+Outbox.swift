import DubanCore
import Foundation
import GRDB

extension LocalCache {
    /// Adds a mutation to the outbox in the caller's transaction, once its payload passes the rules
    /// the server applies to it (`MutationPayload.validate()`): what is saved here is what the server
    /// accepts. Takes the next device sequence number and stores the payload's exact JSON text and
    /// its SHA-256; `entity_id` is what the mutation writes (a report, an extension request, an
    /// assessment sheet).
    static func enqueue<Payload: MutationPayload>(_ db: Database, _ payload: Payload, base: Int, authoredAt: Date,
                                                  now: Date) throws -> UUID {
        // The rules first: a value JSON cannot carry (infinity, NaN) is refused with its rule's
        // message, not as an encoding failure.
        do {
            try payload.validate()
            try checkedAgainstCache(payload, in: db)
        } catch {
            throw ClientError(violation: error)
        }
        let text = try payload.payloadText()
        do {
            try Payload.checkSize(payloadText: text)
        } catch {
            throw ClientError(violation: error)
        }
        let seq = try Int64.fetchOne(db, sql: "SELECT next_device_seq FROM state WHERE id = 1")!
        try db.execute(sql: "UPDATE state SET next_device_seq = next_device_seq + 1 WHERE id = 1")
        let id = UUID()
        // The wire carries whole seconds; store what the server will echo.
        try db.execute(sql: """
            INSERT INTO outbox (id, device_seq, kind, entity_id, base_version, payload, payload_sha256, authored_at, status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)
            """, arguments: [id.lowercased, seq, Payload.kind, payload.entityId.lowercased, base, text,
                             SHA256Hex.of(text), authoredAt.timeIntervalSince1970.rounded(.down), now.timeIntervalSince1970])
        return id
    }
}

extension LocalCache {
    /// The rules of a payload that need the plan data held here, as the server checks them with its
    /// own: a report's values against the task's confirmed indicators; an implementation plan against
    /// the plan's year, the task's confirmed indicators and units, written by a unit that leads it.
    static func checkedAgainstCache(_ payload: some MutationPayload, in db: Database) throws(RuleViolation) {
        do {
            // A closed task takes no report, plan, request or sheet (``TaskClosing``), as on the server.
            let taskID: Int64? = switch payload {
            case let report as ReportWritePayload: report.taskId
            case let plan as ImplementationWritePayload: plan.taskId
            case let sheet as AssessmentWritePayload: sheet.taskId
            case let request as ExtensionRequestPayload: request.taskId
            default: nil
            }
            if let taskID, let task = try Row.fetchOne(db, sql: "SELECT number, closed_on FROM tasks WHERE id = ?", arguments: [taskID]),
               (task["closed_on"] as String?) != nil {
                throw TaskClosing.closed(taskNumber: task["number"])
            }
            switch payload {
            case let report as ReportWritePayload:
                guard let task = try Row.fetchOne(db, sql: "SELECT number FROM tasks WHERE id = ?", arguments: [report.taskId]) else {
                    return
                }
                try report.checked(taskNumber: task["number"], indicators: try confirmedIndicators(db, taskId: report.taskId))
            case let plan as ImplementationWritePayload:
                guard let task = try Row.fetchOne(db, sql: """
                    SELECT t.number, p.year FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = ?
                    """, arguments: [plan.taskId]) else {
                    throw RuleViolation("implementation.unknown_task", en: "task #\(plan.taskId) is not in the plan held here; run `duban sync`",
                                        zh: "本地计划中没有任务 #\(plan.taskId)；请先运行 `duban sync`")
                }
                let number: Int = task["number"]
                let unit = try String.fetchOne(db, sql: "SELECT unit_code FROM state WHERE id = 1") ?? ""
                let leads = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM assignments WHERE task_id = ? AND unit_code = ? AND role = 'lead')
                    """, arguments: [plan.taskId, unit]) ?? false
                guard leads else { throw ImplementationWritePayload.notLead(taskNumber: number) }
                let units = Set(try String.fetchAll(db, sql: "SELECT unit_code FROM assignments WHERE task_id = ?",
                                                    arguments: [plan.taskId]))
                try plan.checked(planYear: task["year"], indicators: try confirmedIndicators(db, taskId: plan.taskId),
                                 taskNumber: number, unitsOnTask: units)
                let accepted = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM implementation_plans WHERE task_id = ? AND unit_code = ?
                                   AND json_extract(json, '$.accepted_revision') IS NOT NULL)
                    """, arguments: [plan.taskId, unit]) ?? false
                try plan.checked(afterAcceptance: accepted)
            default:
                return
            }
        } catch let violation as RuleViolation {
            throw violation
        } catch {
            throw RuleViolation("client.cache_error", en: "cannot read the local cache: \(error)", zh: "无法读取本地缓存：\(error)")
        }
    }

    /// The indicators of a task the office confirmed: what reports and plans are checked against (a
    /// task with none takes any quantity name).
    static func confirmedIndicators(_ db: Database, taskId: Int64) throws -> [Indicator] {
        try indicators(db, where: "task_id = ?", [taskId]).filter(\.confirmed)
    }
}

extension ClientError {
    /// A rule the payload breaks, with the code and sentence the server would answer.
    public init(violation: RuleViolation) {
        self.init(code: violation.code, message: violation.message)
    }

    /// This error with a hint after its sentence.
    func withHint(_ hint: LocalizedText?) -> ClientError {
        guard let hint else { return self }
        var error = self
        error.message = LocalizedText(en: "\(message.en); \(hint.en)", zh: "\(message.zh)；\(hint.zh)")
        return error
    }
}
