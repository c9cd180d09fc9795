import Foundation

// Evidence files (佐证材料): `POST /v1/evidence` declares a file and starts the caller's unit's own
// upload of it, `PUT /v1/evidence/{sha256}?offset=N` sends a chunk of that upload, `GET
// /v1/evidence/{sha256}/status` says how much of it the server holds (resume from there), `GET
// /v1/evidence/{sha256}` downloads a whole file. Knowing a hash grants nothing: a unit holds a file
// once it sent every byte and they hashed to the name (the server then keeps one copy of the content
// however many units sent it), and reads what it holds and what is attached to reports and
// assessments it may read. A declaration never tells whether another unit has the file.

/// Limits and accepted types of evidence files.
public enum EvidencePolicy {
    /// The largest chunk one `PUT` may carry.
    public static let maxChunkBytes = 4 << 20
    /// The default largest file (the server's `DUBAN_EVIDENCE_MAX_BYTES` may change it).
    public static let defaultMaxFileBytes = 50 << 20
    /// Media types accepted, each checked against the file's first bytes.
    public static let mediaTypes: [String] = [
        "image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "text/plain", "text/csv", "video/mp4",
    ]

    /// The media type for a file name's extension, if accepted.
    public static func mediaType(forExtension ext: String) -> String? {
        switch ext.lowercased() {
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "pdf": "application/pdf"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case "txt": "text/plain"
        case "csv": "text/csv"
        case "mp4": "video/mp4"
        default: nil
        }
    }

    /// Whether `prefix` (the file's first bytes) looks like `mediaType`.
    public static func matches(_ prefix: [UInt8], mediaType: String) -> Bool {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            prefix.count >= offset + magic.count && Array(prefix[offset..<offset + magic.count]) == magic
        }
        switch mediaType {
        case "image/jpeg": return starts([0xFF, 0xD8, 0xFF])
        case "image/png": return starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case "image/gif": return starts(Array("GIF8".utf8))
        case "image/webp": return starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8)
        case "application/pdf": return starts(Array("%PDF-".utf8))
        case let office where office.hasPrefix("application/vnd.openxmlformats-officedocument."):
            return starts([0x50, 0x4B, 0x03, 0x04])
        case "text/plain", "text/csv":
            // UTF-8 text without NUL; the prefix may end inside a character.
            guard !prefix.contains(0) else { return false }
            for cut in 0...min(3, prefix.count) where String(validating: prefix.dropLast(cut), as: UTF8.self) != nil {
                return true
            }
            return false
        case "video/mp4": return starts(Array("ftyp".utf8), at: 4)
        default: return false
        }
    }
}

/// `POST /v1/evidence`: "my unit is about to upload this file". Answered from the unit's own records
/// only: complete when it holds the file already, else its own upload's progress (0 at first;
/// declaring another size or type starts that upload again). 409 `evidence.size_mismatch` only when
/// the unit itself holds a file of this hash and another size.
public struct EvidenceDeclaration: Codable, Sendable, Equatable {
    public var sha256: String
    public var size: Int64
    public var mediaType: String
    /// The file's name on the device, for people (never used as a path).
    public var name: String?

    public init(sha256: String, size: Int64, mediaType: String, name: String? = nil) {
        self.sha256 = sha256
        self.size = size
        self.mediaType = mediaType
        self.name = name
    }
}

/// How much of a file the server holds for the caller: the whole file, or its unit's upload so far.
public struct EvidenceStatus: Codable, Sendable, Equatable {
    public var sha256: String
    public var size: Int64
    public var mediaType: String
    /// Bytes held: send the next chunk at this offset.
    public var received: Int64
    /// True once every byte arrived and the hash matched.
    public var complete: Bool

    public init(sha256: String, size: Int64, mediaType: String, received: Int64, complete: Bool) {
        self.sha256 = sha256
        self.size = size
        self.mediaType = mediaType
        self.received = received
        self.complete = complete
    }
}
