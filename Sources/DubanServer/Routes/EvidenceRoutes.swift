import Crypto
import DubanCore
import Foundation
import Hummingbird
import Postgres

/// Evidence files: declare, upload in resumable chunks, check status, download.
struct EvidenceRoutes: Sendable {
    let database: AppDatabase
    let maxFileBytes: Int64

    func register(on routes: APIRoutes) {
        routes.add(.post, "/v1/evidence", access: .roles([.staff])) { request, context, identity in
            let body = try await request.decodeStrict(EvidenceDeclaration.self, context: context)
            return try await declare(body, identity: identity)
        }
        routes.add(.get, "/v1/evidence/{sha256}/status", access: .signedIn) { _, context, identity in
            let sha = try Self.hash(context)
            return try await database.transaction(as: identity) { connection in
                guard try await connection.query("SELECT duban.may_read_evidence(\(sha))")[0].decode(Bool.self, at: 0),
                      let status = try await Self.status(sha, on: connection)
                else { throw APIError.evidenceNotFound }
                return status
            }
        }
        routes.add(.put, "/v1/evidence/{sha256}", access: .roles([.staff]), maxBodyBytes: EvidencePolicy.maxChunkBytes) { request, context, identity in
            let sha = try Self.hash(context)
            guard let offsetText = request.uri.queryParameters["offset"], let offset = Int64(offsetText), offset >= 0 else {
                throw APIError.badField("offset")
            }
            // The route's body limit (one chunk) has already been enforced.
            let chunk = try await request.body.collect(upTo: EvidencePolicy.maxChunkBytes)
            return try await upload(sha, offset: offset, bytes: Array(chunk.readableBytesView), identity: identity)
        }
        routes.add(.get, "/v1/evidence/{sha256}", access: .signedIn) { _, context, identity in
            try await download(try Self.hash(context), identity: identity)
        }
    }

    private static func hash(_ context: DubanRequestContext) throws -> String {
        let sha = try context.parameters.require("sha256").lowercased()
        guard SHA256Digest.isHex(sha) else {
            throw APIError.invalid("evidence.bad_hash", en: "an evidence id is a SHA-256: 64 hex digits", zh: "佐证材料编号须为 SHA-256（64 位十六进制）")
        }
        return sha
    }

    static func status(_ sha: String, on connection: PostgresConnection) async throws -> EvidenceStatus? {
        try await connection.query("""
            SELECT size, media_type, received, complete FROM duban.evidence_files WHERE sha256 = \(sha)
            """).first.map { row in
            EvidenceStatus(sha256: sha, size: try row.decode(Int64.self, at: 0), mediaType: try row.decode(String.self, at: 1),
                           received: try row.decode(Int64.self, at: 2), complete: try row.decode(Bool.self, at: 3))
        }
    }

