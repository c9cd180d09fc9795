import DubanCore
import Foundation
import GRDB

/// What this client does with one kind's outbox entries: what a confirmation tells the cache, and
/// how a refused entry is sent again. A refusal is the same for every kind (the entry stays in the
/// outbox as `rejected`, with the server's reason, until retried or dropped). Every kind has one
/// handler; `MutationKind.outboxHandler` is the one place that maps a kind to it.
protocol OutboxHandler {
    associatedtype Payload: MutationPayload

    /// The server stored the mutation (applied, duplicate or conflict); the entry is already marked
    /// confirmed. `entityId` is what the outbox entry names now (a report the server renamed included).
    static func confirmed(_ payload: Payload, entry: OutboxEntry, result: MutationResult, deviceId: UUID, now: Date,
                          outcome: inout PageOutcome, in db: Database) throws

    /// A refused entry, already removed, sent again as a new mutation on top of what is held now (a
    /// replay of the refused id would get the same refusal). Returns the new mutation's id.
    static func retry(_ payload: Payload, entityId: UUID, authoredAt: Date, now: Date, in db: Database) throws -> UUID
}

extension OutboxHandler {
    /// Most kinds' own records come with the pull: a confirmation tells nothing more.
    static func confirmed(_ payload: Payload, entry: OutboxEntry, result: MutationResult, deviceId: UUID, now: Date,
                          outcome: inout PageOutcome, in db: Database) throws {}

    /// `confirmed` for an entry of this handler's kind.
    static func confirm(_ entry: OutboxEntry, result: MutationResult, deviceId: UUID, now: Date, outcome: inout PageOutcome,
                        in db: Database) throws {
        guard let payload = try? Payload.decode(payloadText: entry.payload) else { return }
        try confirmed(payload, entry: entry, result: result, deviceId: deviceId, now: now, outcome: &outcome, in: db)
    }

    /// `retry` for a refused entry of this handler's kind.
    static func retry(_ entry: QuarantineEntry, now: Date, in db: Database) throws -> UUID {
        guard let payload = try? Payload.decode(payloadText: entry.payload) else {
            throw ClientError.unknownMutation(entry.id.lowercased)
        }
        try db.execute(sql: "DELETE FROM outbox WHERE id = ? AND status = 'rejected'", arguments: [entry.id.lowercased])
        return try retry(payload, entityId: entry.entityId, authoredAt: entry.authoredAt, now: now, in: db)
    }
}

extension MutationKind {
    /// This kind's outbox handler.
    var outboxHandler: any OutboxHandler.Type {
        switch self {
        case .reportWrite: ReportOutbox.self
        case .reviewWrite: ReviewOutbox.self
        case .assessmentWrite: AssessmentOutbox.self
        case .extensionRequest: ExtensionOutbox.self
        case .implementationWrite: ImplementationOutbox.self
        case .implementationReview: ImplementationReviewOutbox.self
        }
    }
}

/// `report.write`: a confirmation is a revision known before the pull brings the server's record.
enum ReportOutbox: OutboxHandler {
    static func confirmed(_ payload: ReportWritePayload, entry: OutboxEntry, result: MutationResult, deviceId: UUID, now: Date,
                          outcome: inout PageOutcome, in db: Database) throws {
        let reportId = try LocalCache.adoptServerReportId(entry, result: result, in: db)
        if result.status == .conflict { outcome.conflicts += 1 }
        let login = try String.fetchOne(db, sql: "SELECT login FROM state WHERE id = 1") ?? ""
        try LocalCache.ensureReport(db, id: reportId, taskId: payload.taskId, unitCode: nil, nodeId: payload.nodeId, now: now)
        guard let version = result.version, result.status != .duplicate else {
            if let newest = result.serverVersion {
                try db.execute(sql: "UPDATE reports SET version = max(version, ?) WHERE id = ?", arguments: [newest, reportId])
            }
            return
        }
        // Known from the answer; the pull brings the server's own record (and received_at).
        let encoder = WireJSON.encoder()
        try db.execute(sql: """
            INSERT OR IGNORE INTO revisions (report_id, revision, base_version, in_conflict, text, quantities, percent,
                                             evidence, authored_at, received_at, account_login, device_id, public_summary,
                                             difficulties)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)
            """, arguments: [reportId, version, entry.baseVersion, result.status == .conflict, payload.text,
                             String(decoding: try encoder.encode(payload.quantities), as: UTF8.self), payload.percent,
                             String(decoding: try encoder.encode(Array(Set(payload.evidence ?? [])).sorted()), as: UTF8.self),
                             entry.authoredAt.timeIntervalSince1970, login, deviceId.lowercased,
                             payload.storedPublicSummary, payload.storedDifficulties])
        let inserted = db.changesCount > 0
        let newest = max(result.serverVersion ?? version, version)
        if result.status == .applied {
            try db.execute(sql: """
                UPDATE reports SET version = ?, head_revision = ?, open_conflicts = 0 WHERE id = ? AND version <= ?
                """, arguments: [newest, version, reportId, newest])
            try LocalCache.refreshReviewState(db, reportId: reportId)
        } else {
            try db.execute(sql: """
                UPDATE reports SET version = max(version, ?), open_conflicts = open_conflicts + ? WHERE id = ?
                """, arguments: [newest, inserted ? 1 : 0, reportId])
        }
    }

