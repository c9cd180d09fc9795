import Foundation

// Bodies of Duban's HTTP API (`/v1/...`), shared by duban-server and duban.
// On the wire: snake_case keys (WireJSON), ISO-8601 UTC times.

/// Every error answer: `{"error":{"code":…,"message":…,"message_zh":…},"requestId":…}`.
///
/// `requestId` (so written, not snake_case) is the request's id, the same as the answer's
/// `X-Request-Id` header and the `request_id` of the server's log lines; WireJSON's decoder reads it
/// under either spelling.
public struct APIErrorBody: Codable, Sendable, Equatable {
    public struct Detail: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
        public var messageZh: String

        public init(code: String, message: String, messageZh: String) {
            self.code = code
            self.message = message
            self.messageZh = messageZh
        }
    }

    public var error: Detail
    /// The request's id, when the server gave one.
    public var requestId: String?

    public init(error: Detail, requestId: String? = nil) {
        self.error = error
        self.requestId = requestId
    }
}
