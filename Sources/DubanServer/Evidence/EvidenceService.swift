import Crypto
import DubanCore
import Foundation
import Postgres

/// Evidence files, content-addressed by SHA-256. Knowing a hash grants nothing: a unit declares a file
/// and so starts its own upload (`duban.evidence_uploads`), sends every byte in resumable chunks, and
/// holds the file only when those bytes hash to the name; then they join the shared content, or are
/// dropped when it is already there. A declaration is answered from the unit's own records alone, so
/// it never tells whether another unit has the file. A unit reads what it holds and what is attached
/// to reports and assessments it may read (`duban.may_read_evidence`).
struct EvidenceService: Sendable {
    let database: AppDatabase
    let maxFileBytes: Int64

    /// The file's status for the caller: whole when it may read it, else its own upload's progress.
    func readableStatus(_ sha: String, complete: Bool = false, identity: Identity) async throws -> EvidenceStatus {
        try await database.transaction(as: identity) { connection in
            if try await connection.query("SELECT duban.may_read_evidence(\(sha))")[0].decode(Bool.self, at: 0),
               let status = try await Self.status(sha, on: connection) {
                return status
            }
            guard !complete, let upload = try await Self.upload(sha, unitID: identity.unitID, on: connection) else {
                throw DomainError.evidenceNotFound
            }
            return upload.status
        }
    }

    /// The chunk of a file the caller may read that starts at `offset`.
    func chunk(_ sha: String, at offset: Int64, identity: Identity) async throws -> [UInt8] {
        try await database.transaction(as: identity) { connection in
            guard let row = try await connection.query("""
                SELECT data FROM duban.evidence_chunks WHERE sha256 = \(sha) AND "offset" = \(offset)
                """).first else { throw DomainError.evidenceNotFound }
            return try row.decode([UInt8].self, at: 0)
        }
    }

    /// A whole file's status; nil when the caller may not read it (row-level security) or it is not there.
    static func status(_ sha: String, on connection: PostgresConnection) async throws -> EvidenceStatus? {
        try await connection.query("""
            SELECT size, media_type FROM duban.evidence_files WHERE sha256 = \(sha)
            """).first.map { row in
            let size = try row.decode(Int64.self, at: 0)
            return EvidenceStatus(sha256: sha, size: size, mediaType: try row.decode(String.self, at: 1), received: size, complete: true)
        }
    }

    /// One unit's upload of a file.
    struct Upload: Sendable {
        var status: EvidenceStatus
        var name: String?
    }

    static func upload(_ sha: String, unitID: Int64, lock: Bool = false, on connection: PostgresConnection) async throws -> Upload? {
        let rows = lock
            ? try await connection.query("""
                SELECT size, media_type, received, name FROM duban.evidence_uploads WHERE sha256 = \(sha) AND unit_id = \(unitID) FOR UPDATE
                """)
            : try await connection.query("""
                SELECT size, media_type, received, name FROM duban.evidence_uploads WHERE sha256 = \(sha) AND unit_id = \(unitID)
                """)
        return try rows.first.map { row in
            Upload(status: EvidenceStatus(sha256: sha, size: try row.decode(Int64.self, at: 0), mediaType: try row.decode(String.self, at: 1),
                                          received: try row.decode(Int64.self, at: 2), complete: false),
                   name: try row.decodeIfPresent(String.self, at: 3))
        }
    }

    /// Whether the caller's unit holds the file (sent every byte of it once), and its size.
    private static func heldSize(_ sha: String, unitID: Int64, on connection: PostgresConnection) async throws -> (size: Int64, mediaType: String)? {
        try await connection.query("""
            SELECT f.size, f.media_type FROM duban.evidence_files f JOIN duban.evidence_holders h ON h.sha256 = f.sha256
             WHERE f.sha256 = \(sha) AND h.unit_id = \(unitID)
            """).first.map { (try $0.decode(Int64.self, at: 0), try $0.decode(String.self, at: 1)) }
    }

