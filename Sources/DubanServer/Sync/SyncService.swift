import DubanCore
import Foundation
import Logging
import Postgres

/// `POST /v1/sync`: applies a device's mutations one transaction each, in order, idempotently; then
/// returns the changes this account may see after its cursor.
struct SyncService: Sendable {
    let database: AppDatabase
    let clock: ServerClock
    /// From how many led tasks a staff pull walks the feed once instead of one range per task.
    var rangeScanFromLedTasks = 16
    /// Where each mutation's answer is counted, once its sync has committed.
    var metrics: ServerMetrics?
    let writer = ReportWriter()
    let reviewer = ReviewWriter()
    let extensions = ExtensionRequestWriter()
    var assessments: AssessmentWriter { AssessmentWriter(clock: clock) }

    func sync(_ request: SyncRequest, identity: Identity, logger: Logger) async throws -> SyncAnswer {
        guard request.protocolVersion == SyncProtocol.version else {
            throw APIError(status: .badRequest, code: "sync.bad_protocol",
                           message: .init(en: "protocol version \(request.protocolVersion) is not spoken here (this server speaks \(SyncProtocol.version)); update duban",
                                          zh: "服务器不支持协议版本 \(request.protocolVersion)（本服务器为 \(SyncProtocol.version)），请升级 duban"))
        }
        guard request.deviceId == identity.deviceID else {
            throw APIError(status: .forbidden, code: "sync.wrong_device",
                           message: .init(en: "this token belongs to another device; sign in on this one", zh: "该登录凭据属于另一台设备，请在本设备登录"))
        }
        guard request.mutations.count <= SyncProtocol.maxMutations else {
            throw APIError(status: .contentTooLarge, code: "sync.too_many_mutations",
                           message: .init(en: "at most \(SyncProtocol.maxMutations) mutations per sync", zh: "每次同步最多 \(SyncProtocol.maxMutations) 条修改"))
        }
        guard request.cursor >= 0 else { throw APIError.badField("cursor") }
        // An epoch is the server's own short id; anything long is not one of ours.
        guard (request.epoch ?? "").utf8.count <= 128 else { throw APIError.badField("epoch") }
        let pageSize = min(max(request.pageSize ?? SyncProtocol.maxPageSize, 1), SyncProtocol.maxPageSize)

        let results = try await push(request.mutations, identity: identity)
        // Counted after the commit (a retried or failed transaction counts nothing); one result per mutation, in order.
        if let metrics {
            for (mutation, result) in zip(request.mutations, results) {
                metrics.countMutation(kind: mutation.kind, result: result.status)
            }
        }
        return try await pull(request, identity: identity, pageSize: pageSize, results: results)
    }

    // MARK: Push

    /// Applies a request's mutations in order, in one transaction with a savepoint each: a rejection
    /// or a taken id undoes only its own mutation, and the batch costs one commit. The changes to
    /// publish are numbered last, so the change counter's lock is held only for the commit.
    private func push(_ mutations: [MutationEnvelope], identity: Identity) async throws -> [MutationResult] {
        guard !mutations.isEmpty else { return [] }
        return try await database.transaction(as: identity) { connection in
            var results: [MutationResult] = []
            var published: [PublishedChange] = []
            results.reserveCapacity(mutations.count)
            for mutation in mutations {
                if let early = try precheck(mutation) {
                    results.append(early)
                    continue
                }
                try await connection.execute("SAVEPOINT mutation")
                do {
                    let (result, change) = try await apply(mutation, identity: identity, on: connection)
                    try await connection.execute("RELEASE SAVEPOINT mutation")
                    results.append(result)
                    if let change { published.append(change) }
                } catch let error as PostgresError where error.isUniqueViolation
                    && (error.constraint == "mutations_pkey" || error.constraint?.hasSuffix("_mutation_id_key") == true) {
                    // The same id from another account (whose mutations this one cannot see, so the writer got as
                    // far as its own row keyed by the mutation id), or a race with our own replay: never applied twice.
                    try await connection.execute("ROLLBACK TO SAVEPOINT mutation")
                    // Our own replay that raced this one (the same outbox sent through two servers, or again
                    // after a timeout) committed first: the unique index made this one wait for it, and this
                    // statement sees it now. It is a duplicate, not a refusal — a device must not quarantine
                    // what the server stored.
                    if let first = try await replayAnswer(for: mutation, on: connection) {
                        results.append(first)
                    } else {
                        results.append(MutationRejection("mutation.id_reused", en: "mutation id \(mutation.id) is already taken",
                                                         zh: "修改编号 \(mutation.id) 已被使用").result(for: mutation.id))
                    }
                }
            }
            for change in published {
                let data = String(decoding: try WireJSON.encoder().encode(change.change), as: UTF8.self)
                try await connection.execute("""
                    SELECT duban.record_change(\(change.change.entityType), \(change.change.entityId),
                                               \(change.unitID), \(change.taskID), \(data)::jsonb)
                    """)
            }
            return results
        }
    }

