import DubanCore
import Foundation

extension APIClient {
    /// `GET /v1/sync/wait`: waits on the server (at most `timeout`, capped by the server) until a
    /// change this account may see exists after `cursor`. Give the client a read timeout longer
    /// than `timeout`.
    public func waitForChanges(after cursor: Int64, timeout: Duration) async throws -> SyncWaitResponse {
        try await send(.GET, ["v1", "sync", "wait"],
                       query: [("after", String(cursor)), ("timeout", String(max(0, timeout.components.seconds)))])
    }
}