    /// The same content again, on the newest version known now, under the report's current id.
    static func retry(_ payload: ReportWritePayload, entityId: UUID, authoredAt: Date, now: Date, in db: Database) throws -> UUID {
        try LocalCache.enqueue(db, reportId: entityId, taskId: payload.taskId, nodeId: payload.nodeId,
                               content: ReportContent(payload), authoredAt: authoredAt, now: now)
    }
}

/// `review.write`: the decision's own record comes with the pull.
enum ReviewOutbox: OutboxHandler {
    static func confirmed(_ payload: ReviewWritePayload, entry: OutboxEntry, result: MutationResult, deviceId: UUID, now: Date,
                          outcome: inout PageOutcome, in db: Database) throws {
        _ = try LocalCache.adoptServerReportId(entry, result: result, in: db)
        if result.status == .conflict { outcome.conflicts += 1 }
    }

    /// The same decision again, on the head revision known now.
    static func retry(_ payload: ReviewWritePayload, entityId: UUID, authoredAt: Date, now: Date, in db: Database) throws -> UUID {
        let head = try Int.fetchOne(db, sql: "SELECT head_revision FROM reports WHERE id = ?",
                                    arguments: [entityId.lowercased]) ?? payload.revision
        return try LocalCache.enqueueReview(db, payload: ReviewWritePayload(reportId: entityId, revision: max(head, payload.revision),
                                                                            decision: payload.decision, reason: payload.reason),
                                            authoredAt: authoredAt, now: now)
    }
}

/// `extension.request`: the request's record comes with the pull.
enum ExtensionOutbox: OutboxHandler {
    /// The same request (same extension id) under a new mutation id.
    static func retry(_ payload: ExtensionRequestPayload, entityId: UUID, authoredAt: Date, now: Date, in db: Database) throws -> UUID {
        try LocalCache.enqueueExtension(db, payload: payload, authoredAt: authoredAt, now: now)
    }
}

/// `assessment.write`: the sheet's record comes with the pull.
enum AssessmentOutbox: OutboxHandler {
    /// On the version held now (a sheet revised on the server meanwhile is revised on top of that),
    /// under the sheet's id.
    static func retry(_ payload: AssessmentWritePayload, entityId: UUID, authoredAt: Date, now: Date, in db: Database) throws -> UUID {
        var payload = payload
        let stored = try String.fetchAll(db, sql: """
            SELECT json FROM supervision_items WHERE entity_type = ? AND task_id = ? AND unit_code = ? ORDER BY seq DESC
            """, arguments: [SupervisionEntity.assessment.rawValue, payload.taskId, payload.unitCode])
            .compactMap { try? WireJSON.decoder().decode(AssessmentRecord.self, from: Data($0.utf8)) }.first
        if let stored { payload.assessmentId = stored.id }
        return try LocalCache.enqueueAssessment(db, payload: payload, base: stored?.version ?? 0, authoredAt: authoredAt, now: now)
    }
}