    /// Applies one mutation in the batch's transaction: the first answer again for a replay, else the
    /// writer's answer (a rejection undoes the writer's work), recorded for replays.
    private func apply(_ mutation: MutationEnvelope, identity: Identity, on connection: PostgresConnection) async throws
        -> (MutationResult, PublishedChange?)
    {
        if let first = try await replayAnswer(for: mutation, on: connection) {
            return (first, nil)
        }
        var result: MutationResult
        var published: PublishedChange?
        // The receipt time that decides timeliness: one reading of the server's clock per mutation.
        let now = clock.now()
        do {
            try await connection.execute("SAVEPOINT apply")
            switch mutation.kind {
            case ReportWritePayload.kind:
                let (answer, record) = try await writer.apply(mutation, identity: identity, receivedAt: now, on: connection)
                result = answer
                published = record.map { record in
                    PublishedChange(change: ChangeRecord(
                        seq: 0, entityType: "report_revision",
                        entityId: "\(record.reportId.uuidString.lowercased())/\(record.revision)", reportRevision: record),
                        unitID: identity.unitID, taskID: record.taskId)
                }
            case ReviewWritePayload.kind:
                (result, published) = try await reviewer.apply(mutation, identity: identity, receivedAt: now, on: connection)
            case AssessmentWritePayload.kind:
                (result, published) = try await assessments.apply(mutation, identity: identity, receivedAt: now, on: connection)
            case ExtensionRequestPayload.kind:
                (result, published) = try await extensions.apply(mutation, identity: identity, receivedAt: now, on: connection)
            default:
                throw MutationRejection("mutation.unknown_kind", en: "unknown mutation kind \(mutation.kind)",
                                        zh: "未知的修改类型 \(mutation.kind)")
            }
            try await connection.execute("RELEASE SAVEPOINT apply")
        } catch let rejection as MutationRejection {
            try await connection.execute("ROLLBACK TO SAVEPOINT apply")
            result = rejection.result(for: mutation.id)
            published = nil
        }
        let stored = String(decoding: try WireJSON.encoder().encode(result), as: UTF8.self)
        try await connection.execute("""
            INSERT INTO duban.mutations (id, account_id, device_id, device_seq, kind, payload_sha256, result)
            VALUES (\(mutation.id), \(identity.accountID), \(identity.deviceID), \(mutation.deviceSeq), \(mutation.kind),
                    \(mutation.payloadSha256), \(stored)::jsonb)
            """)
        return (result, published)
    }