    /// "This unit is about to upload this file": answered from the unit's own holding and upload only.
    func declare(_ body: EvidenceDeclaration, identity: Identity) async throws -> EvidenceStatus {
        let sha = body.sha256.lowercased()
        guard SHA256Digest.isHex(sha) else {
            throw DomainError.invalid("evidence.bad_hash", en: "sha256 must be 64 hex digits", zh: "sha256 须为 64 位十六进制")
        }
        guard body.size > 0, body.size <= maxFileBytes else {
            throw DomainError(.tooLarge, code: "evidence.too_large",
                              message: .init(en: "an evidence file may have at most \(maxFileBytes >> 20) MiB",
                                             zh: "佐证材料最大 \(maxFileBytes >> 20) MiB"))
        }
        guard EvidencePolicy.mediaTypes.contains(body.mediaType) else {
            throw DomainError(.unsupported, code: "evidence.media_type",
                              message: .init(en: "media type \(body.mediaType) is not accepted as evidence",
                                             zh: "不接受 \(body.mediaType) 类型的佐证材料"))
        }
        let name = body.name.flatMap(EvidenceFileName.neutralised)
        guard TextLimit.length(name ?? "") <= EvidenceFileName.maxCharacters else {
            throw DomainError.invalid("evidence.bad_name", en: "a file name has at most \(EvidenceFileName.maxCharacters) characters",
                                   zh: "文件名最多 \(EvidenceFileName.maxCharacters) 个字符")
        }
        return try await database.transaction(as: identity) { connection in
            if let held = try await Self.heldSize(sha, unitID: identity.unitID, on: connection) {
                // The unit's own file: only its own declaration can disagree with it.
                guard held.size == body.size else {
                    throw DomainError.refused("evidence.size_mismatch", en: "your unit holds a file with this hash and another size",
                                              zh: "本单位已有相同哈希值但大小不同的文件")
                }
                return EvidenceStatus(sha256: sha, size: held.size, mediaType: held.mediaType, received: held.size, complete: true)
            }
            // The unit's own upload, started now or before; a declaration that changes its size or type starts it again.
            try await connection.execute("""
                INSERT INTO duban.evidence_uploads AS u (sha256, unit_id, account_id, size, media_type, name)
                VALUES (\(sha), \(identity.unitID), \(identity.accountID), \(body.size), \(body.mediaType), \(name))
                ON CONFLICT (sha256, unit_id) DO UPDATE
                   SET size = excluded.size, media_type = excluded.media_type, account_id = excluded.account_id,
                       name = coalesce(excluded.name, u.name),
                       received = CASE WHEN u.size = excluded.size AND u.media_type = excluded.media_type THEN u.received ELSE 0 END
                """)
            let upload = try await Self.upload(sha, unitID: identity.unitID, on: connection)!
            if upload.status.received == 0 {
                try await connection.execute("""
                    DELETE FROM duban.evidence_upload_chunks WHERE sha256 = \(sha) AND unit_id = \(identity.unitID)
                    """)
            }
            try await AppDatabase.audit("evidence.declare", entityType: "evidence", entityID: sha,
                                        detail: ["size": String(body.size), "media_type": body.mediaType], on: connection)
            return upload.status
        }
    }

    private enum UploadOutcome: Sendable {
        case status(EvidenceStatus)
        case hashMismatch
    }

