import DubanCore
import DubanImport
import Foundation

/// Reads a notice from disk as the `NoticeDocument` the parser takes: a Word file (`.docx`, or any
/// file that starts like a zip) or UTF-8 text in the seed's layout.
public enum NoticeFile {
    /// The largest notice file accepted, compressed or not.
    public static let maxFileBytes = 20 << 20

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
        let looksLikeZip = data.starts(with: [0x50, 0x4B])
        if url.pathExtension.lowercased() == "docx" || looksLikeZip {
            return try DocxNoticeReader.read(data: data)
        }
        guard var text = String(data: data, encoding: .utf8) else { throw ImportError.notUTF8(path) }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return try NoticeDocument(plainText: text)
    }
}
