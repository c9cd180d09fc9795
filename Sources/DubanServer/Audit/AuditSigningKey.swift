import Crypto
import DubanCore
import Foundation

/// The Ed25519 key the server signs audit checkpoints with (`DUBAN_AUDIT_KEY_FILE`).
///
/// The file is text: lines starting with `#` are comments, and one line `private-key: BASE64`
/// holds the raw 32-byte Ed25519 private key. `duban-server audit-key generate --out FILE` writes it
/// (mode 0600, never over an existing file) with the public key in a comment, and prints the public
/// key for `duban admin audit verify --public-key`. Keep it readable by the service user only: the
/// point is that whoever holds the database owner's credentials does not hold this key.
public struct AuditSigningKey: Sendable {
    /// The raw 32-byte private key (swift-crypto's key type is not `Sendable`).
    private let raw: Data

    init(privateKey: Curve25519.Signing.PrivateKey) {
        raw = privateKey.rawRepresentation
    }

    var privateKey: Curve25519.Signing.PrivateKey {
        // The bytes came from a valid key.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    /// A new random key.
    public static func generate() -> AuditSigningKey {
        AuditSigningKey(privateKey: Curve25519.Signing.PrivateKey())
    }

    /// Reads a key file; the error names the file and what is wrong with it.
    public init(contentsOf path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(variable: "DUBAN_AUDIT_KEY_FILE", value: path, reason: "cannot read the audit key file \(path): \(error.localizedDescription)")
        }
        try self.init(fileText: text, path: path)
    }

    init(fileText: String, path: String = "") throws {
        for line in fileText.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("private-key:") else { continue }
            let value = trimmed.dropFirst("private-key:".count).trimmingCharacters(in: .whitespaces)
            guard let raw = Data(base64Encoded: value), raw.count == 32,
                  let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else { break }
            self.init(privateKey: key)
            return
        }
        throw ConfigurationError(variable: "DUBAN_AUDIT_KEY_FILE", value: path,
                                 reason: "\(path) holds no line `private-key: BASE64` with a 32-byte Ed25519 key (see duban-server audit-key generate)")
    }

    /// The raw 32-byte public key, base64: what verifiers pin.
    public var publicKey: String { privateKey.publicKey.rawRepresentation.base64EncodedString() }

    /// The first 16 hex digits of the SHA-256 of the raw public key.
    public var keyID: String { Self.keyID(ofPublicKey: privateKey.publicKey.rawRepresentation) }

    static func keyID(ofPublicKey raw: Data) -> String {
        String(SHA256.hash(data: raw).map { String(format: "%02x", $0) }.joined().prefix(16))
    }

    /// The key file's text.
    public var fileText: String {
        """
        # Duban audit signing key (Ed25519), for DUBAN_AUDIT_KEY_FILE.
        # Readable by the duban service user only (mode 0600); not by the database owner.
        # public-key: \(publicKey)
        # key-id: \(keyID)
        private-key: \(privateKey.rawRepresentation.base64EncodedString())

        """
    }

    /// Writes the key file with mode 0600; refuses to replace an existing file.
    public func write(to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw ConfigurationError(variable: "--out", value: path, reason: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array(fileText.utf8)
        guard bytes.withUnsafeBytes({ Foundation.write(descriptor, $0.baseAddress, $0.count) }) == bytes.count, fsync(descriptor) == 0 else {
            throw ConfigurationError(variable: "--out", value: path, reason: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// A checkpoint of entry `seq` whose hash is `headHash`, signed now (whole seconds).
    func checkpoint(seq: Int64, headHash: String, at date: Date) throws -> AuditCheckpoint {
        let signedAt = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
        let text = AuditCheckpoint.signedText(seq: seq, headHash: headHash, signedAt: signedAt)
        let signature = try privateKey.signature(for: Data(text.utf8))
        return AuditCheckpoint(seq: seq, headHash: headHash, signedAt: signedAt, keyId: keyID, publicKey: publicKey,
                               signature: signature.base64EncodedString())
    }

    /// Whether `checkpoint` carries a valid signature by this key.
    func signed(_ checkpoint: AuditCheckpoint) -> Bool {
        guard checkpoint.publicKey == publicKey, let signature = Data(base64Encoded: checkpoint.signature) else { return false }
        return privateKey.publicKey.isValidSignature(signature, for: Data(checkpoint.signedText.utf8))
    }
}
