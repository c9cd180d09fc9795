import Foundation

// Bodies of Duban's HTTP API (`/v1/...`), shared by duban-server and duban.
// On the wire: snake_case keys (WireJSON), ISO-8601 UTC times.

/// Every error answer: `{"error":{"code":…,"message":…,"message_zh":…}}`.
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

    public init(error: Detail) { self.error = error }
}
