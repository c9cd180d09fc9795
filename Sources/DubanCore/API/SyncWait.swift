import Foundation

// `GET /v1/sync/wait?after=N&timeout=S`: long polling. The server answers as soon as a change this
// account may see exists after `after` (woken by PostgreSQL NOTIFY, whichever server wrote it), or
// with `changed: false` after `timeout` seconds (capped by the server's DUBAN_WATCH_MAX_WAIT).

/// The answer to a long poll.
public struct SyncWaitResponse: Codable, Sendable, Equatable {
    /// True when there is something to pull (or the data was restored): the client should sync now.
    public var changed: Bool
    /// The newest change number the server knew of when it answered.
    public var cursor: Int64
    /// How long the server waited, in seconds.
    public var waited: Double

    public init(changed: Bool, cursor: Int64, waited: Double) {
        self.changed = changed
        self.cursor = cursor
        self.waited = waited
    }
}
