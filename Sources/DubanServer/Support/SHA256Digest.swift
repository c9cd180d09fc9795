import Crypto
import Foundation

/// SHA-256 helpers: lower-case hex, the form Duban stores and sends.
enum SHA256Digest {
    /// The SHA-256 of `data` as 64 lower-case hex digits.
    static func hex(of data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The SHA-256 of a string's UTF-8 bytes as 64 lower-case hex digits.
    static func hex(of string: String) -> String {
        hex(of: Data(string.utf8))
    }
}
