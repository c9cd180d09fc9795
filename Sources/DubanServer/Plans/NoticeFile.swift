import DubanCore
import DubanImport
import Foundation

/// Reads a notice from disk as what the parser takes: a Word file (`.docx`, or any file that starts
/// like a zip), a plan workbook (`.xlsx`, or a zip holding `xl/workbook.xml`; see ``PlanWorkbook``),
/// a plan's tasks sheet as CSV (`.csv`), or UTF-8 text in the seed's layout.
public enum NoticeFile {
    /// The largest notice file accepted, compressed or not.
    public static let maxFileBytes = AdminImportLimit.noticeBytes

    /// The document alone (a spreadsheet's plan facts and indicators are dropped: use ``readSource(path:)``).
    public static func read(path: String) throws -> NoticeDocument {
        try readSource(path: path).document
    }

    /// The notice with what the file states beside the document: for a spreadsheet, the plan's facts
    /// as options and the explicit indicators.
    public static func readSource(path: String) throws -> NoticeSource {
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
        return try readSource(data: data, name: url.lastPathComponent)
    }

    /// Reads a notice's bytes (an upload) with what the file states beside the document; `name`, the
    /// file's name, says `.docx`, `.xlsx` or `.csv` when the bytes alone do not, and names the file in errors.
    public static func readSource(data: Data, name: String) throws -> NoticeSource {
        guard data.count <= maxFileBytes else {
            throw ImportError.unreadable(name, "larger than \(maxFileBytes >> 20) MiB")
        }
        let fileExtension = URL(fileURLWithPath: name).pathExtension.lowercased()
        let looksLikeZip = data.starts(with: [0x50, 0x4B])
        if fileExtension == "xlsx" || (fileExtension != "docx" && looksLikeZip && data.range(of: Data("xl/workbook.xml".utf8)) != nil) {
            return try PlanWorkbook.read(xlsx: data).source
        }
        if fileExtension == "docx" || looksLikeZip {
            return NoticeSource(document: try DocxNoticeReader.read(data: data))
        }
        guard var text = String(data: data, encoding: .utf8) else { throw ImportError.notUTF8(name) }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if fileExtension == "csv" {
            return try PlanWorkbook.read(csv: text).source
        }
        return NoticeSource(document: try NoticeDocument(plainText: text))
    }
}
