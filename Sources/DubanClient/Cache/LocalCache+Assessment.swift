import DubanCore
import Foundation
import GRDB

/// What a lead unit changes on a year-end sheet with one `duban assessment draft`: everything not
/// named stays as the newest sheet known here has it (the server's copy, or a draft still local).
public struct AssessmentEdit: Sendable, Equatable {
    /// Criterion code → score.
    public var scores: [String: Double]
    /// Pre-filled criteria handed back to the server's figure (their scores and reasons are left out).
    public var prefill: Set<String>
    /// Criterion code → why a pre-filled score was changed.
    public var reasons: [String: String]
    /// nil keeps the comment.
    public var comment: String?
    /// nil keeps the evidence; a list replaces it.
    public var evidence: [String]?

    public init(scores: [String: Double] = [:], prefill: Set<String> = [], reasons: [String: String] = [:], comment: String? = nil,
                evidence: [String]? = nil) {
        self.scores = scores
        self.prefill = prefill
        self.reasons = reasons
        self.comment = comment
        self.evidence = evidence
    }
}

/// A sheet written here and not yet on the server: waiting in the outbox, or refused by the server
/// and kept in the quarantine with its reason.
public struct LocalAssessmentDraft: Codable, Sendable, Equatable {
    public var mutationId: UUID
    public var payload: AssessmentWritePayload
    /// The server's version it revises (0: a new sheet).
    public var baseVersion: Int
    public var authoredAt: Date
    /// `pending`, `sent` (answer not yet stored) or `rejected`.
    public var status: String
    /// The server's reason, for `rejected`.
    public var rejection: LocalizedText?
}

/// What `writeAssessment` queued.
public struct AssessmentWriteResult: Sendable, Equatable {
    public var assessmentId: UUID
    public var mutationId: UUID
    public var baseVersion: Int
    public var payload: AssessmentWritePayload
    /// Local drafts of the same sheet this one replaced (unsent, or refused).
    public var superseded: Int
}

extension LocalCache {
    // MARK: Year-end assessment

    /// The sheets held here (from the change feed), by task number and unit; of one task and unit when given.
    public func assessments(taskId: Int64? = nil, unitCode: String? = nil) throws -> [AssessmentRecord] {
        try supervisionRecords(.assessment, unit: unitCode, as: AssessmentRecord.self)
            .filter { taskId == nil || $0.taskId == taskId }
            .sorted { ($0.planYear, $0.taskNumber, $0.unitCode) < ($1.planYear, $1.taskNumber, $1.unitCode) }
    }

    /// Remembers a plan's criteria (names, scales, weights), as `GET /v1/assessments` answered them.
    public func storeAssessmentCriteria(_ criteria: [AssessmentCriterion], planYear: Int) throws {
        let json = String(decoding: try WireJSON.encoder().encode(criteria), as: UTF8.self)
        try write { db in
            try db.execute(sql: """
                INSERT INTO supervision_items (entity_type, entity_id, task_id, unit_code, json, seq) VALUES (?, ?, NULL, NULL, ?, 0)
                ON CONFLICT (entity_type, entity_id) DO UPDATE SET json = excluded.json
                """, arguments: [Self.criteriaEntity, String(planYear), json])
        }
    }

    /// The criteria of the plan of `planYear` held here (the newest plan's when nil); empty when never fetched.
    public func assessmentCriteria(planYear: Int? = nil) throws -> [AssessmentCriterion] {
        try read { db in try Self.assessmentCriteria(db, planYear: planYear) }
    }

