import Crypto
import Foundation

/// SHA-256 for tests, from swift-crypto (the server has its own helper; the test does not use it).
struct SHA256Test {
    private var hasher = SHA256()
    mutating func update(_ bytes: [UInt8]) { hasher.update(data: bytes) }
    func hexDigest() -> String { hasher.finalize().map { String(format: "%02x", $0) }.joined() }
}
