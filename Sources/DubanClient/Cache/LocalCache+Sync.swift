import DubanCore
import Foundation
import GRDB

/// A mutation waiting in the outbox (or confirmed and kept for re-sending after a restore).
public struct OutboxEntry: Codable, Sendable, Equatable {
    public var id: UUID
    public var deviceSeq: Int64
    public var kind: String
    /// What the mutation writes: the report it writes or reviews, the extension request, the
    /// assessment sheet.
    public var entityId: UUID
    public var baseVersion: Int
    public var payload: String
    public var payloadSha256: String
    public var authoredAt: Date
    /// `pending`, `sent` (answer not yet stored) or `confirmed`.
    public var status: String
    public var attempts: Int
    public var createdAt: Date

    /// The mutation exactly as it is sent, every time.
    public var envelope: MutationEnvelope {
        MutationEnvelope(id: id, deviceSeq: deviceSeq, kind: kind, baseVersion: baseVersion, payload: payload,
                         payloadSha256: payloadSha256, authoredAt: authoredAt)
    }
}

/// A mutation the server refused: kept in the outbox as `rejected`, out of every sync, until
/// retried or dropped (the quarantine `duban outbox` shows).
public struct QuarantineEntry: Codable, Sendable, Equatable {
    public var id: UUID
    public var deviceSeq: Int64
    public var kind: String
    /// What the mutation writes (see `OutboxEntry.entityId`).
    public var entityId: UUID
    public var baseVersion: Int
    public var payload: String
    public var authoredAt: Date
    public var attempts: Int
    public var code: String
    public var message: LocalizedText
    public var quarantinedAt: Date
}

/// What storing one answer of the server did.
public struct PageOutcome: Sendable, Equatable {
    public var confirmed = 0
    public var conflicts = 0
    public var rejected = 0
    public var pulled = 0
    public var epochChanged = false
}

extension LocalCache {
    // MARK: Outbox

