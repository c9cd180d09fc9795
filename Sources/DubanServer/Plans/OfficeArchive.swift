import DubanImport
import Foundation
import ZIPFoundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An Office Open XML package (a `.docx` or `.xlsx` zip) opened for reading under the limits every
/// upload gets: at most ``maxEntries`` entries, no part inflated past `maxUncompressedBytes` whatever
/// its header claims (so a zip bomb costs at most that much memory), and no part with a DTD (entity
/// expansion, the XML "billion laughs", is left to no parser). Errors are ``NoticeError``s whose codes
/// start with the format's prefix: `<prefix>.not_zip`, `.too_many_entries`, `.too_large`, `.bad_xml`.
struct OfficeArchive {
    /// The kind of package, for error codes and messages.
    struct Format {
        /// The error codes' prefix: `docx`, `xlsx`.
        var code: String
        /// What the file should be, in English and Chinese.
        var en: String
        var zh: String

        static let word = Format(code: "docx", en: "Word (.docx) document", zh: "Word（.docx）文档")
        static let excel = Format(code: "xlsx", en: "Excel (.xlsx) workbook", zh: "Excel（.xlsx）工作簿")
    }

    /// The most entries a package's zip may hold (a Word file has a few dozen, more with many images).
    static let maxEntries = 10_000

    let archive: ZIPFoundation.Archive
    let format: Format
    let maxUncompressedBytes: Int

    /// Opens a package held in memory, refusing one that is not a zip or holds too many entries.
    init(data: Data, format: Format, maxUncompressedBytes: Int) throws(NoticeError) {
        let archive: ZIPFoundation.Archive
        do {
            archive = try ZIPFoundation.Archive(data: data, accessMode: .read)
        } catch {
            throw Self.notZip(format, detail: "\(error)")
        }
        try self.init(archive: archive, format: format, maxUncompressedBytes: maxUncompressedBytes)
    }

    /// Opens the package at `url`.
    init(contentsOf url: URL, format: Format, maxUncompressedBytes: Int) throws(NoticeError) {
        let archive: ZIPFoundation.Archive
        do {
            archive = try ZIPFoundation.Archive(url: url, accessMode: .read)
        } catch {
            throw Self.notZip(format, detail: "\(error)")
        }
        try self.init(archive: archive, format: format, maxUncompressedBytes: maxUncompressedBytes)
    }

    private init(archive: ZIPFoundation.Archive, format: Format, maxUncompressedBytes: Int) throws(NoticeError) {
        self.archive = archive
        self.format = format
        self.maxUncompressedBytes = maxUncompressedBytes
        var entries = 0
        for _ in archive {
            entries += 1
            guard entries <= Self.maxEntries else {
                throw NoticeError(
                    code: "\(format.code).too_many_entries",
                    en: "The zip archive holds more than \(Self.maxEntries) entries; it is refused as damaged or hostile, not a \(format.en).",
                    zh: "该 zip 压缩包包含超过 \(Self.maxEntries) 个条目，视为损坏或恶意文件，不是\(format.zh)，已拒绝。")
            }
        }
    }

    /// Whether the package has a part at `path`.
    func contains(_ path: String) -> Bool { archive[path] != nil }

    /// The XML part at `path` (nil when there is none), inflated within the limit and refused if it
    /// declares a DTD.
    func xml(_ path: String) throws(NoticeError) -> Data? {
        guard let entry = archive[path] else { return nil }
        let data = try extract(entry)
        try refuseDTD(in: data, part: path)
        return data
    }