    /// The plan years whose criteria are held here.
    public func assessmentCriteriaYears() throws -> [Int] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT entity_id FROM supervision_items WHERE entity_type = ?",
                                arguments: [Self.criteriaEntity]).compactMap(Int.init).sorted()
        }
    }

    static let criteriaEntity = "assessment_criteria"

    static func assessmentCriteria(_ db: Database, planYear: Int?) throws -> [AssessmentCriterion] {
        let rows = try Row.fetchAll(db, sql: "SELECT entity_id, json FROM supervision_items WHERE entity_type = ?",
                                    arguments: [criteriaEntity])
        let chosen = rows.filter { planYear == nil || Int($0["entity_id"] as String) == planYear }
            .max { (Int($0["entity_id"] as String) ?? 0) < (Int($1["entity_id"] as String) ?? 0) }
        guard let chosen else { return [] }
        return (try? WireJSON.decoder().decode([AssessmentCriterion].self, from: Data((chosen["json"] as String).utf8))) ?? []
    }

    /// Writes (or revises) the year-end sheet of `unitCode` on task `taskId`: an `assessment.write`
    /// mutation carrying the whole sheet goes to the outbox, on the version held here (0 for a new
    /// sheet), under the sheet's id when one exists. Starts from the newest sheet known here (a
    /// local draft, else the server's copy) and applies `edit`; a pre-filled score the server filled
    /// is left out again so the server fills it anew. An unsent draft of the same sheet is replaced,
    /// a refused one dropped.
    ///
    /// Refused here what the server would refuse for sure: a caller whose unit does not lead the task
    /// (or who is not a unit's staff), a unit not responsible on it, an accepted sheet, and, with the
    /// criteria held here, unknown criteria, scores out of range or missing, a changed pre-filled
    /// score without a reason. The outbox's `report_id` column holds the sheet's id for this kind.
    @discardableResult
    public func writeAssessment(taskId: Int64, unitCode: String, edit: AssessmentEdit, authoredAt: Date, now: Date) throws
        -> AssessmentWriteResult {
        try write { db in
            let state = try Self.state(db)
            let number = try Int.fetchOne(db, sql: "SELECT number FROM tasks WHERE id = ?", arguments: [taskId])
            let task = number.map(String.init) ?? "#\(taskId)"
            let leads = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM assignments WHERE task_id = ? AND unit_code = ? AND role = 'lead')
                """, arguments: [taskId, state.unitCode ?? ""]) ?? false
            guard leads, state.role == nil || state.role == AccountRole.staff.rawValue else {
                throw ClientError.assessmentNotLead(task: task)
            }
            let responsible = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM assignments WHERE task_id = ? AND unit_code = ? AND role = 'responsible')
                """, arguments: [taskId, unitCode]) ?? false
            guard responsible else { throw ClientError.assessmentNotResponsible(unit: unitCode, task: task) }

            let decoder = WireJSON.decoder()
            let stored = try String.fetchAll(db, sql: """
                SELECT json FROM supervision_items WHERE entity_type = ? AND task_id = ? AND unit_code = ? ORDER BY seq DESC
                """, arguments: [SupervisionEntity.assessment.rawValue, taskId, unitCode])
                .compactMap { try? decoder.decode(AssessmentRecord.self, from: Data($0.utf8)) }.first
            if stored?.state == .accepted { throw ClientError.assessmentAccepted(unit: unitCode, task: task) }
            let year = try Int.fetchOne(db, sql: "SELECT p.year FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = ?",
                                        arguments: [taskId])
            let criteria = year == nil ? [] : try Self.assessmentCriteria(db, planYear: year)

            let local = try Self.localAssessmentDrafts(db).filter { $0.payload.taskId == taskId && $0.payload.unitCode == unitCode }
            let prefilled = stored?.prefilled ?? [:]
            // Where the edit starts: the newest local draft, else the server's sheet without the figures it pre-filled.
            var payload: AssessmentWritePayload
            if let newest = local.last {
                payload = newest.payload
            } else if let stored {
                var scores = stored.scores
                for code in prefilled.keys where stored.reasons[code] == nil { scores[code] = nil }
                payload = AssessmentWritePayload(assessmentId: stored.id, taskId: taskId, unitCode: unitCode, scores: scores,
                                                 reasons: stored.reasons, comment: stored.comment, evidence: stored.evidence)
            } else {
                payload = AssessmentWritePayload(assessmentId: UUID(), taskId: taskId, unitCode: unitCode, scores: [:])
            }
            if let stored { payload.assessmentId = stored.id }
            for code in edit.prefill {
                payload.scores[code] = nil
                payload.reasons[code] = nil
            }
            payload.scores.merge(edit.scores) { $1 }
            for (code, reason) in edit.reasons {
                let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
                payload.reasons[code] = text.isEmpty ? nil : text
            }
            payload.reasons = payload.reasons.filter { payload.scores[$0.key] != nil }
            if let comment = edit.comment { payload.comment = comment.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let evidence = edit.evidence { payload.evidence = Array(Set(evidence.map { $0.lowercased() })).sorted() }
            try Self.check(payload, criteria: criteria, prefilled: prefilled)

            // On the version held here; after a draft already sent whose answer is not stored, on the one it makes.
            var base = stored?.version ?? 0
            for draft in local where draft.status == "sent" { base = max(base, draft.baseVersion + 1) }
            let superseded = local.filter { $0.status != "sent" }
            for draft in superseded {
                try db.execute(sql: "DELETE FROM outbox WHERE id = ? AND status = 'pending'", arguments: [draft.mutationId.lowercased])
                try db.execute(sql: "DELETE FROM outbox WHERE id = ? AND status = 'rejected'", arguments: [draft.mutationId.lowercased])
            }
            let mutation = try Self.enqueueAssessment(db, payload: payload, base: base, authoredAt: authoredAt, now: now)
            return AssessmentWriteResult(assessmentId: payload.assessmentId, mutationId: mutation, baseVersion: base, payload: payload,
                                         superseded: superseded.count)
        }
    }

    /// What the server would refuse for sure, given the criteria and pre-filled figures held here:
    /// the server's own rules (`AssessmentWritePayload.validate()` and `checked(against:prefilled:)`).
    static func check(_ payload: AssessmentWritePayload, criteria: [AssessmentCriterion], prefilled: [String: Double]) throws {
        do {
            try payload.validate()
            // Without criteria held here (never synced with them) only the server can check them.
            if !criteria.isEmpty { _ = try payload.checked(against: criteria, prefilled: prefilled) }
        } catch {
            throw ClientError(violation: error).withHint(Self.hints[error.code])
        }
    }

    /// How to put right, on the command line, what the server's rules refuse.
    static let hints: [String: LocalizedText] = [
        "assessment.reason_required": LocalizedText(en: "give it with --reason CODE=TEXT", zh: "请用 --reason 代码=理由 说明"),
        "assessment.score_missing": LocalizedText(en: "give it with --score CODE=VALUE", zh: "请用 --score 代码=分数 评分"),
    ]

    /// Adds an `assessment.write` mutation to the outbox.
    static func enqueueAssessment(_ db: Database, payload: AssessmentWritePayload, base: Int, authoredAt: Date, now: Date) throws -> UUID {
        try enqueue(db, payload, base: base, authoredAt: authoredAt, now: now)
    }

    /// Sheets written here that the server has not stored: unsent, or refused; oldest first.
    public func localAssessmentDrafts() throws -> [LocalAssessmentDraft] {
        try read { db in try Self.localAssessmentDrafts(db) }
    }

    static func localAssessmentDrafts(_ db: Database) throws -> [LocalAssessmentDraft] {
        let decoder = WireJSON.decoder()
        return try Row.fetchAll(db, sql: """
            SELECT id, device_seq, payload, base_version, authored_at, status, code, message, message_zh
              FROM outbox WHERE kind = ? AND status IN ('pending', 'sent', 'rejected')
             ORDER BY device_seq
            """, arguments: [AssessmentWritePayload.kind]).compactMap { row in
            guard let payload = try? decoder.decode(AssessmentWritePayload.self, from: Data((row["payload"] as String).utf8))
            else { return nil }
            let code: String? = row["code"]
            return LocalAssessmentDraft(
                mutationId: UUID(uuidString: row["id"])!, payload: payload, baseVersion: row["base_version"],
                authoredAt: Date(timeIntervalSince1970: row["authored_at"]), status: row["status"],
                rejection: code.map { LocalizedText(en: "\($0): " + ((row["message"] as String?) ?? ""),
                                                  zh: "\($0): " + ((row["message_zh"] as String?) ?? "")) })
        }
    }
}

extension ClientError {
    static func assessmentNotLead(task: String) -> Self {
        .init(code: "client.assessment_not_lead",
              message: .init(en: "your unit does not lead task \(task): only a lead unit's staff score its responsible units",
                             zh: "本单位不是任务 \(task) 的牵头单位：只有牵头单位工作人员可以为责任单位评分"))
    }

    static func assessmentNotResponsible(unit: String, task: String) -> Self {
        .init(code: "client.assessment_not_responsible",
              message: .init(en: "\(unit) is not a responsible unit of task \(task) (`duban task \(task)` lists them)",
                             zh: "\(unit) 不是任务 \(task) 的责任单位（`duban task \(task)` 可查看）"))
    }

    static func assessmentAccepted(unit: String, task: String) -> Self {
        .init(code: "client.assessment_accepted",
              message: .init(en: "the office accepted the sheet of \(unit) on task \(task); it can no longer be changed",
                             zh: "督查部门已审核通过 \(unit) 在任务 \(task) 的考核表，不能再修改"))
    }
}