    /// One chunk of the caller's own upload, at the offset it holds; the last one is checked against the hash.
    func upload(_ sha: String, offset: Int64, bytes: [UInt8], identity: Identity) async throws -> EvidenceStatus {
        let outcome: UploadOutcome = try await database.transaction(as: identity) { connection in
            guard var status = try await Self.upload(sha, unitID: identity.unitID, lock: true, on: connection)?.status else {
                // Nothing of the caller's own to add to: a file it already holds is whole, anything else unknown.
                if let held = try await Self.heldSize(sha, unitID: identity.unitID, on: connection) {
                    return .status(EvidenceStatus(sha256: sha, size: held.size, mediaType: held.mediaType, received: held.size, complete: true))
                }
                throw DomainError.evidenceNotFound
            }
            guard offset == status.received else {
                throw DomainError.refused("evidence.wrong_offset", en: "the server holds \(status.received) bytes; send from there",
                                          zh: "服务器已收到 \(status.received) 字节，请从该位置继续上传")
            }
            guard !bytes.isEmpty, offset + Int64(bytes.count) <= status.size else {
                throw DomainError.invalid("evidence.bad_chunk", en: "the chunk is empty or runs past the declared size",
                                       zh: "分块为空或超出声明的文件大小")
            }
            if offset == 0 && !EvidencePolicy.matches(Array(bytes.prefix(64)), mediaType: status.mediaType) {
                throw DomainError(.unsupported, code: "evidence.content_mismatch",
                                  message: .init(en: "the file's content is not \(status.mediaType)", zh: "文件内容与类型 \(status.mediaType) 不符"))
            }
            try await connection.execute("""
                INSERT INTO duban.evidence_upload_chunks (sha256, unit_id, "offset", data) VALUES (\(sha), \(identity.unitID), \(offset), \(bytes))
                """)
            status.received += Int64(bytes.count)
            try await connection.execute("""
                UPDATE duban.evidence_uploads SET received = \(status.received) WHERE sha256 = \(sha) AND unit_id = \(identity.unitID)
                """)
            guard status.received == status.size else { return .status(status) }
            // Every byte is here: this unit's content must hash to its name, else this unit's bytes are thrown away.
            var hasher = SHA256()
            var position: Int64 = 0
            while position < status.size {
                guard let chunk = try await connection.query("""
                    SELECT data FROM duban.evidence_upload_chunks WHERE sha256 = \(sha) AND unit_id = \(identity.unitID) AND "offset" = \(position)
                    """).first else { break }
                let data = try chunk.decode([UInt8].self, at: 0)
                hasher.update(data: data)
                position += Int64(data.count)
            }
            let digest = SHA256Digest.hex(hasher.finalize())
            guard digest == sha, position == status.size else {
                try await connection.execute("DELETE FROM duban.evidence_upload_chunks WHERE sha256 = \(sha) AND unit_id = \(identity.unitID)")
                try await connection.execute("UPDATE duban.evidence_uploads SET received = 0 WHERE sha256 = \(sha) AND unit_id = \(identity.unitID)")
                try await AppDatabase.audit("evidence.hash_mismatch", entityType: "evidence", entityID: sha, on: connection)
                return .hashMismatch
            }
            // Proven: the unit holds the file. The shared content is stored once; a second copy is dropped.
            let name = try await Self.upload(sha, unitID: identity.unitID, on: connection)?.name
            let created = try await connection.execute("""
                INSERT INTO duban.evidence_files (sha256, size, media_type, received, complete, completed_at)
                VALUES (\(sha), \(status.size), \(status.mediaType), \(status.size), true, now())
                ON CONFLICT (sha256) DO NOTHING
                """)
            try await connection.execute("""
                INSERT INTO duban.evidence_holders (sha256, unit_id, account_id, name)
                VALUES (\(sha), \(identity.unitID), \(identity.accountID), \(name))
                ON CONFLICT DO NOTHING
                """)
            if created > 0 {
                try await connection.execute("""
                    INSERT INTO duban.evidence_chunks (sha256, "offset", data)
                    SELECT sha256, "offset", data FROM duban.evidence_upload_chunks WHERE sha256 = \(sha) AND unit_id = \(identity.unitID)
                    """)
            }
            try await connection.execute("DELETE FROM duban.evidence_uploads WHERE sha256 = \(sha) AND unit_id = \(identity.unitID)")
            try await AppDatabase.audit("evidence.complete", entityType: "evidence", entityID: sha, on: connection)
            status.complete = true
            return .status(status)
        }
        switch outcome {
        case .status(let status): return status
        case .hashMismatch:
            throw DomainError.invalid("evidence.hash_mismatch", en: "the uploaded bytes do not match the file's SHA-256; upload it again",
                                   zh: "上传内容与文件的 SHA-256 不符，请重新上传")
        }
    }
}

extension DomainError {
    static let evidenceNotFound = DomainError.missing("evidence.not_found", en: "no such evidence file, or not yours to read",
                                                      zh: "佐证材料不存在或无权查看")
}