    private func declare(_ body: EvidenceDeclaration, identity: Identity) async throws -> EvidenceStatus {
        let sha = body.sha256.lowercased()
        guard SHA256Digest.isHex(sha) else {
            throw APIError.invalid("evidence.bad_hash", en: "sha256 must be 64 hex digits", zh: "sha256 须为 64 位十六进制")
        }
        guard body.size > 0, body.size <= maxFileBytes else {
            throw APIError(status: .contentTooLarge, code: "evidence.too_large",
                           message: .init(en: "an evidence file may have at most \(maxFileBytes >> 20) MiB",
                                          zh: "佐证材料最大 \(maxFileBytes >> 20) MiB"))
        }
        guard EvidencePolicy.mediaTypes.contains(body.mediaType) else {
            throw APIError(status: .unsupportedMediaType, code: "evidence.media_type",
                           message: .init(en: "media type \(body.mediaType) is not accepted as evidence",
                                          zh: "不接受 \(body.mediaType) 类型的佐证材料"))
        }
        let name = body.name.flatMap(EvidenceFileName.neutralised)
        guard (name ?? "").count <= EvidenceFileName.maxCharacters else {
            throw APIError.invalid("evidence.bad_name", en: "a file name has at most \(EvidenceFileName.maxCharacters) characters",
                                   zh: "文件名最多 \(EvidenceFileName.maxCharacters) 个字符")
        }
        return try await database.transaction(as: identity) { connection in
            try await connection.execute("""
                INSERT INTO duban.evidence_files (sha256, size, media_type) VALUES (\(sha), \(body.size), \(body.mediaType))
                ON CONFLICT (sha256) DO NOTHING
                """)
            let status = try await Self.status(sha, on: connection)!
            guard status.size == body.size else {
                throw APIError(status: .conflict, code: "evidence.size_mismatch",
                               message: .init(en: "a file with this hash has another size", zh: "相同哈希值的文件大小不同"))
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

    private func upload(_ sha: String, offset: Int64, bytes: [UInt8], identity: Identity) async throws -> EvidenceStatus {
        let outcome: UploadOutcome = try await database.transaction(as: identity) { connection in
            let rows = try await connection.query("""
                SELECT f.size, f.media_type, f.received, f.complete FROM duban.evidence_files f
                 WHERE f.sha256 = \(sha)
                   AND EXISTS (SELECT 1 FROM duban.evidence_holders h WHERE h.sha256 = f.sha256 AND h.unit_id = \(identity.unitID))
                 FOR UPDATE
                """)
            guard let row = rows.first else { throw APIError.evidenceNotFound }
            var status = EvidenceStatus(sha256: sha, size: try row.decode(Int64.self, at: 0), mediaType: try row.decode(String.self, at: 1),
                                        received: try row.decode(Int64.self, at: 2), complete: try row.decode(Bool.self, at: 3))
            if status.complete { return .status(status) }
            guard offset == status.received else {
                throw APIError(status: .conflict, code: "evidence.wrong_offset",
                               message: .init(en: "the server holds \(status.received) bytes; send from there",
                                              zh: "服务器已收到 \(status.received) 字节，请从该位置继续上传"))
            }
            guard !bytes.isEmpty, offset + Int64(bytes.count) <= status.size else {
                throw APIError.invalid("evidence.bad_chunk", en: "the chunk is empty or runs past the declared size",
                                       zh: "分块为空或超出声明的文件大小")
            }
            if offset == 0 && !EvidencePolicy.matches(Array(bytes.prefix(64)), mediaType: status.mediaType) {
                throw APIError(status: .unsupportedMediaType, code: "evidence.content_mismatch",
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
            throw APIError.invalid("evidence.hash_mismatch", en: "the uploaded bytes do not match the file's SHA-256; upload it again",
                                   zh: "上传内容与文件的 SHA-256 不符，请重新上传")
        }
    }

    private func download(_ sha: String, identity: Identity) async throws -> Response {
        let status = try await database.transaction(as: identity) { connection -> EvidenceStatus in
            guard try await connection.query("SELECT duban.may_read_evidence(\(sha))")[0].decode(Bool.self, at: 0),
                  let status = try await Self.status(sha, on: connection), status.complete
            else { throw APIError.evidenceNotFound }
            return status
        }
        let database = database
        let body = ResponseBody(contentLength: Int(status.size)) { writer in
            // One chunk at a time, so a large file never sits whole in memory.
            var position: Int64 = 0
            while position < status.size {
                let data = try await database.transaction(as: identity) { connection -> [UInt8] in
                    guard let row = try await connection.query("""
                        SELECT data FROM duban.evidence_chunks WHERE sha256 = \(sha) AND "offset" = \(position)
                        """).first else { throw APIError.evidenceNotFound }
                    return try row.decode([UInt8].self, at: 0)
                }
                try await writer.write(ByteBuffer(bytes: data))
                position += Int64(data.count)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [
            .contentType: status.mediaType, .eTag: "\"\(sha)\"", .cacheControl: "private, max-age=31536000, immutable",
        ], body: body)
    }
}

extension APIError {
    static let evidenceNotFound = APIError(status: .notFound, code: "evidence.not_found",
                                           message: .init(en: "no such evidence file, or not yours to read", zh: "佐证材料不存在或无权查看"))
}

extension EvidenceStatus: ResponseEncodable {}
