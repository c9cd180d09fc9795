import Crypto
import DubanCore
import Foundation
import Postgres

/// Evidence files, content-addressed by SHA-256: a unit declares a file (and so holds it), uploads
/// it in resumable chunks, checked against its hash when whole; whoever may read it reads its
/// status and its chunks.
struct EvidenceService: Sendable {
    let database: AppDatabase
    let maxFileBytes: Int64

    /// The file's status, if the caller may read it.
    func readableStatus(_ sha: String, complete: Bool = false, identity: Identity) async throws -> EvidenceStatus {
        try await database.transaction(as: identity) { connection in
            guard try await connection.query("SELECT duban.may_read_evidence(\(sha))")[0].decode(Bool.self, at: 0),
                  let status = try await Self.status(sha, on: connection), status.complete || !complete
            else { throw DomainError.evidenceNotFound }
            return status
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

    static func status(_ sha: String, on connection: PostgresConnection) async throws -> EvidenceStatus? {
        try await connection.query("""
            SELECT size, media_type, received, complete FROM duban.evidence_files WHERE sha256 = \(sha)
            """).first.map { row in
            EvidenceStatus(sha256: sha, size: try row.decode(Int64.self, at: 0), mediaType: try row.decode(String.self, at: 1),
                           received: try row.decode(Int64.self, at: 2), complete: try row.decode(Bool.self, at: 3))
        }
    }

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
            try await connection.execute("""
                INSERT INTO duban.evidence_files (sha256, size, media_type) VALUES (\(sha), \(body.size), \(body.mediaType))
                ON CONFLICT (sha256) DO NOTHING
                """)
            let status = try await Self.status(sha, on: connection)!
            guard status.size == body.size else {
                throw DomainError.refused("evidence.size_mismatch", en: "a file with this hash has another size", zh: "相同哈希值的文件大小不同")
            }
            let added = try await connection.execute("""
                INSERT INTO duban.evidence_holders (sha256, unit_id, account_id, name)
                VALUES (\(sha), \(identity.unitID), \(identity.accountID), \(name))
                ON CONFLICT DO NOTHING
                """)
            if added > 0 {
                try await AppDatabase.audit("evidence.declare", entityType: "evidence", entityID: sha,
                                            detail: ["size": String(body.size), "media_type": body.mediaType], on: connection)
            }
            return status
        }
    }

    private enum UploadOutcome: Sendable {
        case status(EvidenceStatus)
        case hashMismatch
    }

    func upload(_ sha: String, offset: Int64, bytes: [UInt8], identity: Identity) async throws -> EvidenceStatus {
        let outcome: UploadOutcome = try await database.transaction(as: identity) { connection in
            let rows = try await connection.query("""
                SELECT f.size, f.media_type, f.received, f.complete FROM duban.evidence_files f
                 WHERE f.sha256 = \(sha)
                   AND EXISTS (SELECT 1 FROM duban.evidence_holders h WHERE h.sha256 = f.sha256 AND h.unit_id = \(identity.unitID))
                 FOR UPDATE
                """)
            guard let row = rows.first else { throw DomainError.evidenceNotFound }
            var status = EvidenceStatus(sha256: sha, size: try row.decode(Int64.self, at: 0), mediaType: try row.decode(String.self, at: 1),
                                        received: try row.decode(Int64.self, at: 2), complete: try row.decode(Bool.self, at: 3))
            if status.complete { return .status(status) }
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
                INSERT INTO duban.evidence_chunks (sha256, "offset", data) VALUES (\(sha), \(offset), \(bytes))
                """)
            status.received += Int64(bytes.count)
            guard status.received == status.size else {
                try await connection.execute("UPDATE duban.evidence_files SET received = \(status.received) WHERE sha256 = \(sha)")
                return .status(status)
            }
            // Every byte is here: the content must hash to its name, else it is thrown away.
            var hasher = SHA256()
            var position: Int64 = 0
            while position < status.size {
                guard let chunk = try await connection.query("""
                    SELECT data FROM duban.evidence_chunks WHERE sha256 = \(sha) AND "offset" = \(position)
                    """).first else { break }
                let data = try chunk.decode([UInt8].self, at: 0)
                hasher.update(data: data)
                position += Int64(data.count)
            }
            let digest = SHA256Digest.hex(hasher.finalize())
            guard digest == sha, position == status.size else {
                try await connection.execute("DELETE FROM duban.evidence_chunks WHERE sha256 = \(sha)")
                try await connection.execute("UPDATE duban.evidence_files SET received = 0 WHERE sha256 = \(sha)")
                try await AppDatabase.audit("evidence.hash_mismatch", entityType: "evidence", entityID: sha, on: connection)
                return .hashMismatch
            }
            try await connection.execute("""
                UPDATE duban.evidence_files SET received = \(status.size), complete = true, completed_at = now() WHERE sha256 = \(sha)
                """)
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
