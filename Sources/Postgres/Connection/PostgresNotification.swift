/// One `NOTIFY` received on a listening connection.
public struct PostgresNotification: Sendable, Equatable {
    /// The channel named in `LISTEN` / `NOTIFY`.
    public var channel: String
    /// The payload (empty when none was sent).
    public var payload: String
    /// The process id of the backend that sent it.
    public var backendProcessID: Int

    public init(channel: String, payload: String, backendProcessID: Int) {
        self.channel = channel
        self.payload = payload
        self.backendProcessID = backendProcessID
    }
}
