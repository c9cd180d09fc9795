import DubanCore
import Foundation

/// What one `duban sync` did.
public struct SyncSummary: Codable, Sendable, Equatable {
    /// Mutations the server stored (applied, duplicate or in conflict).
    public var pushed = 0
    /// Changes pulled and stored.
    public var pulled = 0
    /// Mutations stored as revisions in conflict.
    public var conflicts = 0
    /// Mutations refused and moved to the quarantine.
    public var rejected = 0
    /// Evidence files uploaded, and the bytes sent for them.
    public var uploadedFiles = 0
    public var uploadedBytes: Int64 = 0
    /// Evidence files the server refused (their reports are refused too, and quarantined).
    public var refusedFiles = 0
    /// The server's data was restored or re-created: recent mutations were sent again, everything re-pulled.
    public var epochChanged = false

    public init() {}
}

/// Progress of a long transfer, for a progress line.
public enum SyncProgress: Sendable {
    case uploading(name: String, sent: Int64, total: Int64)
    case pushing(sent: Int, total: Int)
    case pulling(count: Int)
}

/// What `duban sync --verify` found and repaired.
public struct VerifyReport: Codable, Sendable, Equatable {
    public struct Repair: Codable, Sendable, Equatable {
        public var taskId: Int64
        /// Revisions held before and after the repair.
        public var before: Int
        public var after: Int
    }

    /// Tasks compared.
    public var checked: Int
    public var repaired: [Repair]
}

/// Reconciles the cache with the server: evidence first, then the outbox in order, then every page
/// of changes. Every step is stored before the next begins and every step can be repeated, so the
/// process may be killed anywhere and run again: nothing is lost and nothing is applied twice.
public struct SyncEngine: Sendable {
    public let cache: LocalCache
    public let api: APIClient
    public let deviceId: UUID
    public let clock: @Sendable () -> Date
    public var batchSize = 100
    public var pageSize: Int?
    public var progress: @Sendable (SyncProgress) -> Void = { _ in }

    public init(cache: LocalCache, api: APIClient, deviceId: UUID, clock: @escaping @Sendable () -> Date) {
        self.cache = cache
        self.api = api
        self.deviceId = deviceId
        self.clock = clock
    }

    /// One full sync.
    public func run() async throws -> SyncSummary {
        var summary = SyncSummary()
        if try cache.state().unitCode == nil {
            let me = try await api.me()
            try cache.setAccount(unitCode: me.account.unitCode, role: me.account.role.rawValue)
        }
        // A pull first: a restored server must be noticed before anything is pushed, so that recent
        // mutations are sent again in their original order.
        var hasMore = try await exchange([], into: &summary)
        try await uploadEvidence(into: &summary)
        var pushed = 0
        let total = try cache.outbox().count
        while true {
            let batch = try cache.unsent(limit: batchSize)
            if batch.isEmpty { break }
            try cache.markSent(batch, now: clock())
            let epochBefore = summary.epochChanged
            hasMore = try await exchange(batch, into: &summary)
            if summary.epochChanged && !epochBefore {
                try await uploadEvidence(into: &summary)
            }
            let left = Set(try cache.unsent(limit: batch.count).map(\.id))
            guard batch.contains(where: { !left.contains($0.id) }) else {
                throw ClientError(code: "client.sync_stalled",
                                  message: .init(en: "the server did not answer the mutations sent; try again later",
                                                 zh: "服务器未答复所发送的修改，请稍后重试"))
            }
            pushed += batch.count
            progress(.pushing(sent: min(pushed, max(total, pushed)), total: max(total, pushed)))
        }
        while hasMore {
            hasMore = try await exchange([], into: &summary)
            progress(.pulling(count: summary.pulled))
        }
        try await fetchTaskHistories(into: &summary)
        try cache.pruneConfirmed(now: clock())
        return summary
    }

    /// The earlier history of each task the unit started leading: the changes its cursor passed
    /// while it could not see them. Each page is stored with how far it got, so an interrupted fetch
    /// goes on where it stopped.
    private func fetchTaskHistories(into summary: inout SyncSummary) async throws {
        for due in try cache.taskHistoryDue() {
            var after = due.after
            while true {
                let page: SyncHistoryPage
                do {
                    page = try await api.syncHistory(taskId: due.taskId, after: after, through: due.through)
                } catch let error as ClientError where error.status == 404 {
                    // A server older than this client has no history route: the task stays due for a later sync.
                    break
                }
                summary.pulled += try cache.apply(page)
                progress(.pulling(count: summary.pulled))
                guard page.hasMore, page.last > after else { break }
                after = page.last
            }
        }
    }

    /// One `POST /v1/sync`, its answer stored in one transaction. Returns `has_more`.
    private func exchange(_ batch: [OutboxEntry], into summary: inout SyncSummary) async throws -> Bool {
        let state = try cache.state()
        let request = SyncRequest(deviceId: deviceId, epoch: state.epoch, cursor: state.cursor,
                                  referenceVersion: state.referenceVersion, mutations: batch.map(\.envelope), pageSize: pageSize)
        let response = try await api.sync(request)
        let outcome = try cache.apply(response, deviceId: deviceId, now: clock())
        summary.pushed += outcome.confirmed
        summary.conflicts += outcome.conflicts
        summary.rejected += outcome.rejected
        summary.pulled += outcome.pulled
        summary.epochChanged = summary.epochChanged || outcome.epochChanged
        return response.hasMore
    }

