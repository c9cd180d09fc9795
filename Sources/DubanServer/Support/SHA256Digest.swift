import DubanCore
import Crypto
import Foundation

/// SHA-256 helpers: lower-case hex, the form Duban stores and sends.
enum SHA256Digest {
    /// The SHA-256 of `data` as 64 lower-case hex digits.
    static func hex(of data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// Lower-case hex of any bytes (a digest), without a formatter per byte.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True for 64 lower-case hex digits.
    static func isHex(_ text: String) -> Bool {
        EvidenceHash.isValid(text)
    }

    /// The SHA-256 of a string's UTF-8 bytes as 64 lower-case hex digits.
    static func hex(of string: String) -> String {
        hex(of: Data(string.utf8))
    }
}
