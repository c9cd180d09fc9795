import DubanCore
import Foundation
import GRDB

/// A lead unit's implementation plan (实施方案) as it is being written here, before it is submitted:
/// what `duban implementation edit` changes and `duban implementation submit` sends.
public struct ImplementationDraft: Codable, Sendable, Equatable {
    public var taskId: Int64
    public var unitCode: String
    public var measures: String
    public var steps: [ImplementationStep]
    public var splits: [ProposedSplit]
    /// SHA-256 (hex) of the evidence files.
    public var evidence: [String]
    public var reason: String?
    public var updatedAt: Date

    public init(taskId: Int64, unitCode: String, measures: String = "", steps: [ImplementationStep] = [],
                splits: [ProposedSplit] = [], evidence: [String] = [], reason: String? = nil, updatedAt: Date) {
        self.taskId = taskId
        self.unitCode = unitCode
        self.measures = measures
        self.steps = steps
        self.splits = splits
        self.evidence = evidence
        self.reason = reason
        self.updatedAt = updatedAt
    }

    /// A draft starting from a stored revision (the newest), so an edit changes only what it names.
    public init(taskId: Int64, unitCode: String, from revision: ImplementationPlanRecord.Revision?, updatedAt: Date) {
        self.init(taskId: taskId, unitCode: unitCode, measures: revision?.measures ?? "", steps: revision?.steps ?? [],
                  splits: revision?.splits ?? [], evidence: revision?.evidence ?? [], reason: nil, updatedAt: updatedAt)
    }

    /// The payload this draft becomes, steps in date order.
    public func payload(implementationId: UUID) -> ImplementationWritePayload {
        ImplementationWritePayload(implementationId: implementationId, taskId: taskId, measures: measures,
                                   steps: steps.sorted { $0.date < $1.date }, splits: splits,
                                   evidence: evidence.isEmpty ? nil : evidence, reason: reason)
    }
}

/// An implementation-plan mutation written here and not yet confirmed (or refused).
public struct LocalImplementationMutation: Codable, Sendable, Equatable {
    public var mutationId: UUID
    public var kind: MutationKind
    public var implementationId: UUID
    public var baseVersion: Int
    /// `pending`, `sent` or `rejected`.
    public var status: String
    public var write: ImplementationWritePayload?
    public var review: ImplementationReviewPayload?
    public var rejection: LocalizedText?
    public var authoredAt: Date
}

extension LocalCache {
    // MARK: Plans held

    /// The implementation plans held for `taskId` (the unit's own with their history, or the
    /// accepted revisions of others), by unit.
    public func implementationPlans(taskId: Int64) throws -> [ImplementationPlanRecord] {
        try read { db in try Self.implementationPlans(db, where: "task_id = ?", [taskId]) }
    }

    /// `unitCode`'s plan for `taskId`, if held.
    public func implementationPlan(taskId: Int64, unitCode: String) throws -> ImplementationPlanRecord? {
        try read { db in try Self.implementationPlans(db, where: "task_id = ? AND unit_code = ?", [taskId, unitCode]).first }
    }

    // MARK: The draft

    /// The draft of `taskId`'s plan being written here, if any.
    public func implementationDraft(taskId: Int64) throws -> ImplementationDraft? {
        try read { db in try Self.implementationDraft(db, taskId: taskId) }
    }

    static func implementationDraft(_ db: Database, taskId: Int64) throws -> ImplementationDraft? {
        try String.fetchOne(db, sql: "SELECT json FROM implementation_drafts WHERE task_id = ?", arguments: [taskId])
            .flatMap { try? WireJSON.decoder().decode(ImplementationDraft.self, from: Data($0.utf8)) }
    }

    /// Saves the draft (replacing the one of its task) with the evidence files it names; nothing is
    /// sent. A unit that does not lead the task is refused.
    public func saveImplementationDraft(_ draft: ImplementationDraft, evidence: [LocalEvidence] = [], now: Date) throws {
        try write { db in
            try Self.requireLead(db, taskId: draft.taskId, unitCode: draft.unitCode)
            for file in evidence {
                try db.execute(sql: """
                    INSERT INTO evidence (sha256, path, size, media_type, name, created_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (sha256) DO UPDATE SET path = excluded.path
                    """, arguments: [file.sha256, file.path, file.size, file.mediaType, file.name, now.timeIntervalSince1970])
            }
            try db.execute(sql: """
                INSERT OR REPLACE INTO implementation_drafts (task_id, unit_code, json, updated_at) VALUES (?, ?, ?, ?)
                """, arguments: [draft.taskId, draft.unitCode, String(decoding: try WireJSON.encoder().encode(draft), as: UTF8.self),
                                 now.timeIntervalSince1970])
        }
    }

    /// Forgets the draft of `taskId`.
    public func discardImplementationDraft(taskId: Int64) throws {
        try write { db in try db.execute(sql: "DELETE FROM implementation_drafts WHERE task_id = ?", arguments: [taskId]) }
    }

