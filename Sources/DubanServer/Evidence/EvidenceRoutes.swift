import DubanCore
import Foundation
import Hummingbird

/// Evidence files: declare, upload in resumable chunks, check status, download (`EvidenceService`).
struct EvidenceRoutes: Sendable {
    let service: EvidenceService

    init(database: AppDatabase, maxFileBytes: Int64) {
        service = EvidenceService(database: database, maxFileBytes: maxFileBytes)
    }

    func register(on routes: APIRoutes) {
        routes.add(.post, "/v1/evidence", access: .roles([.staff])) { request, context, identity in
            let body = try await request.decodeStrict(EvidenceDeclaration.self, context: context)
            return try await service.declare(body, identity: identity)
        }
        routes.add(.get, "/v1/evidence/{sha256}/status", access: .signedIn) { _, context, identity in
            try await service.readableStatus(try Self.hash(context), identity: identity)
        }
        routes.add(.put, "/v1/evidence/{sha256}", access: .roles([.staff]), maxBodyBytes: EvidencePolicy.maxChunkBytes) { request, context, identity in
            let sha = try Self.hash(context)
            guard let offsetText = request.uri.queryParameters["offset"], let offset = Int64(offsetText), offset >= 0 else {
                throw APIError.badField("offset")
            }
            // The route's body limit (one chunk) has already been enforced.
            let chunk = try await request.body.collect(upTo: EvidencePolicy.maxChunkBytes)
            return try await service.upload(sha, offset: offset, bytes: Array(chunk.readableBytesView), identity: identity)
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

    private func download(_ sha: String, identity: Identity) async throws -> Response {
        let status = try await service.readableStatus(sha, complete: true, identity: identity)
        let service = service
        let body = ResponseBody(contentLength: Int(status.size)) { writer in
            // One chunk at a time, so a large file never sits whole in memory.
            var position: Int64 = 0
            while position < status.size {
                let data = try await service.chunk(sha, at: position, identity: identity)
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

extension EvidenceStatus: ResponseEncodable {}
