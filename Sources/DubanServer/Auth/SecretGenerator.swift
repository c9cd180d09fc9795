import Foundation

/// Random secrets: bearer tokens, device cookies and one-time passwords, from the system's CSPRNG.
enum SecretGenerator {
    /// A bearer token: "dbn_" and 256 random bits in base64url.
    static func token() -> String {
        random(prefix: "dbn_")
    }

    /// A device cookie (a device that signed in to a login before): "dbd_" and 256 random bits in base64url.
    static func deviceCookie() -> String {
        random(prefix: "dbd_")
    }

    private static func random(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + base64
    }

    /// A one-time password of 16 characters from an alphabet without look-alikes (about 80 bits).
    static func oneTimePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