    /// What `submitImplementation` would refuse the draft for now (nil: nothing), without saving.
    public func implementationProblem(_ draft: ImplementationDraft) throws -> RuleViolation? {
        try read { db -> RuleViolation? in
            let payload = draft.payload(implementationId: UUID())
            do {
                try payload.validate()
                try Self.checkedAgainstCache(payload, in: db)
                return nil
            } catch let violation as RuleViolation {
                return violation
            }
        }
    }

    // MARK: Submitting and reviewing

    /// Submits the draft of `taskId`: an `implementation.write` mutation on the next base version, in
    /// one transaction with the draft's removal. Refused (nothing saved, the draft kept) when the
    /// plan breaks a rule: the payload's own, the plan year's, the task's indicators and units, or
    /// the unit does not lead the task.
    @discardableResult
    public func submitImplementation(taskId: Int64, authoredAt: Date, now: Date) throws -> (implementationId: UUID, mutationId: UUID) {
        try write { db in
            guard let draft = try Self.implementationDraft(db, taskId: taskId) else { throw ClientError.noImplementationDraft }
            try Self.requireLead(db, taskId: taskId, unitCode: draft.unitCode)
            let id = try Self.implementationId(db, taskId: taskId, unitCode: draft.unitCode) ?? UUID()
            let mutation = try Self.enqueueImplementation(db, payload: draft.payload(implementationId: id), authoredAt: authoredAt, now: now)
            try db.execute(sql: "DELETE FROM implementation_drafts WHERE task_id = ?", arguments: [taskId])
            return (id, mutation)
        }
    }

    /// Adds an `implementation.write` mutation on the next base version.
    static func enqueueImplementation(_ db: Database, payload: ImplementationWritePayload, authoredAt: Date, now: Date) throws -> UUID {
        try enqueue(db, payload, base: try nextImplementationBase(db, id: payload.implementationId), authoredAt: authoredAt, now: now)
    }

    /// The office's decision on the newest revision of `unitCode`'s plan for `taskId` (as held here).
    /// Returns the mutation and the revision decided on.
    @discardableResult
    public func writeImplementationReview(taskId: Int64, unitCode: String, decision: ReviewDecision, reason: String?,
                                          authoredAt: Date, now: Date) throws -> (mutationId: UUID, revision: Int) {
        try write { db in
            guard let plan = try Self.implementationPlans(db, where: "task_id = ? AND unit_code = ?", [taskId, unitCode]).first,
                  plan.version > 0 else {
                throw ClientError.noImplementationPlan(unit: unitCode)
            }
            let payload = ImplementationReviewPayload(implementationId: plan.id, revision: plan.version, decision: decision, reason: reason)
            return (try Self.enqueue(db, payload, base: plan.version, authoredAt: authoredAt, now: now), plan.version)
        }
    }

    /// Implementation-plan mutations of `taskId` written here and not yet confirmed, oldest first.
    public func localImplementationMutations(taskId: Int64) throws -> [LocalImplementationMutation] {
        try read { db in
            let decoder = WireJSON.decoder()
            let ids = Set(try String.fetchAll(db, sql: "SELECT id FROM implementation_plans WHERE task_id = ?", arguments: [taskId]))
            return try Row.fetchAll(db, sql: """
                SELECT * FROM outbox WHERE kind IN (?, ?) AND status IN ('pending', 'sent', 'rejected') ORDER BY device_seq
                """, arguments: [ImplementationWritePayload.kind, ImplementationReviewPayload.kind]).compactMap { row -> LocalImplementationMutation? in
                let text: String = row["payload"]
                let write = try? decoder.decode(ImplementationWritePayload.self, from: Data(text.utf8))
                let review = write == nil ? try? decoder.decode(ImplementationReviewPayload.self, from: Data(text.utf8)) : nil
                guard let kind = MutationKind(rawValue: row["kind"]), let entity = UUID(uuidString: row["entity_id"]) else { return nil }
                guard write?.taskId == taskId || ids.contains(entity.lowercased) else { return nil }
                let code: String? = row["code"]
                return LocalImplementationMutation(
                    mutationId: UUID(uuidString: row["id"])!, kind: kind, implementationId: entity, baseVersion: row["base_version"],
                    status: row["status"], write: write, review: review,
                    rejection: code.map { LocalizedText(en: "\($0): \(row["message"] as String? ?? "")", zh: "\($0)：\(row["message_zh"] as String? ?? "")") },
                    authoredAt: Date(timeIntervalSince1970: row["authored_at"]))
            }
        }
    }

    // MARK: Helpers

    /// The plan's id: the one held, else the one a confirmation or an unsent submission named.
    static func implementationId(_ db: Database, taskId: Int64, unitCode: String) throws -> UUID? {
        let held = try String.fetchOne(db, sql: "SELECT id FROM implementation_plans WHERE task_id = ? AND unit_code = ?",
                                       arguments: [taskId, unitCode])
            ?? String.fetchOne(db, sql: "SELECT id FROM implementation_heads WHERE task_id = ? AND unit_code = ?",
                               arguments: [taskId, unitCode])
        if let held { return UUID(uuidString: held) }
        let decoder = WireJSON.decoder()
        let local = try String.fetchAll(db, sql: """
            SELECT payload FROM outbox WHERE kind = ? AND status IN ('pending', 'sent', 'confirmed') ORDER BY device_seq DESC
            """, arguments: [ImplementationWritePayload.kind])
            .compactMap { try? decoder.decode(ImplementationWritePayload.self, from: Data($0.utf8)) }
            .first { $0.taskId == taskId }
        return local?.implementationId
    }

