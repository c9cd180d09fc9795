import Foundation
import HTTPTypes
import Hummingbird

/// The id of one request, carried in `X-Request-Id` both ways, in every log line of the request
/// (`request_id`) and in every error body (`requestId`), so that what a user reports can be found in
/// the logs.
///
/// A well-formed incoming id (1–64 characters of `A-Z a-z 0-9 . _ -`, such as nginx's
/// `$request_id`) is kept, so that the proxy's log and ours share it; anything else is replaced
/// by a new one: a random UUID as 32 lower-case hex digits.
enum RequestID {
    /// The logger metadata key.
    static let metadataKey = "request_id"
    /// The longest id kept.
    static let maxLength = 64

    /// `incoming` when it is well-formed, otherwise a new id.
    static func accepting(_ incoming: String?) -> String {
        if let incoming, isWellFormed(incoming) { return incoming }
        return make()
    }

    /// True for 1–64 characters of `A-Z a-z 0-9 . _ -`.
    static func isWellFormed(_ text: String) -> Bool {
        let bytes = text.utf8
        guard (1...maxLength).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }

    /// A new id: a random UUID without dashes, lower-case.
    static func make() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// The id a request's logger carries, if `RequestIDMiddleware` gave it one.
    static func of(_ context: some RequestContext) -> String? {
        guard case .string(let id) = context.logger[metadataKey: metadataKey] else { return nil }
        return id
    }
}

extension HTTPField.Name {
    /// `X-Request-Id`.
    static let requestID = HTTPField.Name("X-Request-Id")!
}
