import Crypto
import Foundation

/// SHA-256 helpers: lower-case hex, the form Duban stores and sends.
enum SHA256Digest {
    /// The SHA-256 of `data` as 64 lower-case hex digits.
    static func hex(of data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// True for 64 lower-case hex digits.
    static func isHex(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The SHA-256 of a string's UTF-8 bytes as 64 lower-case hex digits.
    static func hex(of string: String) -> String {
        hex(of: Data(string.utf8))
    }
}