    // MARK: Evidence

    private func uploadEvidence(into summary: inout SyncSummary) async throws {
        for file in try cache.evidenceToUpload() {
            do {
                if try await upload(file, into: &summary) {
                    summary.uploadedFiles += 1
                }
                try cache.markEvidence(file.sha256, uploaded: true)
            } catch let error as ClientError where Self.isFinal(error) {
                // Refused for good (too large, wrong type): the reports naming it are refused too and
                // show in the quarantine; the rest goes on.
                try cache.markEvidence(file.sha256, error: "\(error.code): \(error.message.en)")
                summary.refusedFiles += 1
            }
        }
    }

    /// A refusal that sending again cannot change.
    static func isFinal(_ error: ClientError) -> Bool {
        guard let status = error.status else { return error.code == "client.missing_file" }
        return (400..<500).contains(status) && ![401, 403, 408, 409, 429].contains(status)
    }

    /// Sends what the server lacks of `file`, from the offset it holds. Returns whether bytes were sent.
    private func upload(_ file: EvidenceFile, into summary: inout SyncSummary) async throws -> Bool {
        let declaration = EvidenceDeclaration(sha256: file.sha256, size: file.size, mediaType: file.mediaType, name: file.name)
        var status: EvidenceStatus
        if file.uploadStarted {
            // Interrupted before: the server says where it stopped (declaring again would say the same,
            // but only once this unit holds the file).
            do {
                status = try await api.evidenceStatus(file.sha256)
            } catch let error as ClientError where error.status == 404 {
                status = try await api.declareEvidence(declaration)
            }
        } else {
            status = try await api.declareEvidence(declaration)
            try cache.markEvidence(file.sha256, started: true)
        }
        if status.complete { return false }
        guard let handle = FileHandle(forReadingAtPath: file.path) else {
            throw ClientError(code: "client.missing_file",
                              message: .init(en: "the evidence copy \(file.path) is missing", zh: "佐证材料副本 \(file.path) 缺失"))
        }
        defer { try? handle.close() }
        let name = file.name ?? String(file.sha256.prefix(8))
        while !status.complete {
            try handle.seek(toOffset: UInt64(status.received))
            let length = Int(min(Int64(EvidencePolicy.maxChunkBytes), status.size - status.received))
            guard length > 0, let chunk = try handle.read(upToCount: length), chunk.count == length else {
                throw ClientError(code: "client.missing_file",
                                  message: .init(en: "the evidence copy \(file.path) is shorter than recorded",
                                                 zh: "佐证材料副本 \(file.path) 比记录的短"))
            }
            summary.uploadedBytes += Int64(chunk.count)
            do {
                status = try await api.uploadEvidence(file.sha256, offset: status.received, chunk: chunk)
            } catch let error as ClientError where error.code == "evidence.wrong_offset" || error.code == "evidence.hash_mismatch" {
                // Another device of the unit sent part of it meanwhile, or the bytes were damaged on the way.
                status = try await api.evidenceStatus(file.sha256)
            }
            progress(.uploading(name: name, sent: status.received, total: status.size))
        }
        return true
    }

    // MARK: Verify

    /// Compares per-task counts and checksums with the server and re-pulls only the tasks that differ.
    public func verify() async throws -> VerifyReport {
        let server = try await api.verifySync()
        let local = try cache.digests()
        var differing: [Int64] = []
        for scope in server.scopes {
            let mine = local[scope.taskId]
            if mine?.revisions != scope.revisions || mine?.checksum != scope.checksum {
                differing.append(scope.taskId)
            }
        }
        let serverTasks = Set(server.scopes.map(\.taskId))
        differing += local.keys.filter { !serverTasks.contains($0) }.sorted()
        let expected = Dictionary(server.scopes.map { ($0.taskId, $0) }, uniquingKeysWith: { first, _ in first })
        var repaired: [VerifyReport.Repair] = []
        var incomplete: [Int64] = []
        for task in differing {
            let snapshot = try await api.syncScope(taskId: task)
            let digest = SHA256Hex.of(ScopeDigest.canonicalText(of: snapshot.revisions.map { ($0.reportId, $0.revision) }))
            guard snapshot.revisions.count == expected[task]?.revisions ?? 0, digest == expected[task]?.checksum ?? digest else {
                // The snapshot disagrees with the server's own digest (it leaves out revisions this
                // account may see but whose author it may not): re-pull the task from the change feed.
                incomplete.append(task)
                continue
            }
            try cache.replace(with: snapshot, now: clock())
            repaired.append(.init(taskId: task, before: local[task]?.revisions ?? 0, after: snapshot.revisions.count))
        }
        if !incomplete.isEmpty {
            try cache.forget(tasks: incomplete)
            var summary = SyncSummary()
            while try await exchange([], into: &summary) {}
            let after = try cache.digests()
            for task in incomplete {
                repaired.append(.init(taskId: task, before: local[task]?.revisions ?? 0, after: after[task]?.revisions ?? 0))
            }
        }
        return VerifyReport(checked: Set(server.scopes.map(\.taskId)).union(local.keys).count,
                            repaired: repaired.sorted { $0.taskId < $1.taskId })
    }
}