    /// Checks that need no database: the payload's hash and size.
    private func precheck(_ mutation: MutationEnvelope) throws -> MutationResult? {
        guard mutation.payload.utf8.count <= 256 * 1024 else {
            return MutationRejection("mutation.too_large", en: "the payload is larger than 256 KiB", zh: "修改内容超过 256 KiB")
                .result(for: mutation.id)
        }
        guard SHA256Digest.hex(of: mutation.payload) == mutation.payloadSha256.lowercased() else {
            return MutationRejection("mutation.bad_hash", en: "payload_sha256 does not match the payload", zh: "payload_sha256 与内容不符")
                .result(for: mutation.id)
        }
        let payloadHoldsNUL = mutation.payload.utf8.withContiguousStorageIfAvailable { JSONText.containsNUL($0) }
            ?? JSONText.containsNUL(Array(mutation.payload.utf8))
        guard !payloadHoldsNUL else {
            return MutationRejection("mutation.bad_text", en: "the payload holds the NUL character (U+0000), which no text may hold",
                                     zh: "修改内容包含空字符（U+0000），文本不能包含该字符").result(for: mutation.id)
        }
        guard mutation.baseVersion >= 0, mutation.deviceSeq >= 0 else {
            return MutationRejection("mutation.bad_version", en: "base_version and device_seq cannot be negative",
                                     zh: "base_version 和 device_seq 不能为负数").result(for: mutation.id)
        }
        return nil
    }

    /// The answer for a mutation this account sent before (its first answer, as a duplicate unless it was
    /// a refusal), a refusal when the id came before with another payload, or nil when it is new here.
    private func replayAnswer(for mutation: MutationEnvelope, on connection: PostgresConnection) async throws -> MutationResult? {
        let seen = try await connection.query("SELECT payload_sha256, result::text FROM duban.mutations WHERE id = \(mutation.id)")
        guard let row = seen.first else { return nil }
        guard try row.decode(String.self, at: 0) == mutation.payloadSha256 else {
            return MutationRejection("mutation.id_reused", en: "mutation \(mutation.id) was sent before with a different payload; it was not applied again",
                                     zh: "修改 \(mutation.id) 之前以不同内容提交过，本次未执行").result(for: mutation.id)
        }
        var first = try WireJSON.decoder().decode(MutationResult.self, from: Data(try row.decode(String.self, at: 1).utf8))
        if first.status != .rejected { first.status = .duplicate }
        return first
    }

    // MARK: Pull

