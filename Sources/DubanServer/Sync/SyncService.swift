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
    var writers: MutationWriters { MutationWriters(clock: clock) }

    func sync(_ request: SyncRequest, identity: Identity, logger: Logger) async throws -> SyncAnswer {
        guard request.protocolVersion == SyncProtocol.version else {
            throw DomainError(.malformed, code: "sync.bad_protocol",
                           message: .init(en: "protocol version \(request.protocolVersion) is not spoken here (this server speaks \(SyncProtocol.version)); update duban",
                                          zh: "服务器不支持协议版本 \(request.protocolVersion)（本服务器为 \(SyncProtocol.version)），请升级 duban"))
        }
        guard request.deviceId == identity.deviceID else {
            throw DomainError(.forbidden, code: "sync.wrong_device",
                           message: .init(en: "this token belongs to another device; sign in on this one", zh: "该登录凭据属于另一台设备，请在本设备登录"))
        }
        guard request.mutations.count <= SyncProtocol.maxMutations else {
            throw DomainError(.tooLarge, code: "sync.too_many_mutations",
                           message: .init(en: "at most \(SyncProtocol.maxMutations) mutations per sync", zh: "每次同步最多 \(SyncProtocol.maxMutations) 条修改"))
        }
        guard request.cursor >= 0 else { throw DomainError.badField("cursor") }
        // An epoch is the server's own short id; anything long is not one of ours.
        guard (request.epoch ?? "").utf8.count <= 128 else { throw DomainError.badField("epoch") }
        let pageSize = min(max(request.pageSize ?? SyncProtocol.maxPageSize, 1), SyncProtocol.maxPageSize)

        let results = try await push(request.mutations, identity: identity, logger: logger)
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
    private func push(_ mutations: [MutationEnvelope], identity: Identity, logger: Logger) async throws -> [MutationResult] {
        guard !mutations.isEmpty else { return [] }
        // Two batches locking the same reports in opposite orders deadlock, and PostgreSQL undoes one:
        // nothing of it was stored, so it is applied again (a few times, after a short random pause)
        // rather than answered 500 for a batch with nothing wrong in it.
        var attempt = 1
        while true {
            do {
                return try await pushOnce(mutations, identity: identity, logger: logger)
            } catch let error as PostgresError where error.isSerializationFailure && attempt < Self.pushAttempts {
                logger.info("sync push applied again after a deadlock or serialisation failure",
                            metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                try await Task.sleep(for: .milliseconds(Int.random(in: 10...60) * attempt))
                attempt += 1
            }
        }
    }

    /// How many times a push is tried when PostgreSQL undoes it for a deadlock or a serialisation failure.
    static let pushAttempts = 5

    private func pushOnce(_ mutations: [MutationEnvelope], identity: Identity, logger: Logger) async throws -> [MutationResult] {
        try await database.transaction(as: identity) { connection in
            var results: [MutationResult] = []
            var published: [PublishedChange] = []
            results.reserveCapacity(mutations.count)
            for sent in mutations {
                let mutation: MutationEnvelope
                switch precheck(sent) {
                case .failure(let refusal):
                    results.append(refusal.result(for: sent.id))
                    continue
                case .success(let checked):
                    mutation = checked
                }
                try await connection.execute("SAVEPOINT mutation")
                do {
                    let (result, change) = try await apply(mutation, identity: identity, logger: logger, on: connection)
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
    private func apply(_ mutation: MutationEnvelope, identity: Identity, logger: Logger, on connection: PostgresConnection)
        async throws -> (MutationResult, PublishedChange?)
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
            guard let kind = MutationKind(rawValue: mutation.kind) else {
                throw MutationRejection("mutation.unknown_kind", en: "unknown mutation kind \(mutation.kind)",
                                        zh: "未知的修改类型 \(mutation.kind)")
            }
            (result, published) = try await writers.apply(kind, mutation, identity: identity, receivedAt: now, on: connection)
            try await connection.execute("RELEASE SAVEPOINT apply")
        } catch let rejection as MutationRejection {
            try await connection.execute("ROLLBACK TO SAVEPOINT apply")
            result = rejection.result(for: mutation.id)
            published = nil
        } catch let refusal as DomainError where refusal.isTheRequestsFault {
            // A rule a writer's service shares with the routes (a plan or node not found, a state that
            // forbids it): this mutation's refusal.
            try await connection.execute("ROLLBACK TO SAVEPOINT apply")
            result = MutationRejection(refusal.code, en: refusal.message.en, zh: refusal.message.zh).result(for: mutation.id)
            published = nil
        } catch let error where Self.isThisMutationsFault(error) {
            // Something this mutation holds got past the rules and the database refused it (a CHECK, a
            // trigger, a policy): its own refusal, never the batch's. Logged, since a rule is missing.
            try await connection.execute("ROLLBACK TO SAVEPOINT apply")
            logger.error("mutation refused by the database", metadata: [
                "mutation": "\(mutation.id)", "kind": "\(mutation.kind)", "error": "\(error)"])
            result = Self.databaseRefusal(error).result(for: mutation.id)
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

    /// Checks that need no database: the payload's size, hash and text. The hash is taken in its
    /// lower-case form, as the database stores and compares it.
    private func precheck(_ sent: MutationEnvelope) -> Result<MutationEnvelope, MutationRejection> {
        var mutation = sent
        mutation.payloadSha256 = sent.payloadSha256.lowercased()
        guard mutation.payload.utf8.count <= SyncProtocol.maxPayloadBytes else {
            return .failure(MutationRejection("mutation.too_large", en: "the payload is larger than 256 KiB", zh: "修改内容超过 256 KiB"))
        }
        guard SHA256Digest.hex(of: mutation.payload) == mutation.payloadSha256 else {
            return .failure(MutationRejection("mutation.bad_hash", en: "payload_sha256 does not match the payload",
                                              zh: "payload_sha256 与内容不符"))
        }
        let payloadHoldsNUL = mutation.payload.utf8.withContiguousStorageIfAvailable { JSONText.containsNUL($0) }
            ?? JSONText.containsNUL(Array(mutation.payload.utf8))
        guard !payloadHoldsNUL else {
            return .failure(MutationRejection("mutation.bad_text", en: "the payload holds the NUL character (U+0000), which no text may hold",
                                              zh: "修改内容包含空字符（U+0000），文本不能包含该字符"))
        }
        guard mutation.baseVersion >= 0, mutation.deviceSeq >= 0 else {
            return .failure(MutationRejection("mutation.bad_version", en: "base_version and device_seq cannot be negative",
                                              zh: "base_version 和 device_seq 不能为负数"))
        }
        return .success(mutation)
    }

    /// True for an error that belongs to the one mutation being applied: the database refused what
    /// it holds — a data exception (class 22), a constraint (23, a mutation id taken excepted), a
    /// trigger's or function's own refusal (P0), a row-level security policy (42501). Anything else
    /// (a lost or full database, a serialisation failure, a server fault, data the server cannot
    /// read back) is not the office's doing: it ends the batch, which the client sends again, rather
    /// than being stored as a refusal it would be told to correct.
    static func isThisMutationsFault(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError, error.code == .server, let state = error.sqlState else { return false }
        if error.isUniqueViolation && (error.constraint == "mutations_pkey" || error.constraint?.hasSuffix("_mutation_id_key") == true) {
            return false
        }
        return state.hasPrefix("22") || state.hasPrefix("23") || state.hasPrefix("P0") || state == "42501"
    }

    /// The refusal stored for a mutation the database refused.
    static func databaseRefusal(_ error: any Error) -> MutationRejection {
        let constraint = (error as? PostgresError)?.constraint.map { " (\($0))" } ?? ""
        return MutationRejection("mutation.refused_by_database",
                                 en: "the server's database refused this change\(constraint); nothing of it was stored. Correct it and write it again",
                                 zh: "服务器数据库拒绝了这项修改\(constraint)，其内容均未保存；请修改后重新填写")
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

            let scope = ChangeScope(identity: identity, ledTasks: ledTasks)
            let rows = try await scope.changes(after: cursor, limit: pageSize + 1, rangeScanFromLedTasks: rangeScanFromLedTasks,
                                               on: connection)
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
        try Self.splice(changesJSON, into: try WireJSON.encoder().encode(response))
    }

    /// `head` (an encoded answer whose `changes` is empty) with `changes` (JSON objects) as its changes.
    static func splice(_ changes: [String], into head: Data) throws -> [UInt8] {
        let empty = Array(#""changes":[]"#.utf8)
        // The only place the key can occur: inside strings a quote is always escaped.
        guard let range = head.firstRange(of: empty) else { throw DomainError.internalInconsistency("sync answer without changes") }
        var body: [UInt8] = []
        body.reserveCapacity(head.count + changes.reduce(0) { $0 + $1.utf8.count + 1 })
        body.append(contentsOf: head[..<range.lowerBound])
        body.append(contentsOf: #""changes":["#.utf8)
        for (index, change) in changes.enumerated() {
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
