import DubanCore
import Foundation
import GRDB

/// An evidence file copied into the data folder, ready to be named by a report.
public struct LocalEvidence: Sendable, Equatable {
    public var sha256: String
    public var path: String
    public var size: Int64
    public var mediaType: String
    public var name: String?

    public init(sha256: String, path: String, size: Int64, mediaType: String, name: String?) {
        self.sha256 = sha256
        self.path = path
        self.size = size
        self.mediaType = mediaType
        self.name = name
    }
}

extension LocalCache {
    /// Writes a new revision locally: the report (created when `reportId` is nil) and its outbox
    /// entry in one transaction, so the edit shows at once and is sent by the next sync.
    ///
    /// The base version is the newest version known here; over edits not yet confirmed it is the
    /// version the previous one will get, so a chain of offline edits by one device is not a conflict.
    @discardableResult
    public func writeReport(reportId: UUID?, taskId: Int64, nodeId: Int64, unitCode: String, content: ReportContent,
                            evidence: [LocalEvidence] = [], authoredAt: Date, now: Date) throws -> (reportId: UUID, mutationId: UUID) {
        try write { db in
            let id: UUID
            if let reportId {
                id = reportId
                guard let state = try String.fetchOne(db, sql: "SELECT review_state FROM reports WHERE id = ?",
                                                      arguments: [id.lowercased]) else {
                    throw ClientError.unknownReport(reportId.lowercased)
                }
                // Accepted by the lead unit: that revision is locked (the server refuses further writes).
                guard state != ReviewState.accepted.rawValue else {
                    throw ClientError.reportAccepted(String(id.lowercased.prefix(8)))
                }
            } else {
                if let existing = try String.fetchOne(db, sql: """
                    SELECT id FROM reports WHERE task_id = ? AND unit_code = ? AND node_id = ?
                    """, arguments: [taskId, unitCode, nodeId]) {
                    throw ClientError.reportExists(String(existing.prefix(8)))
                }
                id = UUID()
                try db.execute(sql: """
                    INSERT INTO reports (id, task_id, unit_code, node_id, created_at) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [id.lowercased, taskId, unitCode, nodeId, now.timeIntervalSince1970])
            }
            for file in evidence {
                try db.execute(sql: """
                    INSERT INTO evidence (sha256, path, size, media_type, name, created_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (sha256) DO UPDATE SET path = excluded.path
                    """, arguments: [file.sha256, file.path, file.size, file.mediaType, file.name, now.timeIntervalSince1970])
            }
            let mutation = try Self.enqueue(db, reportId: id, taskId: taskId, nodeId: nodeId, content: content,
                                            authoredAt: authoredAt, now: now)
            return (id, mutation)
        }
    }

    /// Adds a `report.write` mutation for `reportId` to the outbox.
    static func enqueue(_ db: Database, reportId: UUID, taskId: Int64, nodeId: Int64, content: ReportContent,
                        authoredAt: Date, now: Date) throws -> UUID {
        let base = try nextBaseVersion(db, reportId: reportId.lowercased)
        let payload = ReportWritePayload(reportId: reportId, taskId: taskId, nodeId: nodeId, text: content.text,
                                         quantities: content.quantities, percent: content.percent,
                                         evidence: content.evidence.isEmpty ? nil : content.evidence,
                                         publicSummary: ReportContent.normalizedSummary(content.publicSummary),
                                         difficulties: ReportContent.normalizedSummary(content.difficulties))
        return try enqueue(db, payload, base: base, authoredAt: authoredAt, now: now)
    }

    /// The base version for the next edit of a report: the version its newest unconfirmed edit will
    /// get, else the newest version known.
    static func nextBaseVersion(_ db: Database, reportId: String) throws -> Int {
        if let last = try Int.fetchOne(db, sql: """
            SELECT base_version FROM outbox WHERE entity_id = ? AND kind = ? AND status IN ('pending', 'sent')
             ORDER BY device_seq DESC LIMIT 1
            """, arguments: [reportId, ReportWritePayload.kind]) {
            return last + 1
        }
        return try Int.fetchOne(db, sql: "SELECT version FROM reports WHERE id = ?", arguments: [reportId]) ?? 0
    }

    /// The report whose id starts with `prefix` (hex digits, dashes optional), also under an id it had
    /// before the server renamed it.
    public func resolveReport(_ prefix: String) throws -> UUID {
        let cleaned = prefix.lowercased().filter { $0 != "-" }
        guard !cleaned.isEmpty, cleaned.allSatisfy(\.isHexDigit) else { throw ClientError.unknownReport(prefix) }
        return try read { db in
            let matches = try String.fetchAll(db, sql: """
                SELECT id FROM reports WHERE replace(id, '-', '') LIKE ? || '%'
                UNION SELECT report_id FROM report_aliases WHERE replace(old_id, '-', '') LIKE ? || '%'
                """, arguments: [cleaned, cleaned])
            let unique = Array(Set(matches))
            guard unique.count == 1, let id = UUID(uuidString: unique[0]) else {
                throw unique.isEmpty ? ClientError.unknownReport(prefix) : ClientError.ambiguousReport(prefix, count: unique.count)
            }
            return id
        }
    }

    /// The report of `unitCode` for a task and node, if one is held here.
    public func reportId(taskId: Int64, unitCode: String, nodeId: Int64) throws -> UUID? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT id FROM reports WHERE task_id = ? AND unit_code = ? AND node_id = ?",
                                arguments: [taskId, unitCode, nodeId]).flatMap(UUID.init(uuidString:))
        }
    }

    /// One report with every revision known here.
    public func report(_ id: UUID) throws -> CachedReport? {
        try read { db in try Self.reports(db, where: "id = ?", [id.lowercased]).first }
    }

    /// Every report held, by task and node.
    public func reports() throws -> [CachedReport] {
        try read { db in try Self.reports(db, where: "1", []) }
    }

    /// One unit's reports, without loading the other units' reports a lead unit holds (tens of
    /// thousands on a city's plan). With `history: false` (what `duban status` needs: states,
    /// reviews, counts) the synced revisions are not read: `revisions` holds only this machine's
    /// unsent and refused edits, so `status`, `pendingCount` and `rejectedCount` are right but
    /// `current` is not the head.
    public func reports(unit: String, history: Bool = true) throws -> [CachedReport] {
        try read { db in try Self.reports(db, where: "unit_code = ?", [unit], history: history) }
    }

    /// How many reports of other units on `tasks` wait for the lead unit's decision (`submitted`,
    /// with a revision on the server), counted in SQLite without loading them.
    public func countAwaitingReview(onTasks tasks: Set<Int64>, notOf unit: String) throws -> Int {
        guard !tasks.isEmpty else { return 0 }
        let marks = Array(repeating: "?", count: tasks.count).joined(separator: ", ")
        var arguments: [any DatabaseValueConvertible] = [unit]
        for task in tasks.sorted() { arguments.append(task) }
        return try read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM reports
                 WHERE review_state = 'submitted' AND head_revision > 0 AND unit_code <> ? AND task_id IN (\(marks))
                """, arguments: StatementArguments(arguments)) ?? 0
        }
    }

    /// How many lead units' own reports on the tasks they lead (`leads`: task and unit) wait for the
    /// supervision office's decision, counted in SQLite.
    public func countAwaitingReview(ofLeads leads: [(taskId: Int64, unitCode: String)]) throws -> Int {
        guard !leads.isEmpty else { return 0 }
        let marks = Array(repeating: "(?, ?)", count: leads.count).joined(separator: ", ")
        var arguments: [any DatabaseValueConvertible] = []
        for lead in leads { arguments += [lead.taskId, lead.unitCode] }
        return try read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM reports
                 WHERE review_state = 'submitted' AND head_revision > 0 AND (task_id, unit_code) IN (VALUES \(marks))
                """, arguments: StatementArguments(arguments)) ?? 0
        }
    }

    /// The reports matching `condition`, each with its revisions, local edits, reviews and pending
    /// decisions: five queries in all, however many reports (a cache can hold tens of thousands).
    static func reports(_ db: Database, where condition: String, _ arguments: StatementArguments,
                        history: Bool = true) throws -> [CachedReport] {
        let decoder = WireJSON.decoder()
        func quantities(_ text: String) -> [String: Double] {
            text == "{}" ? [:] : (try? decoder.decode([String: Double].self, from: Data(text.utf8))) ?? [:]
        }
        func list(_ text: String) -> [String] {
            text == "[]" ? [] : (try? decoder.decode([String].self, from: Data(text.utf8))) ?? []
        }
        func payload(_ text: String) -> ReportWritePayload? { try? decoder.decode(ReportWritePayload.self, from: Data(text.utf8)) }
        func grouped(_ rows: [Row]) -> [String: [Row]] {
            var groups: [String: [Row]] = [:]
            for row in rows { groups[row["report_id"], default: []].append(row) }
            return groups
        }
        let scope = "SELECT id FROM reports WHERE \(condition)"
        let revisions = !history ? [:] : grouped(try Row.fetchAll(db, sql: """
            SELECT * FROM revisions WHERE report_id IN (\(scope)) ORDER BY report_id, revision
            """, arguments: arguments))
        let local = grouped(try Row.fetchAll(db, sql: """
            SELECT entity_id AS report_id, id, device_seq, base_version, payload, authored_at, code, message FROM outbox
             WHERE entity_id IN (\(scope)) AND kind = ? AND status IN ('pending', 'sent', 'rejected')
             ORDER BY device_seq
            """, arguments: arguments + [ReportWritePayload.kind]))
        let reviews = grouped(try Row.fetchAll(db, sql: """
            SELECT * FROM report_reviews WHERE report_id IN (\(scope)) ORDER BY received_at, revision, rowid
            """, arguments: arguments))
        let pending = grouped(try Row.fetchAll(db, sql: """
            SELECT entity_id AS report_id, id, payload, authored_at FROM outbox
             WHERE entity_id IN (\(scope)) AND kind = ? AND status IN ('pending', 'sent') ORDER BY device_seq
            """, arguments: arguments + [ReviewWritePayload.kind]))

        return try Row.fetchAll(db, sql: """
            SELECT * FROM reports WHERE \(condition) ORDER BY task_id, node_id, unit_code
            """, arguments: arguments).map { row in
            let id: String = row["id"]
            var history = (revisions[id] ?? []).map { rev in
                LocalRevision(state: rev["received_at"] == nil ? .confirmed : .synced, revision: rev["revision"],
                              baseVersion: rev["base_version"], inConflict: rev["in_conflict"],
                              content: ReportContent(text: rev["text"], quantities: quantities(rev["quantities"]),
                                                     percent: rev["percent"], evidence: list(rev["evidence"]),
                                                     publicSummary: rev["public_summary"], difficulties: rev["difficulties"]),
                              authoredAt: Date(timeIntervalSince1970: rev["authored_at"]),
                              receivedAt: (rev["received_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                              accountLogin: rev["account_login"], deviceId: UUID(uuidString: rev["device_id"]))
            }
            for entry in local[id] ?? [] {
                guard let body = payload(entry["payload"]) else { continue }
                let code: String? = entry["code"]
                history.append(LocalRevision(
                    state: code == nil ? .pending : .rejected, revision: nil, baseVersion: entry["base_version"], inConflict: false,
                    content: ReportContent(body),
                    authoredAt: Date(timeIntervalSince1970: entry["authored_at"]), receivedAt: nil, accountLogin: nil,
                    deviceId: nil, mutationId: UUID(uuidString: entry["id"]),
                    rejection: code.map { "\($0): \(entry["message"] as String? ?? "")" }))
            }
            return CachedReport(id: UUID(uuidString: id)!, taskId: row["task_id"], unitCode: row["unit_code"],
                                nodeId: row["node_id"], version: row["version"], headRevision: row["head_revision"],
                                openConflicts: row["open_conflicts"], revisions: history,
                                reviewState: ReviewState(rawValue: row["review_state"]) ?? .submitted,
                                reviews: (reviews[id] ?? []).map(Self.review(from:)),
                                pendingReviews: (pending[id] ?? []).compactMap(Self.pendingReview(from:)))
        }
    }
}

extension ClientError {
    static func unknownReport(_ id: String) -> Self {
        .init(code: "client.unknown_report",
              message: .init(en: "no report \(id) here; `duban report list` shows them (run `duban sync` to fetch new ones)",
                             zh: "本地没有报告 \(id)；`duban report list` 可列出报告（新报告请先运行 `duban sync`）"))
    }

    static func ambiguousReport(_ id: String, count: Int) -> Self {
        .init(code: "client.ambiguous_report",
              message: .init(en: "\(id) matches \(count) reports; type more of the id",
                             zh: "\(id) 对应 \(count) 份报告，请输入更长的编号"))
    }

    static func reportExists(_ id: String) -> Self {
        .init(code: "client.report_exists",
              message: .init(en: "your unit already has report \(id) for this task and node; change it with `duban report edit \(id)`",
                             zh: "本单位已有该任务该节点的报告 \(id)；请用 `duban report edit \(id)` 修改"))
    }
}

extension LocalCache {
    /// `IndicatorRules.warnings` for values `unitCode` reports on `taskId` at `nodeId`: against the
    /// task's confirmed indicators and the unit's report at the previous node held here. Never a refusal.
    public func indicatorWarnings(taskId: Int64, nodeId: Int64, unitCode: String, values: [String: Double]) throws -> [LocalizedText] {
        let indicators = try read { db in try Self.confirmedIndicators(db, taskId: taskId) }
        guard !indicators.isEmpty, !values.isEmpty else { return [] }
        let reference = try reference()
        let nodes = reference.nodes.sorted { $0.ordinal < $1.ordinal }
        guard let node = nodes.first(where: { $0.id == nodeId }) else { return [] }
        let earlier = nodes.filter { $0.planId == node.planId && $0.ordinal < node.ordinal }.reversed()
        var previous: [String: Double] = [:]
        for candidate in earlier {
            if let id = try reportId(taskId: taskId, unitCode: unitCode, nodeId: candidate.id),
               let content = try report(id)?.current?.content {
                previous = content.quantities
                break
            }
        }
        return IndicatorRules.warnings(values: values, previous: previous, unitCode: unitCode, indicators: indicators)
    }
}
