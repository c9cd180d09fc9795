import DubanCore
import Foundation
import GRDB

/// A review decision written here and not yet confirmed by the server.
public struct PendingReview: Codable, Sendable, Equatable {
    public var mutationId: UUID
    public var revision: Int
    public var decision: ReviewDecision
    public var reason: String?
    public var authoredAt: Date
}

extension LocalCache {
    // MARK: Reviews from the change feed

    /// Stores one decision of a lead unit: keyed by the change's entity id, so applying it twice
    /// changes nothing; the report's review state follows.
    static func store(_ review: ReviewRecord, entityId: String, in db: Database) throws {
        let reportId = review.reportId.lowercased
        try db.execute(sql: """
            INSERT INTO report_reviews (id, report_id, task_id, unit_code, revision, decision, reason, reviewer_login,
                                        reviewer_unit_code, authored_at, received_at, review_state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                report_id = excluded.report_id, task_id = excluded.task_id, unit_code = excluded.unit_code,
                revision = excluded.revision, decision = excluded.decision, reason = excluded.reason,
                reviewer_login = excluded.reviewer_login, reviewer_unit_code = excluded.reviewer_unit_code,
                authored_at = excluded.authored_at, received_at = excluded.received_at, review_state = excluded.review_state
            """, arguments: [entityId, reportId, review.taskId, review.unitCode, review.revision, review.decision.rawValue,
                             review.reason, review.reviewerLogin, review.reviewerUnitCode, review.authoredAt.timeIntervalSince1970,
                             review.receivedAt.timeIntervalSince1970, review.reviewState.rawValue])
        try refreshReviewState(db, reportId: reportId)
    }

    /// The report's review state from the newest decision: it holds while that decision is about the
    /// head revision (or a later one not pulled yet); a newer revision (a resubmission) is `submitted` again.
    static func refreshReviewState(_ db: Database, reportId: String) throws {
        let last = try Row.fetchOne(db, sql: """
            SELECT revision, review_state FROM report_reviews WHERE report_id = ?
             ORDER BY revision DESC, received_at DESC, rowid DESC LIMIT 1
            """, arguments: [reportId])
        let head = try Int.fetchOne(db, sql: "SELECT head_revision FROM reports WHERE id = ?", arguments: [reportId]) ?? 0
        var state = ReviewState.submitted.rawValue
        var reviewed: Int?
        if let last {
            reviewed = last["revision"]
            if (last["revision"] as Int) >= head { state = last["review_state"] }
        }
        try db.execute(sql: "UPDATE reports SET review_state = ?, reviewed_revision = ? WHERE id = ?",
                       arguments: [state, reviewed, reportId])
    }

    /// Recomputes every report's review state (after a snapshot replaced revisions).
    static func refreshReviewStates(_ db: Database, taskId: Int64? = nil) throws {
        let ids = try String.fetchAll(db, sql: "SELECT id FROM reports WHERE ? IS NULL OR task_id = ?", arguments: [taskId, taskId])
        for id in ids { try refreshReviewState(db, reportId: id) }
    }

