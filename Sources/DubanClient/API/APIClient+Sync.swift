import AsyncHTTPClient
import DubanCore
import Foundation
import Crypto
import NIOCore

extension APIClient {
    /// `POST /v1/sync`: pushes mutations, pulls one page of changes.
    public func sync(_ request: SyncRequest) async throws -> SyncResponse {
        try await send(.POST, ["v1", "sync"], body: request)
    }

    /// `GET /v1/sync/verify`: per task, what this account should hold.
    public func verifySync() async throws -> SyncVerification {
        try await send(.GET, ["v1", "sync", "verify"])
    }

    /// `GET /v1/sync/scope/{task_id}`: every revision of one task visible to this account.
    public func syncScope(taskId: Int64) async throws -> ScopeSnapshot {
        try await send(.GET, ["v1", "sync", "scope", String(taskId)])
    }

    /// `GET /v1/sync/history/{task_id}`: one page of a task's changes numbered after `after` and up to `through`.
    public func syncHistory(taskId: Int64, after: Int64, through: Int64) async throws -> SyncHistoryPage {
        try await send(.GET, ["v1", "sync", "history", String(taskId)],
                       query: [("after", String(after)), ("through", String(through))])
    }
}

extension APIClient {
    /// `POST /v1/evidence`: declares a file; the answer says how much the server holds.
    public func declareEvidence(_ declaration: EvidenceDeclaration) async throws -> EvidenceStatus {
        try await send(.POST, ["v1", "evidence"], body: declaration)
    }

    /// `GET /v1/evidence/{sha256}/status`.
    public func evidenceStatus(_ sha256: String) async throws -> EvidenceStatus {
        try await send(.GET, ["v1", "evidence", sha256, "status"])
    }

    /// `PUT /v1/evidence/{sha256}?offset=N`: one chunk, sent where the server's holding ends.
    public func uploadEvidence(_ sha256: String, offset: Int64, chunk: Data) async throws -> EvidenceStatus {
        try await send(.PUT, ["v1", "evidence", sha256], query: [("offset", String(offset))], raw: chunk,
                       contentType: "application/octet-stream")
    }

    /// `GET /v1/evidence/{sha256}` into `file` (written whole or not at all); returns its SHA-256.
    public func downloadEvidence(_ sha256: String, to file: URL) async throws -> String {
        var request = HTTPClientRequest(url: url(["v1", "evidence", sha256]))
        request.headers.add(name: "User-Agent", value: "duban/\(DubanVersion.current)")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, deadline: .distantFuture)
        } catch {
            throw ClientError.unreachable(server, reason: Self.reason(for: error, timeouts: timeouts))
        }
        guard response.status.code == 200 else {
            let body = try await response.body.collect(upTo: 1 << 20)
            throw Self.error(status: Int(response.status.code), retryAfter: nil, body: Data(body.readableBytesView),
                             server: server, authenticated: token != nil, requestId: response.headers.first(name: "X-Request-Id"))
        }
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString).part")
        _ = FileManager.default.createFile(atPath: temporary.path, contents: nil)
        guard let output = FileHandle(forWritingAtPath: temporary.path) else {
            throw ClientError(code: "client.file_error", message: .init(en: "cannot write \(file.path)", zh: "无法写入 \(file.path)"))
        }
        var hasher = Crypto.SHA256()
        do {
            for try await buffer in response.body {
                let data = Data(buffer.readableBytesView)
                hasher.update(data: data)
                try output.write(contentsOf: data)
            }
            try output.close()
        } catch {
            try? output.close()
            try? FileManager.default.removeItem(at: temporary)
            if error is ClientError { throw error }
            throw ClientError.unreachable(server, reason: Self.reason(for: error, timeouts: timeouts))
        }
        let digest = hasher.finalize().hexString
        guard digest == sha256 else {
            try? FileManager.default.removeItem(at: temporary)
            throw ClientError(code: "client.evidence_mismatch",
                              message: .init(en: "the downloaded file does not match its SHA-256; try again",
                                             zh: "下载的文件与其 SHA-256 不符，请重试"))
        }
        _ = try? FileManager.default.removeItem(at: file)
        try FileManager.default.moveItem(at: temporary, to: file)
        return digest
    }
}
