import Foundation

/// A signed head of the audit chain: the hash of entry `seq` as the server saw it at `signedAt`,
/// signed with the Ed25519 key of `DUBAN_AUDIT_KEY_FILE`, which the database owner does not hold.
/// A chain rewritten in the database no longer matches the checkpoints signed before.
public struct AuditCheckpoint: Codable, Sendable, Equatable {
    public var seq: Int64
    public var headHash: String
    /// Whole seconds (what is signed).
    public var signedAt: Date
    /// The first 16 hex digits of the SHA-256 of the raw public key.
    public var keyId: String
    /// The raw 32-byte Ed25519 public key, base64.
    public var publicKey: String
    /// Ed25519 over ``signedText(seq:headHash:signedAt:)`` (UTF-8), base64.
    public var signature: String

    public init(seq: Int64, headHash: String, signedAt: Date, keyId: String, publicKey: String, signature: String) {
        self.seq = seq
        self.headHash = headHash
        self.signedAt = signedAt
        self.keyId = keyId
        self.publicKey = publicKey
        self.signature = signature
    }

    /// What is signed: a fixed first line, then the position, the head hash and the time (UTC, seconds).
    public static func signedText(seq: Int64, headHash: String, signedAt: Date) -> String {
        "duban audit checkpoint 1\nseq \(seq)\nhead \(headHash)\nsigned_at \(signedAt.formatted(.iso8601))\n"
    }

    /// This checkpoint's signed text.
    public var signedText: String { Self.signedText(seq: seq, headHash: headHash, signedAt: signedAt) }

    /// The head hash's first 12 hex digits, as the public page and circulars print it.
    public var shortHash: String { String(headHash.prefix(12)) }
}

/// `GET /v1/audit/checkpoints`: every checkpoint, oldest first, and the key the server signs with.
public struct AuditCheckpointList: Codable, Sendable, Equatable {
    /// `signed` (the server holds a key and the chain extends its newest checkpoint), `unsigned` (no
    /// key file: nothing anchors the chain outside the database), or `broken` (the chain no longer
    /// extends the newest checkpoint; the server stopped signing).
    public var status: String
    /// The server's public key (base64 of the raw 32 bytes) and its id; nil without a key file.
    public var publicKey: String?
    public var keyId: String?
    /// Why the status is `broken`, in the server's words.
    public var problem: String?
    public var checkpoints: [AuditCheckpoint]

    public init(status: String, publicKey: String?, keyId: String?, problem: String?, checkpoints: [AuditCheckpoint]) {
        self.status = status
        self.publicKey = publicKey
        self.keyId = keyId
        self.problem = problem
        self.checkpoints = checkpoints
    }
}