    /// Every decision known for a report, oldest first.
    static func reviews(_ db: Database, reportId: String) throws -> [ReviewRecord] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM report_reviews WHERE report_id = ? ORDER BY received_at, revision, rowid
            """, arguments: [reportId]).map(review(from:))
    }

    static func review(from row: Row) -> ReviewRecord {
        ReviewRecord(reportId: UUID(uuidString: row["report_id"])!, taskId: row["task_id"], unitCode: row["unit_code"],
                     revision: row["revision"], decision: ReviewDecision(rawValue: row["decision"]) ?? .return,
                     reason: row["reason"], reviewerLogin: row["reviewer_login"], reviewerUnitCode: row["reviewer_unit_code"],
                     authoredAt: Date(timeIntervalSince1970: row["authored_at"]),
                     receivedAt: Date(timeIntervalSince1970: row["received_at"]),
                     reviewState: ReviewState(rawValue: row["review_state"]) ?? .submitted)
    }

    /// Review decisions written here and not yet confirmed, oldest first.
    static func pendingReviews(_ db: Database, reportId: String) throws -> [PendingReview] {
        try Row.fetchAll(db, sql: """
            SELECT id, payload, authored_at FROM outbox
             WHERE entity_id = ? AND kind = ? AND status IN ('pending', 'sent') ORDER BY device_seq
            """, arguments: [reportId, ReviewWritePayload.kind]).compactMap(pendingReview(from:))
    }

    static func pendingReview(from row: Row) -> PendingReview? {
        guard let payload = try? WireJSON.decoder().decode(ReviewWritePayload.self, from: Data((row["payload"] as String).utf8))
        else { return nil }
        return PendingReview(mutationId: UUID(uuidString: row["id"])!, revision: payload.revision, decision: payload.decision,
                             reason: payload.reason, authoredAt: Date(timeIntervalSince1970: row["authored_at"]))
    }

    // MARK: Writing a review

    /// Accepts or returns the head revision of a report as known here: the decision goes to the
    /// outbox in one transaction, and is sent by the next sync. Refused here what the server would
    /// refuse for sure: a return without a reason, an accepted report, a returned report not yet
    /// resubmitted, a report in conflict or not yet on the server, a decision already waiting.
    @discardableResult
    public func writeReview(reportId: UUID, decision: ReviewDecision, reason: String?, authoredAt: Date,
                            now: Date) throws -> (mutationId: UUID, revision: Int) {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        return try write { db in
            let id = reportId.lowercased
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM reports WHERE id = ?", arguments: [id]) else {
                throw ClientError.unknownReport(id)
            }
            let short = String(id.prefix(8))
            let head: Int = row["head_revision"]
            guard head > 0 else { throw ClientError.reviewNotSynced(short) }
            guard (row["open_conflicts"] as Int) == 0 else { throw ClientError.reviewInConflict(short) }
            switch ReviewState(rawValue: row["review_state"]) ?? .submitted {
            case .accepted: throw ClientError.reviewAlreadyAccepted(short)
            case .returned: throw ClientError.reviewReturned(short)
            case .submitted: break
            }
            if let waiting = try Self.pendingReviews(db, reportId: id).last, waiting.revision == head {
                throw ClientError.reviewPending(short)
            }
            let mutation = try Self.enqueueReview(db, payload: ReviewWritePayload(reportId: reportId, revision: head,
                                                                                   decision: decision, reason: reason),
                                                  authoredAt: authoredAt, now: now)
            return (mutation, head)
        }
    }

    /// Adds a `review.write` mutation to the outbox; its base version is the revision reviewed.
    static func enqueueReview(_ db: Database, payload: ReviewWritePayload, authoredAt: Date, now: Date) throws -> UUID {
        try enqueue(db, payload, base: payload.revision, authoredAt: authoredAt, now: now)
    }
}

extension ClientError {
    static func reviewNotSynced(_ id: String) -> Self {
        .init(code: "client.review_not_synced",
              message: .init(en: "report \(id) has no revision on the server yet; run `duban sync` first",
                             zh: "报告 \(id) 在服务器上尚无修订；请先运行 `duban sync`"))
    }

    static func reviewInConflict(_ id: String) -> Self {
        .init(code: "client.review_in_conflict",
              message: .init(en: "report \(id) has unresolved conflicting revisions; its unit must resolve them first",
                             zh: "报告 \(id) 有未解决的冲突版本，须由责任单位先处理"))
    }

    static func reviewAlreadyAccepted(_ id: String) -> Self {
        .init(code: "client.review_already_accepted",
              message: .init(en: "report \(id) was accepted already", zh: "报告 \(id) 已审核通过"))
    }

    static func reviewReturned(_ id: String) -> Self {
        .init(code: "client.review_returned",
              message: .init(en: "report \(id) was returned; wait for its unit to resubmit (then `duban sync`)",
                             zh: "报告 \(id) 已退回，请等待责任单位修改后重新报送（再运行 `duban sync`）"))
    }

    static func reviewPending(_ id: String) -> Self {
        .init(code: "client.review_pending",
              message: .init(en: "a decision on report \(id) already waits to be sent (`duban outbox`)",
                             zh: "报告 \(id) 已有待发送的审核意见（见 `duban outbox`）"))
    }

    /// The lead unit accepted the report: it is locked.
    public static func reportAccepted(_ id: String) -> Self {
        .init(code: "client.report_accepted",
              message: .init(en: "report \(id) was accepted by the lead unit and is locked; it can no longer be changed",
                             zh: "报告 \(id) 已被牵头单位审核通过并锁定，不能再修改"))
    }
}
