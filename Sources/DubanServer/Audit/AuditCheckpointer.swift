import DubanCore
import Foundation
import Logging
import Postgres
import Synchronization

/// Signs checkpoints of the audit chain's head (`duban.audit_checkpoints`) with the key of
/// `DUBAN_AUDIT_KEY_FILE`, after the sealer has chained new entries.
///
/// It signs only a chain that still extends the newest checkpoint (the stored hash at that
/// checkpoint's position is the one signed), so a chain rewritten and re-sealed in the database is
/// not blessed by a new signature: the checkpointer stops signing, logs an error, and reports
/// `broken` (`/readyz`, `GET /v1/audit/checkpoints`) until the chain matches again.
/// Without a key it signs nothing and reports `unsigned`.
public final class AuditCheckpointer: Sendable {
    /// nil: checkpoints are unsigned (no key file).
    public let key: AuditSigningKey?
    let clock: ServerClock
    /// The least time between two checkpoints the sealer writes on its own (a verification signs at once).
    let interval: Duration
    private let state = Mutex<(problem: String?, lastSigned: ContinuousClock.Instant?)>((nil, nil))

    /// The scope checkpoints are read and written under: read-only oversight, no account.
    static let identity = Identity(accountID: 0, unitID: 0, role: .oversight, deviceID: UUID(uuidString: "00000000-0000-0000-0000-000000000000")!,
                                   sessionID: 0, mustChangePassword: false, expiresAt: .distantFuture)

    public init(key: AuditSigningKey?, clock: ServerClock, interval: Duration = .seconds(30)) {
        self.key = key
        self.clock = clock
        self.interval = interval
    }

    /// `signed`, `unsigned` or `broken` (see ``AuditCheckpointList/status``).
    public var status: String {
        guard key != nil else { return "unsigned" }
        return state.withLock { $0.problem } == nil ? "signed" : "broken"
    }

    /// Why the status is `broken`.
    public var problem: String? { state.withLock { $0.problem } }

    /// Signs the head if it moved since the newest checkpoint (and, unless `force`, the interval has
    /// passed since this server last signed). Returns the new checkpoint, if any.
    @discardableResult
    func checkpoint(database: AppDatabase, force: Bool, logger: Logger) async throws -> AuditCheckpoint? {
        guard let key else { return nil }
        if !force, let last = state.withLock({ $0.lastSigned }), ContinuousClock.now - last < interval { return nil }
        let now = clock.now()
        let outcome: (AuditCheckpoint?, String?) = try await database.transaction(as: Self.identity) { connection in
            // Several servers: one signs at a time, and the others see what it signed.
            try await connection.execute("SELECT pg_advisory_xact_lock(hashtext('duban.audit_checkpoints'))")
            let head = try await connection.query("SELECT last_seq, last_hash FROM duban.audit_chain")[0]
            let seq = try head.decode(Int64.self, at: 0)
            let hash = try head.decode(String.self, at: 1)
            guard seq > 0 else { return (nil, nil) }
            if let newest = try await Self.checkpoints(newestOnly: true, on: connection).first {
                let stored = try await connection.query("SELECT hash FROM duban.audit_log WHERE seq = \(newest.seq)")
                    .first?.decodeIfPresent(String.self, at: 0)
                if stored != newest.headHash || (newest.keyId == key.keyID && !key.signed(newest)) {
                    return (nil, "the audit chain no longer extends the checkpoint of seq \(newest.seq) signed at "
                        + "\(newest.signedAt.formatted(.iso8601)): entries up to seq \(newest.seq) were changed, removed or re-sealed")
                }
                if newest.seq >= seq { return (nil, nil) }
            }
            let checkpoint = try key.checkpoint(seq: seq, headHash: hash, at: now)
            try await connection.execute("""
                INSERT INTO duban.audit_checkpoints (seq, head_hash, signed_at, key_id, public_key, signature)
                VALUES (\(checkpoint.seq), \(checkpoint.headHash), \(checkpoint.signedAt), \(checkpoint.keyId),
                        \(checkpoint.publicKey), \(checkpoint.signature))
                ON CONFLICT (seq) DO NOTHING
                """)
            return (checkpoint, nil)
        }
        let (checkpoint, problem) = outcome
        let wasBroken = state.withLock { state in
            let was = state.problem != nil
            state.problem = problem
            if checkpoint != nil { state.lastSigned = .now }
            return was
        }
        if let problem, !wasBroken {
            logger.error("audit checkpoints stopped: \(problem) / 审计检查点已停止签署：审计链与此前签署的检查点不再一致，请立即核查",
                         metadata: ["problem": "\(problem)"])
        }
        return checkpoint
    }

    /// Every checkpoint, oldest first (or only the newest).
    static func checkpoints(newestOnly: Bool = false, on connection: PostgresConnection) async throws -> [AuditCheckpoint] {
        let rows = newestOnly
            ? try await connection.query("""
                SELECT seq, head_hash, signed_at, key_id, public_key, signature FROM duban.audit_checkpoints ORDER BY seq DESC LIMIT 1
                """)
            : try await connection.query("""
                SELECT seq, head_hash, signed_at, key_id, public_key, signature FROM duban.audit_checkpoints ORDER BY seq
                """)
        return try rows.map { row in
            AuditCheckpoint(seq: try row.decode(Int64.self, at: 0), headHash: try row.decode(String.self, at: 1),
                            signedAt: try row.decode(Date.self, at: 2), keyId: try row.decode(String.self, at: 3),
                            publicKey: try row.decode(String.self, at: 4), signature: try row.decode(String.self, at: 5))
        }
    }
}
