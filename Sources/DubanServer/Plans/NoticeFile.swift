import DubanCore
import DubanImport
import Foundation

/// Reads a notice from disk as the `NoticeDocument` the parser takes: a Word file (`.docx`, or any
/// file that starts like a zip) or UTF-8 text in the seed's layout.
public enum NoticeFile {
    /// The largest notice file accepted, compressed or not.
    public static let maxFileBytes = AdminImportLimit.noticeBytes

    /// Reads the file at `path`.
    public static func read(path: String) throws -> NoticeDocument {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            guard size <= maxFileBytes else {
                throw ImportError.unreadable(path, "larger than \(maxFileBytes >> 20) MiB")
            }
            data = try Data(contentsOf: url)
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError.unreadable(path, (error as NSError).localizedDescription)
        }
        return try read(data: data, name: url.lastPathComponent)
    }

    /// Reads a notice's bytes (an upload); `name`, the file's name, says `.docx` when the bytes do not
    /// start like a zip, and names the file in errors.
    public static func read(data: Data, name: String) throws -> NoticeDocument {
        guard data.count <= maxFileBytes else {
            throw ImportError.unreadable(name, "larger than \(maxFileBytes >> 20) MiB")
        }
        let looksLikeZip = data.starts(with: [0x50, 0x4B])
        if URL(fileURLWithPath: name).pathExtension.lowercased() == "docx" || looksLikeZip {
            return try DocxNoticeReader.read(data: data)
        }
        guard var text = String(data: data, encoding: .utf8) else { throw ImportError.notUTF8(name) }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return try NoticeDocument(plainText: text)
    }
}