    /// The entry's bytes, refusing to inflate past the limit whatever the entry's header claims.
    private func extract(_ entry: ZIPFoundation.Entry) throws(NoticeError) -> Data {
        let limit = maxUncompressedBytes
        let tooLarge = NoticeError(
            code: "\(format.code).too_large", location: entry.path,
            en: "\(entry.path) inflates to more than \(limit) bytes; the file is refused as too large (or a zip bomb).",
            zh: "\(entry.path) 解压后超过 \(limit) 字节，文件过大（或为压缩炸弹），已拒绝。")
        guard entry.uncompressedSize <= UInt64(max(0, limit)) else { throw tooLarge }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= limit else { throw ExtractionLimitExceeded() }
                data.append(chunk)
            }
        } catch is ExtractionLimitExceeded {
            throw tooLarge
        } catch {
            throw NoticeError(
                code: "\(format.code).not_zip", location: entry.path,
                en: "\(entry.path) cannot be unpacked (\(error)); the file is damaged.",
                zh: "无法解压 \(entry.path)（\(error)），文件已损坏。")
        }
        return data
    }

    private struct ExtractionLimitExceeded: Error {}

    /// Refuses a part with a document type declaration: entity expansion is left to no XML parser. A
    /// part that is not UTF-8 is refused first (Word and Excel write UTF-8): in UTF-16 or a declared
    /// encoding such as UTF-7 the bytes of a declaration need not spell `<!DOCTYPE`.
    private func refuseDTD(in data: Data, part: String) throws(NoticeError) {
        if data.contains(0) || data.starts(with: [0xFE, 0xFF]) || data.starts(with: [0xFF, 0xFE]) || !Self.declaresUTF8(data) {
            throw NoticeError(
                code: "\(format.code).bad_xml", location: part,
                en: "\(part) is not UTF-8 text as every \(format.en) writes it; the file is refused.",
                zh: "\(part) 不是 UTF-8 文本（\(format.zh)均以 UTF-8 保存），文件已拒绝。")
        }
        guard data.range(of: Data("<!DOCTYPE".utf8)) != nil else { return }
        throw NoticeError(
            code: "\(format.code).bad_xml", location: part,
            en: "\(part) declares a DTD (<!DOCTYPE>), which no \(format.en) has; the file is refused.",
            zh: "\(part) 含有 DTD 声明（<!DOCTYPE>），\(format.zh)不会包含此内容，文件已拒绝。")
    }

    /// Whether the part's XML declaration, if it has one, names UTF-8 (or no encoding, which means UTF-8).
    static func declaresUTF8(_ data: Data) -> Bool {
        var head = data.prefix(200)
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head = head.dropFirst(3) }
        guard head.starts(with: Data("<?xml".utf8)), let end = head.range(of: Data("?>".utf8)) else { return true }
        let declaration = String(decoding: head[head.startIndex..<end.lowerBound], as: UTF8.self).lowercased()
        guard let range = declaration.range(of: "encoding") else { return true }
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" }
        let name = rest.prefix { $0 != "\"" && $0 != "'" && $0 != " " }
        return name == "utf-8" || name == "utf8"
    }

    /// The target of the package's `officeDocument` relationship in `_rels/.rels`, without a leading
    /// slash; `fallback` when the part is missing or silent.
    func mainPartPath(fallback: String) throws(NoticeError) -> String {
        guard let data = try xml("_rels/.rels"),
              let target = RelationshipsReader.relationships(in: data).first(where: { $0.type.hasSuffix("/officeDocument") })?.target
        else { return fallback }
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : target
        return path.isEmpty ? fallback : path
    }

    static func notZip(_ format: Format, detail: String) -> NoticeError {
        NoticeError(
            code: "\(format.code).not_zip",
            en: "The file is not a \(format.en): it cannot be opened as a zip archive (\(detail)).",
            zh: "该文件不是\(format.zh)：无法作为 zip 压缩包打开（\(detail)）。")
    }
}

/// The relationships of a `.rels` part: each `Relationship`'s `Id`, `Type` and `Target`.
final class RelationshipsReader: NSObject, XMLParserDelegate {
    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    private var relationships: [Relationship] = []

    static func relationships(in data: Data) -> [Relationship] {
        let reader = RelationshipsReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        parser.shouldResolveExternalEntities = false
        _ = parser.parse()
        return reader.relationships
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        guard elementName.hasSuffix("Relationship"), let target = attributes["Target"] else { return }
        relationships.append(Relationship(id: attributes["Id"] ?? "", type: attributes["Type"] ?? "", target: target))
        guard relationships.count < 10_000 else {
            parser.abortParsing()
            return
        }
    }
}