    /// The mutations still to send, oldest first.
    public func unsent(limit: Int = 100) throws -> [OutboxEntry] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM outbox WHERE status IN ('pending', 'sent') ORDER BY device_seq LIMIT ?
                """, arguments: [limit]).map(Self.outboxEntry)
        }
    }

    /// Every mutation waiting in the outbox, confirmed ones included when asked (refused ones are
    /// the `quarantine()`).
    public func outbox(includingConfirmed: Bool = false) throws -> [OutboxEntry] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM outbox WHERE status IN ('pending', 'sent', ?) ORDER BY device_seq
                """, arguments: [includingConfirmed ? "confirmed" : "pending"]).map(Self.outboxEntry)
        }
    }

    public func quarantine() throws -> [QuarantineEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE status = 'rejected' ORDER BY device_seq").map(Self.quarantineEntry)
        }
    }

    static func quarantineEntry(_ row: Row) -> QuarantineEntry {
        QuarantineEntry(id: UUID(uuidString: row["id"])!, deviceSeq: row["device_seq"], kind: row["kind"],
                        entityId: UUID(uuidString: row["entity_id"])!, baseVersion: row["base_version"],
                        payload: row["payload"], authoredAt: Date(timeIntervalSince1970: row["authored_at"]),
                        attempts: row["attempts"], code: row["code"] ?? "mutation.rejected",
                        message: LocalizedText(en: row["message"] ?? "", zh: row["message_zh"] ?? ""),
                        quarantinedAt: Date(timeIntervalSince1970: row["rejected_at"] ?? 0))
    }

    static func outboxEntry(_ row: Row) -> OutboxEntry {
        OutboxEntry(id: UUID(uuidString: row["id"])!, deviceSeq: row["device_seq"], kind: row["kind"],
                    entityId: UUID(uuidString: row["entity_id"])!, baseVersion: row["base_version"], payload: row["payload"],
                    payloadSha256: row["payload_sha256"], authoredAt: Date(timeIntervalSince1970: row["authored_at"]),
                    status: row["status"], attempts: row["attempts"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    /// Notes that `entries` are about to be sent. Only bookkeeping: a crash after it changes nothing,
    /// since they are sent again and the server answers a replay with its first answer.
    public func markSent(_ entries: [OutboxEntry], now: Date) throws {
        guard !entries.isEmpty else { return }
        try write { db in
            for entry in entries {
                try db.execute(sql: """
                    UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ? WHERE id = ? AND status IN ('pending', 'sent')
                    """, arguments: [now.timeIntervalSince1970, entry.id.lowercased])
            }
        }
    }

    /// Sends a quarantined mutation again as a new one (a replay of the refused id would get the same
    /// refusal), on top of the newest version known now: its kind's `OutboxHandler.retry`.
    @discardableResult
    public func retry(quarantined id: UUID, now: Date) throws -> UUID {
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ? AND status = 'rejected'",
                                             arguments: [id.lowercased]),
                  let kind = MutationKind(rawValue: row["kind"])
            else { throw ClientError.unknownMutation(id.lowercased) }
            return try kind.outboxHandler.retry(Self.quarantineEntry(row), now: now, in: db)
        }
    }

    /// Forgets a quarantined mutation.
    public func drop(quarantined id: UUID) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM outbox WHERE id = ? AND status = 'rejected'", arguments: [id.lowercased])
            guard db.changesCount == 1 else { throw ClientError.unknownMutation(id.lowercased) }
            // A report that existed only in this mutation goes with it.
            try db.execute(sql: """
                DELETE FROM reports WHERE version = 0
                   AND NOT EXISTS (SELECT 1 FROM revisions v WHERE v.report_id = reports.id)
                   AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = reports.id)
                """)
        }
    }

    /// The quarantined mutation whose id starts with `prefix`.
    public func resolveQuarantined(_ prefix: String) throws -> UUID {
        let cleaned = prefix.lowercased().filter { $0 != "-" }
        let matches = try read { db in
            try String.fetchAll(db, sql: "SELECT id FROM outbox WHERE status = 'rejected' AND replace(id, '-', '') LIKE ? || '%'",
                                arguments: [cleaned])
        }
        guard !cleaned.isEmpty, matches.count == 1, let id = UUID(uuidString: matches[0]) else {
            throw ClientError.unknownMutation(prefix)
        }
        return id
    }

    /// Forgets confirmed mutations older than the re-send window.
    public func pruneConfirmed(now: Date) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM outbox WHERE status = 'confirmed' AND confirmed_at < ?",
                           arguments: [now.timeIntervalSince1970 - Self.resendWindow])
        }
    }

    // MARK: Answers

    /// Stores one answer of `POST /v1/sync` in one transaction: the mutations' results, the reference
    /// data, the page of changes, then the cursor. A crash before the commit leaves everything as it
    /// was (the next sync sends and pulls again); after it, nothing is applied twice.
    public func apply(_ response: SyncResponse, deviceId: UUID, now: Date) throws -> PageOutcome {
        try write { db in
            var outcome = PageOutcome()
            let state = try Self.state(db)
            if response.epochChanged {
                try Self.startNewEpoch(db, now: now)
                outcome.epochChanged = true
            }
            for result in response.results {
                try Self.apply(result, deviceId: deviceId, now: now, outcome: &outcome, in: db)
            }
            if let reference = response.reference {
                let ledBefore = try Self.ledTasks(db)
                try Self.storeReference(reference, version: response.referenceVersion, in: db)
                try Self.noteNewlyLedTasks(db, ledBefore: ledBefore, cursorBefore: response.epochChanged ? 0 : state.cursor)
            }
            for change in response.changes where try Self.store(change, in: db) {
                outcome.pulled += 1
            }
            try db.execute(sql: """
                UPDATE state SET epoch = ?, cursor = ?, last_sync_at = ?, clock_skew = ? WHERE id = 1
                """, arguments: [response.epoch, response.cursor, now.timeIntervalSince1970,
                                 response.serverTime.timeIntervalSince(now)])
            return outcome
        }
    }

    /// Stores one change of the feed; false for a kind this client does not know (skipped: the cursor
    /// still moves on). Storing a change twice changes nothing.
    static func store(_ change: ChangeRecord, in db: Database) throws -> Bool {
        if let record = change.reportRevision {
            try store(record, in: db)
            return true
        }
        if let review = change.reportReview {
            try store(review, entityId: change.entityId, in: db)
            return true
        }
        return try storeSupervision(change, in: db)
    }

    // MARK: Tasks that become visible

    /// The tasks this cache's unit leads, by the reference data held (the server's `ChangeScope`
    /// rule: a unit's staff see every change of the tasks their unit leads).
    static func ledTasks(_ db: Database) throws -> Set<Int64> {
        guard let row = try Row.fetchOne(db, sql: "SELECT unit_code, role FROM state WHERE id = 1"),
              let unit: String = row["unit_code"], (row["role"] as String?) == AccountRole.staff.rawValue else { return [] }
        return Set(try Int64.fetchAll(db, sql: "SELECT task_id FROM assignments WHERE unit_code = ? AND role = 'lead'",
                                      arguments: [unit]))
    }

    /// Notes the tasks led now but not before: their changes up to `cursorBefore` went by while this
    /// unit could not see them, so they are fetched (`taskHistoryDue`). Nothing is due before the
    /// first page (cursor 0: everything visible comes with the pull).
    static func noteNewlyLedTasks(_ db: Database, ledBefore: Set<Int64>, cursorBefore: Int64) throws {
        guard cursorBefore > 0 else { return }
        for task in try ledTasks(db).subtracting(ledBefore).sorted() {
            try db.execute(sql: """
                INSERT INTO task_history_due (task_id, after, through) VALUES (?, 0, ?)
                ON CONFLICT (task_id) DO UPDATE SET through = max(through, excluded.through)
                """, arguments: [task, cursorBefore])
        }
    }

    /// A task whose earlier history is still to fetch, with the range due.
    public struct TaskHistoryDue: Sendable, Equatable {
        public var taskId: Int64
        public var after: Int64
        public var through: Int64
    }

    /// The tasks whose earlier history is still to fetch.
    public func taskHistoryDue() throws -> [TaskHistoryDue] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT task_id, after, through FROM task_history_due ORDER BY task_id").map {
                TaskHistoryDue(taskId: $0["task_id"], after: $0["after"], through: $0["through"])
            }
        }
    }

    /// Stores one page of a task's history, in one transaction with how far it got. Returns the
    /// changes stored.
    @discardableResult
    public func apply(_ page: SyncHistoryPage) throws -> Int {
        try write { db in
            var stored = 0
            for change in page.changes where try Self.store(change, in: db) {
                stored += 1
            }
            if page.hasMore && !page.changes.isEmpty {
                try db.execute(sql: "UPDATE task_history_due SET after = ? WHERE task_id = ?", arguments: [page.last, page.taskId])
            } else {
                try db.execute(sql: "DELETE FROM task_history_due WHERE task_id = ?", arguments: [page.taskId])
            }
            return stored
        }
    }

    /// The server's data is not what this cache was synced with (restored, or re-created): re-send what
    /// was confirmed recently, forget the server's revisions (they are pulled again from zero), keep
    /// everything written here.
    static func startNewEpoch(_ db: Database, now: Date) throws {
        try db.execute(sql: """
            UPDATE outbox SET status = 'pending', result_status = NULL, result_version = NULL, confirmed_at = NULL
             WHERE status = 'confirmed' AND confirmed_at >= ?
            """, arguments: [now.timeIntervalSince1970 - resendWindow])
        try db.execute(sql: "DELETE FROM revisions")
        try db.execute(sql: "DELETE FROM report_reviews")
        try forgetSupervision(db)
        try db.execute(sql: """
            UPDATE reports SET version = 0, head_revision = 0, open_conflicts = 0, review_state = 'submitted', reviewed_revision = NULL
            """)
        try db.execute(sql: """
            DELETE FROM reports WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = reports.id)
            """)
        // The new server may lack the files: ask again (a file it holds answers "complete" at once).
        try db.execute(sql: "UPDATE evidence SET uploaded = 0, upload_started = 0, error = NULL")
        try db.execute(sql: "UPDATE state SET cursor = 0, reference_version = NULL WHERE id = 1")
        // Everything is pulled again from zero, histories included.
        try db.execute(sql: "DELETE FROM task_history_due")
    }

    /// Stores one mutation's answer: a refusal keeps the entry as `rejected` with the server's reason;
    /// anything stored confirms it, and its kind's handler notes what the answer tells.
    static func apply(_ result: MutationResult, deviceId: UUID, now: Date, outcome: inout PageOutcome, in db: Database) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ? AND status IN ('pending', 'sent')",
                                         arguments: [result.id.lowercased]) else { return }  // stored by another run
        let entry = outboxEntry(row)
        switch result.status {
        case .rejected:
            try db.execute(sql: """
                UPDATE outbox SET status = 'rejected', code = ?, message = ?, message_zh = ?, rejected_at = ? WHERE id = ?
                """, arguments: [result.code ?? "mutation.rejected", result.message ?? "", result.messageZh ?? result.message ?? "",
                                 now.timeIntervalSince1970, entry.id.lowercased])
            outcome.rejected += 1
        case .applied, .duplicate, .conflict:
            try db.execute(sql: """
                UPDATE outbox SET status = 'confirmed', confirmed_at = ?, result_status = ?, result_version = ? WHERE id = ?
                """, arguments: [now.timeIntervalSince1970, result.status.rawValue, result.version, entry.id.lowercased])
            outcome.confirmed += 1
            // A kind this build does not know was never made here: nothing more to note.
            guard let kind = MutationKind(rawValue: entry.kind) else { return }
            try kind.outboxHandler.confirm(entry, result: result, deviceId: deviceId, now: now, outcome: &outcome, in: db)
        }
    }

    /// The report a mutation's answer names, when the server named it differently (another device of
    /// the unit created it first): everything here moves to the server's id. Returns the id to use.
    static func adoptServerReportId(_ entry: OutboxEntry, result: MutationResult, in db: Database) throws -> String {
        let reportId = entry.entityId.lowercased
        guard let serverId = result.reportId?.lowercased, serverId != reportId else { return reportId }
        try rekey(db, from: reportId, to: serverId)
        return serverId
    }

    /// Makes sure a report row exists (a report seen first in an answer or a change).
    static func ensureReport(_ db: Database, id: String, taskId: Int64, unitCode: String?, nodeId: Int64, now: Date) throws {
        guard try Row.fetchOne(db, sql: "SELECT 1 FROM reports WHERE id = ?", arguments: [id]) == nil else { return }
        let unit: String
        if let unitCode {
            unit = unitCode
        } else {
            unit = try String.fetchOne(db, sql: "SELECT unit_code FROM state WHERE id = 1") ?? ""
        }
        // The server keeps one report per task, unit and node: a local one for the same three is this one.
        if let other = try String.fetchOne(db, sql: """
            SELECT id FROM reports WHERE task_id = ? AND unit_code = ? AND node_id = ?
            """, arguments: [taskId, unit, nodeId]) {
            try rekey(db, from: other, to: id)
            return
        }
        try db.execute(sql: "INSERT INTO reports (id, task_id, unit_code, node_id, created_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [id, taskId, unit, nodeId, now.timeIntervalSince1970])
    }

    /// The server named the report differently (another device created it first): everything
    /// written here under `old` continues under `new`, and `old` still finds it.
    static func rekey(_ db: Database, from old: String, to new: String) throws {
        guard old != new else { return }
        if try Row.fetchOne(db, sql: "SELECT 1 FROM reports WHERE id = ?", arguments: [new]) != nil {
            try db.execute(sql: "UPDATE OR IGNORE revisions SET report_id = ? WHERE report_id = ?", arguments: [new, old])
            try db.execute(sql: "DELETE FROM revisions WHERE report_id = ?", arguments: [old])
            try db.execute(sql: "DELETE FROM reports WHERE id = ?", arguments: [old])
        } else {
            try db.execute(sql: "UPDATE reports SET id = ? WHERE id = ?", arguments: [new, old])
            try db.execute(sql: "UPDATE revisions SET report_id = ? WHERE report_id = ?", arguments: [new, old])
        }
        try db.execute(sql: "UPDATE outbox SET entity_id = ? WHERE entity_id = ?", arguments: [new, old])
        try db.execute(sql: "UPDATE report_reviews SET report_id = ? WHERE report_id = ?", arguments: [new, old])
        try refreshReviewState(db, reportId: new)
        try db.execute(sql: "UPDATE report_aliases SET report_id = ? WHERE report_id = ?", arguments: [new, old])
        try db.execute(sql: "INSERT OR REPLACE INTO report_aliases (old_id, report_id) VALUES (?, ?)", arguments: [old, new])
    }

    /// Stores one revision from the server: an upsert by (report, revision), so applying it twice
    /// changes nothing; the report's state follows the newest record.
    static func store(_ record: ReportRevisionRecord, in db: Database) throws {
        let id = record.reportId.lowercased
        try ensureReport(db, id: id, taskId: record.taskId, unitCode: record.unitCode, nodeId: record.nodeId,
                         now: record.receivedAt)
        let encoder = WireJSON.encoder()
        try db.execute(sql: """
            INSERT INTO revisions (report_id, revision, base_version, in_conflict, text, quantities, percent, evidence,
                                   authored_at, received_at, account_login, device_id, public_summary, difficulties)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (report_id, revision) DO UPDATE SET
                base_version = excluded.base_version, in_conflict = excluded.in_conflict, text = excluded.text,
                quantities = excluded.quantities, percent = excluded.percent, evidence = excluded.evidence,
                authored_at = excluded.authored_at, received_at = excluded.received_at,
                account_login = excluded.account_login, device_id = excluded.device_id,
                public_summary = excluded.public_summary, difficulties = excluded.difficulties
            """, arguments: [id, record.revision, record.baseVersion, record.inConflict, record.text,
                             String(decoding: try encoder.encode(record.quantities), as: UTF8.self), record.percent,
                             String(decoding: try encoder.encode(record.evidence ?? []), as: UTF8.self),
                             record.authoredAt.timeIntervalSince1970, record.receivedAt.timeIntervalSince1970,
                             record.accountLogin, record.deviceId.lowercased, ReportContent.normalizedSummary(record.publicSummary),
                             ReportContent.normalizedSummary(record.difficulties)])
        try db.execute(sql: """
            UPDATE reports SET version = ?, head_revision = ?, open_conflicts = ?, task_id = ?, unit_code = ?, node_id = ?
             WHERE id = ? AND version <= ?
            """, arguments: [record.reportVersion, record.headRevision, record.openConflicts, record.taskId, record.unitCode,
                             record.nodeId, id, record.reportVersion])
        try refreshReviewState(db, reportId: id)
    }

    // MARK: Integrity

    /// Per task: how many revisions this cache holds, and the checksum the server computes over them.
    public func digests() throws -> [Int64: ScopeDigest] {
        try read { db in
            var revisions: [Int64: [(reportId: UUID, revision: Int)]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT r.task_id, v.report_id, v.revision FROM revisions v JOIN reports r ON r.id = v.report_id
                """) {
                revisions[row["task_id"], default: []].append((UUID(uuidString: row["report_id"])!, row["revision"]))
            }
            return revisions.mapValues { list in
                ScopeDigest(taskId: 0, revisions: list.count, checksum: SHA256Hex.of(ScopeDigest.canonicalText(of: list)))
            }.reduce(into: [:]) { result, item in
                var digest = item.value
                digest.taskId = item.key
                result[item.key] = digest
            }
        }
    }

    /// Forgets the server's revisions of `tasks` and rewinds the cursor to zero, in one transaction:
    /// the next pull brings them back from the change feed (and re-applies the rest idempotently).
    public func forget(tasks: [Int64]) throws {
        try write { db in
            for task in tasks {
                try db.execute(sql: "DELETE FROM revisions WHERE report_id IN (SELECT id FROM reports WHERE task_id = ?)",
                               arguments: [task])
                try db.execute(sql: "UPDATE reports SET version = 0, head_revision = 0, open_conflicts = 0 WHERE task_id = ?",
                               arguments: [task])
            }
            try db.execute(sql: "UPDATE state SET cursor = 0 WHERE id = 1")
        }
    }

    /// Replaces what this cache holds for one task with the server's snapshot; local edits stay.
    public func replace(with snapshot: ScopeSnapshot, now: Date) throws {
        try write { db in
            try db.execute(sql: """
                DELETE FROM revisions WHERE report_id IN (SELECT id FROM reports WHERE task_id = ?)
                """, arguments: [snapshot.taskId])
            try db.execute(sql: "UPDATE reports SET version = 0, head_revision = 0, open_conflicts = 0 WHERE task_id = ?",
                           arguments: [snapshot.taskId])
            for record in snapshot.revisions {
                try Self.store(record, in: db)
            }
            try db.execute(sql: """
                DELETE FROM reports WHERE task_id = ? AND version = 0
                   AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = reports.id)
                """, arguments: [snapshot.taskId])
            try Self.refreshReviewStates(db, taskId: snapshot.taskId)
        }
    }
}

extension ClientError {
    static func unknownMutation(_ id: String) -> Self {
        .init(code: "client.unknown_mutation",
              message: .init(en: "no quarantined mutation \(id); `duban outbox` lists them",
                             zh: "隔离区中没有修改 \(id)；`duban outbox` 可列出"))
    }
}