    /// The base version of the next submission: the version the newest unconfirmed one will get,
    /// else the newest known (held, or confirmed to this device).
    static func nextImplementationBase(_ db: Database, id: UUID) throws -> Int {
        if let last = try Int.fetchOne(db, sql: """
            SELECT base_version FROM outbox WHERE entity_id = ? AND kind = ? AND status IN ('pending', 'sent')
             ORDER BY device_seq DESC LIMIT 1
            """, arguments: [id.lowercased, ImplementationWritePayload.kind]) {
            return last + 1
        }
        let held = try Int.fetchOne(db, sql: "SELECT json_extract(json, '$.version') FROM implementation_plans WHERE id = ?",
                                    arguments: [id.lowercased]) ?? 0
        let confirmed = try Int.fetchOne(db, sql: "SELECT version FROM implementation_heads WHERE id = ?", arguments: [id.lowercased]) ?? 0
        return max(held, confirmed)
    }

    static func requireLead(_ db: Database, taskId: Int64, unitCode: String) throws {
        let number = try Int.fetchOne(db, sql: "SELECT number FROM tasks WHERE id = ?", arguments: [taskId]) ?? Int(taskId)
        let leads = try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM assignments WHERE task_id = ? AND unit_code = ? AND role = 'lead')
            """, arguments: [taskId, unitCode]) ?? false
        guard leads else { throw ClientError(violation: ImplementationWritePayload.notLead(taskNumber: number)) }
    }
}

/// `implementation.write`: the plan itself comes with the reference data; a confirmation notes the
/// revision's number (and the server's id for the plan), so a next submission builds on it at once.
enum ImplementationOutbox: OutboxHandler {
    static func confirmed(_ payload: ImplementationWritePayload, entry: OutboxEntry, result: MutationResult, deviceId: UUID, now: Date,
                          outcome: inout PageOutcome, in db: Database) throws {
        if result.status == .conflict { outcome.conflicts += 1 }
        guard let version = result.version ?? result.serverVersion else { return }
        let id = (result.reportId ?? payload.implementationId).lowercased
        let unit = try String.fetchOne(db, sql: "SELECT unit_code FROM state WHERE id = 1") ?? ""
        try db.execute(sql: """
            INSERT INTO implementation_heads (id, task_id, unit_code, version) VALUES (?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET version = max(version, excluded.version)
            """, arguments: [id, payload.taskId, unit, max(version, result.serverVersion ?? 0)])
    }

    /// The same plan again, on the newest version known now, under the plan's current id.
    static func retry(_ payload: ImplementationWritePayload, entityId: UUID, authoredAt: Date, now: Date, in db: Database) throws -> UUID {
        var payload = payload
        let unit = try String.fetchOne(db, sql: "SELECT unit_code FROM state WHERE id = 1") ?? ""
        if let id = try LocalCache.implementationId(db, taskId: payload.taskId, unitCode: unit) { payload.implementationId = id }
        return try LocalCache.enqueueImplementation(db, payload: payload, authoredAt: authoredAt, now: now)
    }
}

/// `implementation.review`: the decision comes back inside the plan with the reference data.
enum ImplementationReviewOutbox: OutboxHandler {
    static func confirmed(_ payload: ImplementationReviewPayload, entry: OutboxEntry, result: MutationResult, deviceId: UUID, now: Date,
                          outcome: inout PageOutcome, in db: Database) throws {
        if result.status == .conflict { outcome.conflicts += 1 }
    }

    /// The same decision again on the same revision: a decision is never moved to a revision its
    /// reviewer has not read (a plan revised since is decided on anew with `duban review implementation`).
    static func retry(_ payload: ImplementationReviewPayload, entityId: UUID, authoredAt: Date, now: Date, in db: Database) throws -> UUID {
        try LocalCache.enqueue(db, ImplementationReviewPayload(implementationId: entityId, revision: payload.revision,
                                                               decision: payload.decision, reason: payload.reason),
                               base: payload.revision, authoredAt: authoredAt, now: now)
    }
}

extension ClientError {
    static let noImplementationDraft = ClientError(
        code: "client.no_implementation_draft",
        message: .init(en: "no draft of the implementation plan here: write one with `duban implementation edit`",
                       zh: "本地没有实施方案草稿：请先用 `duban implementation edit` 填写"))

    static func noImplementationPlan(unit: String) -> Self {
        .init(code: "client.no_implementation_plan",
              message: .init(en: "no implementation plan of \(unit) for this task is held here (run `duban sync`)",
                             zh: "本地没有 \(unit) 对该任务的实施方案（请先运行 `duban sync`）"))
    }
}
