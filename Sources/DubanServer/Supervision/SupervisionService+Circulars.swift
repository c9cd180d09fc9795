import DubanCore
import Foundation
import Postgres

/// Circulars: drafted from a snapshot of a node, edited while a draft, issued with the year's next
/// number and the newest signed audit checkpoint at its foot, and never changed again (the database refuses any change to an issued one). Issued
/// circulars reach every unit through the change feed.
extension SupervisionService {
    func draftCircular(_ request: CircularDraftRequest, identity: Identity) async throws -> CircularRecord {
        let now = clock.now()
        return try await database.transaction(as: identity, isolation: .repeatableRead) { connection in
            let facts = try await PlanFacts.load(year: request.planYear, on: connection)
            let node = try facts.node(on: request.nodeDate, now: now)
            let names = try await connection.query("""
                SELECT (SELECT title FROM duban.plans WHERE id = \(facts.planID)), (SELECT name FROM duban.units WHERE id = \(identity.unitID))
                """)[0]
            let composer = CircularComposer(planTitle: try names.decode(String.self, at: 0),
                                            issuerName: try names.decodeIfPresent(String.self, at: 1) ?? "", timeZone: facts.timeZone)
            let snapshot = composer.snapshot(facts.overview(node: node, now: now),
                                             figures: facts.indicatorReport(on: facts.day(of: now), task: nil, unit: nil))
            let json = String(decoding: try WireJSON.encoder().encode(snapshot), as: UTF8.self)
            let id = try await connection.query("""
                INSERT INTO duban.circulars (plan_id, node_id, year, title, body, snapshot, drafted_by, created_at, updated_at)
                VALUES (\(facts.planID), \(node.id), \(facts.year), \(composer.title(year: facts.year, nodeDate: node.date)),
                        \(composer.body(snapshot, year: facts.year)), \(json)::jsonb, \(identity.accountID), \(now), \(now))
                RETURNING id
                """)[0].decode(Int64.self, at: 0)
            try await AppDatabase.audit("circular.draft", entityType: "circular", entityID: String(id), on: connection)
            return try await SupervisionRecords.circulars(id: id, on: connection)[0]
        }
    }

    func circular(id: Int64, identity: Identity) async throws -> CircularRecord {
        try await database.transaction(as: identity) { connection in
            guard let record = try await SupervisionRecords.circulars(id: id, on: connection).first else {
                throw Self.noCircular(id)
            }
            return record
        }
    }

    func circulars(identity: Identity) async throws -> CircularList {
        try await database.transaction(as: identity) { connection in
            CircularList(circulars: try await SupervisionRecords.circulars(on: connection))
        }
    }

    func editCircular(id: Int64, _ request: CircularEditRequest, identity: Identity) async throws -> CircularRecord {
        let now = clock.now()
        if let title = request.title,
           title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || TextLimit.length(title) > TextLimit.circularTitle {
            throw DomainError.invalid("circular.bad_title", en: "a title needs 1 to \(TextLimit.circularTitle) characters",
                                   zh: "标题须为 1 至 \(TextLimit.circularTitle) 个字符")
        }
        if let body = request.body, TextLimit.length(body) > TextLimit.circularBody {
            throw DomainError.invalid("circular.body_too_long", en: "the body is longer than \(TextLimit.circularBody) characters",
                                   zh: "正文超过 \(TextLimit.circularBody) 个字符")
        }
        return try await database.transaction(as: identity) { connection in
            try await Self.lockDraft(id, on: connection)
            try await connection.execute("""
                UPDATE duban.circulars SET title = coalesce(\(request.title), title), body = coalesce(\(request.body), body),
                                           updated_at = \(now)
                 WHERE id = \(id)
                """)
            try await AppDatabase.audit("circular.edit", entityType: "circular", entityID: String(id), on: connection)
            return try await SupervisionRecords.circulars(id: id, on: connection)[0]
        }
    }

    func issueCircular(id: Int64, identity: Identity) async throws -> CircularRecord {
        let now = clock.now()
        return try await database.transaction(as: identity) { connection in
            let year = try await Self.lockDraft(id, on: connection)
            // Numbers are per year and gap-free: one issuer at a time per year.
            try await connection.execute("SELECT pg_advisory_xact_lock(hashtext('duban.circular_number'), \(year)::integer)")
            let number = try await connection.query("""
                SELECT coalesce(max(number), 0) + 1 FROM duban.circulars WHERE year = \(year) AND state = 'issued'
                """)[0].decode(Int.self, at: 0)
            let foot = try await Self.auditFoot(circular: id, on: connection)
            try await connection.execute("""
                UPDATE duban.circulars SET state = 'issued', number = \(number), issued_by = \(identity.accountID), issued_at = \(now),
                                           updated_at = \(now), body = rtrim(body, E'\\n') || E'\\n\\n' || \(foot) || E'\\n'
                 WHERE id = \(id)
                """)
            try await AppDatabase.audit("circular.issue", entityType: "circular", entityID: String(id),
                                        detail: ["number": CircularRecord.documentNumber(year: year, number: number)], on: connection)
            let record = try await SupervisionRecords.circulars(id: id, on: connection)[0]
            try await SupervisionRecords.publish(ChangeRecord(seq: 0, entityType: "circular", entityId: String(id), circular: record),
                                                 unitID: nil, taskID: nil, on: connection)
            return record
        }
    }

    /// The line an issued circular ends with: the newest signed head of the audit chain, so the
    /// paper witnesses it (in the plan's time zone).
    private static func auditFoot(circular id: Int64, on connection: PostgresConnection) async throws -> String {
        let zone = try await connection.query("""
            SELECT p.time_zone FROM duban.circulars c JOIN duban.plans p ON p.id = c.plan_id WHERE c.id = \(id)
            """).first?.decode(String.self, at: 0)
        // A server newer than its schema (before `migrate` has run) issues without the witness.
        guard try await connection.query("SELECT to_regclass('duban.audit_checkpoints') IS NOT NULL")[0].decode(Bool.self, at: 0),
              let checkpoint = try await AuditCheckpoint.newest(on: connection) else { return AuditCheckpoint.noWitnessText }
        return checkpoint.witnessText(timeZone: zone.flatMap(TimeZone.init(identifier:)) ?? PublicPage.timeZone)
    }

    /// Locks a draft for change and returns its year; an issued circular is refused.
    @discardableResult
    private static func lockDraft(_ id: Int64, on connection: PostgresConnection) async throws -> Int {
        let rows = try await connection.query("SELECT state, year, number FROM duban.circulars WHERE id = \(id) FOR UPDATE")
        guard let row = rows.first else { throw noCircular(id) }
        guard try row.decode(String.self, at: 0) == CircularState.draft.rawValue else {
            let document = CircularRecord.documentNumber(year: try row.decode(Int.self, at: 1), number: try row.decode(Int.self, at: 2))
            throw DomainError.refused("circular.issued", en: "circular \(document) was issued and never changes; draft a new one",
                                   zh: "通报\(document)已印发，不能修改；如需更正请另行起草")
        }
        return try row.decode(Int.self, at: 1)
    }

    static func noCircular(_ id: Int64) -> DomainError {
        .missing("circular.not_found", en: "no circular \(id)", zh: "通报 \(id) 不存在")
    }
}