    private func pull(_ request: SyncRequest, identity: Identity, pageSize: Int, results: [MutationResult]) async throws
        -> SyncAnswer
    {
        try await database.transaction(as: identity, isolation: .repeatableRead) { connection in
            let meta = try await connection.query("""
                SELECT duban.current_epoch(), (SELECT seq FROM duban.change_counter),
                       (SELECT version FROM duban.reference_counter),
                       coalesce((SELECT array_agg(task_id) FROM duban.assignments
                                  WHERE unit_id = \(identity.unitID) AND role = 'lead'), '{}')
                """)[0]
            let epoch = try meta.decode(String.self, at: 0)
            let newest = try meta.decode(Int64.self, at: 1)
            let referenceVersion = try meta.decode(Int64.self, at: 2)
            let ledTasks = try meta.decode([Int64].self, at: 3)
            // Another epoch, or a cursor beyond anything this server ever numbered: the data was restored.
            let epochChanged = (request.epoch != nil && request.epoch != epoch) || request.cursor > newest
            let cursor = epochChanged ? 0 : request.cursor

            let rows: PostgresRows
            if identity.role == .staff && ledTasks.count >= rangeScanFromLedTasks {
                // A unit leading many tasks sees much of the feed: one walk along the numbers, filtered,
                // beats one index range per led task (hundreds of them on a city's plan).
                rows = try await connection.query("""
                    SELECT seq, jsonb_set(data, '{seq}', to_jsonb(seq))::text FROM duban.changes
                     WHERE seq > \(cursor)
                       AND (unit_id = \(identity.unitID) OR (unit_id IS NULL AND task_id IS NULL)
                            OR task_id = ANY(\(ledTasks)::bigint[]))
                     ORDER BY seq LIMIT \(pageSize + 1)
                    """)
            } else if identity.role == .staff {
                // One ordered, limited index range per scope, merged: cheap however large the feed is
                // and however little of it this unit may see.
                rows = try await connection.query("""
                    SELECT seq, jsonb_set(data, '{seq}', to_jsonb(seq))::text FROM (
                        (SELECT seq, data FROM duban.changes
                          WHERE unit_id = \(identity.unitID) AND seq > \(cursor) ORDER BY seq LIMIT \(pageSize + 1))
                        UNION ALL
                        (SELECT seq, data FROM duban.changes
                          WHERE unit_id IS NULL AND task_id IS NULL AND seq > \(cursor) ORDER BY seq LIMIT \(pageSize + 1))
                        UNION ALL
                        (SELECT c.seq, c.data FROM unnest(\(ledTasks)::bigint[]) AS t(id),
                                LATERAL (SELECT seq, data FROM duban.changes
                                          WHERE task_id = t.id AND unit_id IS DISTINCT FROM \(identity.unitID) AND seq > \(cursor)
                                          ORDER BY seq LIMIT \(pageSize + 1)) AS c)
                    ) AS visible
                    ORDER BY seq
                    LIMIT \(pageSize + 1)
                    """)
            } else {
                rows = try await connection.query("""
                    SELECT seq, jsonb_set(data, '{seq}', to_jsonb(seq))::text FROM duban.changes
                     WHERE seq > \(cursor) ORDER BY seq LIMIT \(pageSize + 1)
                    """)
            }
            // The feed stores each change as the JSON the client receives: it goes out as it is, with its
            // number set by PostgreSQL, never decoded and encoded again here.
            var changes: [String] = []
            changes.reserveCapacity(min(rows.count, pageSize))
            var lastSeq: Int64?
            for row in rows.prefix(pageSize) {
                lastSeq = try row.decode(Int64.self, at: 0)
                changes.append(try row.decode(String.self, at: 1))
            }
            let hasMore = rows.count > pageSize
            // With nothing more to send, the cursor moves to the newest number: changes this account
            // cannot see are skipped once, not scanned again at every sync.
            let nextCursor = hasMore ? (lastSeq ?? cursor) : max(lastSeq ?? cursor, newest)
            var reference: ReferenceData?
            if request.referenceVersion != referenceVersion || epochChanged {
                reference = try await ReferenceLoader.load(identity: identity, on: connection)
            }
            return SyncAnswer(response: SyncResponse(epoch: epoch, epochChanged: epochChanged, results: results, changes: [],
                                                     cursor: nextCursor, hasMore: hasMore, referenceVersion: referenceVersion,
                                                     reference: reference, serverTime: clock.now()),
                              changesJSON: changes)
        }
    }
}

/// A sync answer whose changes are the feed's JSON texts, spliced into the encoded response.
struct SyncAnswer: Sendable {
    /// Everything but the changes (its `changes` is empty).
    var response: SyncResponse
    /// Each change as a JSON object, in order.
    var changesJSON: [String]

    /// The whole answer as JSON bytes.
    func encoded() throws -> [UInt8] {
        let head = try WireJSON.encoder().encode(response)
        let empty = Array(#""changes":[]"#.utf8)
        // The only place the key can occur: inside strings a quote is always escaped.
        guard let range = head.firstRange(of: empty) else { throw APIError.internalInconsistency("sync answer without changes") }
        var body: [UInt8] = []
        body.reserveCapacity(head.count + changesJSON.reduce(0) { $0 + $1.utf8.count + 1 })
        body.append(contentsOf: head[..<range.lowerBound])
        body.append(contentsOf: #""changes":["#.utf8)
        for (index, change) in changesJSON.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: change.utf8)
        }
        body.append(UInt8(ascii: "]"))
        body.append(contentsOf: head[range.upperBound...])
        return body
    }
}

/// A change to append to the feed, with the scope that decides who sees it.
struct PublishedChange: Sendable {
    var change: ChangeRecord
    /// The unit whose data it is.
    var unitID: Int64
    /// The task it belongs to: the task's lead unit sees it too.
    var taskID: Int64
}
