import Crypto
import DubanCore
import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// An evidence file this machine holds, and whether the server has it whole.
public struct EvidenceFile: Codable, Sendable, Equatable {
    public var sha256: String
    public var path: String
    public var size: Int64
    public var mediaType: String
    public var name: String?
    public var uploaded: Bool
    /// An upload began before: ask the server how much it holds before sending.
    public var uploadStarted: Bool
    public var error: String?
}

extension LocalCache {
    /// Files to upload before the outbox is sent: not yet uploaded and named by an unsent mutation
    /// (or by none: attached, then the report edited again; uploading does no harm).
    public func evidenceToUpload() throws -> [EvidenceFile] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM evidence WHERE uploaded = 0 AND error IS NULL ORDER BY created_at")
                .map(Self.evidenceFile)
        }
    }

    public func evidence(_ sha256: String) throws -> EvidenceFile? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM evidence WHERE sha256 = ?", arguments: [sha256]).map(Self.evidenceFile)
        }
    }

    static func evidenceFile(_ row: Row) -> EvidenceFile {
        EvidenceFile(sha256: row["sha256"], path: row["path"], size: row["size"], mediaType: row["media_type"],
                     name: row["name"], uploaded: row["uploaded"], uploadStarted: row["upload_started"], error: row["error"])
    }

    /// Records an upload's progress: started, finished, or refused for good (`error`).
    public func markEvidence(_ sha256: String, started: Bool? = nil, uploaded: Bool? = nil, error: String? = nil) throws {
        try write { db in
            if let started {
                try db.execute(sql: "UPDATE evidence SET upload_started = ? WHERE sha256 = ?", arguments: [started, sha256])
            }
            if let uploaded {
                try db.execute(sql: "UPDATE evidence SET uploaded = ? WHERE sha256 = ?", arguments: [uploaded, sha256])
            }
            if let error {
                try db.execute(sql: "UPDATE evidence SET error = ? WHERE sha256 = ?", arguments: [error, sha256])
            }
        }
    }

    /// Every evidence hash named by a report revision here, or attached here: to find one by prefix.
    public func knownEvidence() throws -> Set<String> {
        try read { db in
            var hashes = Set(try String.fetchAll(db, sql: "SELECT sha256 FROM evidence"))
            let decoder = WireJSON.decoder()
            for text in try String.fetchAll(db, sql: "SELECT DISTINCT evidence FROM revisions") {
                hashes.formUnion((try? decoder.decode([String].self, from: Data(text.utf8))) ?? [])
            }
            return hashes
        }
    }
}

/// Copies files into the data folder under their SHA-256, so a report names exactly the bytes attached.
public enum EvidenceStore {
    /// Checks `file` (size, media type by its name and first bytes), copies it into `folder` and
    /// returns what a report needs. Streams: a 50 MiB file is never read whole.
    public static func attach(_ file: URL, into folder: URL, maxBytes: Int64 = Int64(EvidencePolicy.defaultMaxFileBytes)) throws -> LocalEvidence {
        let fm = FileManager.default
        guard let attributes = try? fm.attributesOfItem(atPath: file.path),
              let size = (attributes[.size] as? NSNumber)?.int64Value, (attributes[.type] as? FileAttributeType) == .typeRegular
        else {
            throw ClientError.invalidInput(.init(en: "cannot read the file \(file.path)", zh: "无法读取文件 \(file.path)"))
        }
        guard size > 0, size <= maxBytes else {
            throw ClientError.invalidInput(.init(en: "\(file.lastPathComponent): evidence must be 1 byte to \(maxBytes >> 20) MiB",
                                                 zh: "\(file.lastPathComponent)：佐证材料须为 1 字节至 \(maxBytes >> 20) MiB"))
        }
        guard let mediaType = EvidencePolicy.mediaType(forExtension: file.pathExtension) else {
            throw ClientError.invalidInput(.init(
                en: "\(file.lastPathComponent): accepted evidence files are jpg, png, gif, webp, pdf, docx, xlsx, pptx, txt, csv, mp4",
                zh: "\(file.lastPathComponent)：佐证材料只接受 jpg、png、gif、webp、pdf、docx、xlsx、pptx、txt、csv、mp4"))
        }
        guard let input = FileHandle(forReadingAtPath: file.path) else {
            throw ClientError.invalidInput(.init(en: "cannot read the file \(file.path)", zh: "无法读取文件 \(file.path)"))
        }
        defer { try? input.close() }
        try PrivateFile.createFolder(folder)
        let temporary = folder.appendingPathComponent(".attach-\(UUID().uuidString).tmp")
        _ = fm.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600])
        guard let output = FileHandle(forWritingAtPath: temporary.path) else {
            throw ClientError(code: "client.file_error", message: .init(en: "cannot write \(temporary.path)", zh: "无法写入 \(temporary.path)"))
        }
        var hasher = SHA256()
        var first = true
        var copied: Int64 = 0
        do {
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                if first {
                    guard EvidencePolicy.matches(Array(chunk.prefix(64)), mediaType: mediaType) else {
                        throw ClientError.invalidInput(.init(en: "\(file.lastPathComponent): the content is not \(mediaType)",
                                                             zh: "\(file.lastPathComponent)：文件内容与类型 \(mediaType) 不符"))
                    }
                    first = false
                }
                hasher.update(data: chunk)
                try output.write(contentsOf: chunk)
                copied += Int64(chunk.count)
            }
            try output.synchronize()
            try output.close()
        } catch {
            try? output.close()
            try? fm.removeItem(at: temporary)
            throw error
        }
        let sha = hasher.finalize().hexString
        let target = folder.appendingPathComponent(sha)
        if fm.fileExists(atPath: target.path) {
            try? fm.removeItem(at: temporary)
        } else {
            guard rename(temporary.path, target.path) == 0 else {
                throw ClientError(code: "client.file_error", message: .init(en: "cannot write \(target.path)", zh: "无法写入 \(target.path)"))
            }
        }
        return LocalEvidence(sha256: sha, path: target.path, size: copied, mediaType: mediaType, name: file.lastPathComponent)
    }
}
