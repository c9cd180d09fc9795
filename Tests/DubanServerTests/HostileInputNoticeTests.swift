import DubanCore
import DubanImport
import DubanServer
import DubanTestSupport
import Foundation
import Postgres
import Testing

/// Hostile `.docx` notices for the importer: not a zip, truncated zips, zip bombs that inflate to
/// gigabytes (with truthful and with lying headers), thousands of entries, an XML entity bomb, and
/// nesting 100 000 deep. Each ends in a clear `NoticeError`, quickly and without inflating more than
/// the reader's limit, and nothing reaches the database.
@Suite struct HostileInputNoticeTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Deploy/sample/notice-2022.docx")

    static func document(_ body: String, doctype: String = "") -> [UInt8] {
        Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\(doctype)<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
            + "wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>").utf8)
    }

    /// Hostile files and the error code each must get.
    static func cases() throws -> [(name: String, bytes: [UInt8], code: String)] {
        let sample = Array(try Data(contentsOf: Self.sample))
        var cases: [(name: String, bytes: [UInt8], code: String)] = []
        cases.append(("plain text named .docx", Array("这不是一个 Word 文件".utf8), "docx.not_zip"))
        cases.append(("empty file", [], "docx.not_zip"))
        cases.append(("a PDF named .docx", Array("%PDF-1.7\n%âãÏÓ\n1 0 obj\n".utf8), "docx.not_zip"))
        cases.append(("a zip signature and garbage", [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0x41, count: 4096), "docx.not_zip"))
        cases.append(("an ELF executable", [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + Array(repeating: 0, count: 512), "docx.not_zip"))
        cases.append(("the sample cut in half", Array(sample.prefix(sample.count / 2)), "docx.not_zip"))
        cases.append(("the sample without its last 10 bytes", Array(sample.dropLast(10)), "docx.not_zip"))
        // 2 GiB of 'a' inside <w:t>, from about 13 MiB: the header says so, or claims 1000 bytes.
        let gigabytes = 2 << 30
        cases.append(("a 2 GiB bomb, truthful header", HostileZip.docxBomb(inflatedBytes: gigabytes), "docx.too_large"))
        cases.append(("a 2 GiB bomb, header claims 1000 bytes", HostileZip.docxBomb(inflatedBytes: gigabytes, claimedSize: 1000),
                      "docx.too_large"))
        // 20 000 entries, and the document among them.
        var many = (0..<20_000).map { HostileZip.Entry.stored("media/image\($0).png", [0x89, 0x50]) }
        many.append(.stored("word/document.xml", document("<w:p><w:r><w:t>正文</w:t></w:r></w:p>")))
        cases.append(("20 000 entries", HostileZip.archive(many), "docx.too_many_entries"))
        // The XML "billion laughs": ten levels of ten references each.
        var entities = "<!ENTITY lol0 \"lol\">"
        for level in 1...10 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        cases.append(("an entity bomb", HostileZip.archive([.stored("word/document.xml", document(
            "<w:p><w:r><w:t>&lol10;</w:t></w:r></w:p>", doctype: "<!DOCTYPE w:document [\(entities)]>"))]), "docx.bad_xml"))
        cases.append(("an external entity", HostileZip.archive([.stored("word/document.xml", document(
            "<w:p><w:r><w:t>&x;</w:t></w:r></w:p>", doctype: "<!DOCTYPE w:document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"))]),
                      "docx.bad_xml"))
        let deep = String(repeating: "<w:tbl><w:tr><w:tc>", count: 35_000)
        cases.append(("tables nested 35 000 deep", HostileZip.archive([.stored("word/document.xml", document(deep))]), "docx.bad_xml"))
        return cases
    }

    @Test func hostileDocxNoticesEndInAClearErrorQuickly() throws {
        for (name, bytes, code) in try Self.cases() {
            #expect(bytes.count <= NoticeFile.maxFileBytes, "\(name) is \(bytes.count) bytes")
            let started = ContinuousClock.now
            do {
                let document = try DocxNoticeReader.read(data: Data(bytes))
                Issue.record("\(name) was read: \(document.paragraphs.prefix(3))")
            } catch {
                #expect(error.code == code, "\(name): \(error)")
                #expect(!error.message.en.isEmpty && !error.message.zh.isEmpty)
            }
            let elapsed = ContinuousClock.now - started
            #expect(elapsed < .seconds(20), "\(name) took \(elapsed)")
            print("hostile input: notice \(name) (\(bytes.count) bytes) refused in \(elapsed)")
        }
    }

    @Test func aHostileNoticeFileImportsNothing() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duban-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try await TestDatabase.withDatabase { configuration in
            let owner = try await PostgresConnection.connect(configuration, logger: Fixtures.logger)
            defer { owner.close() }
            _ = try await Fixtures.migrator().migrate(on: owner, logger: Fixtures.logger)
            _ = try await UnitRosterImporter().importCSV(try Fixtures.rosterText(), on: owner)
            for (index, (name, bytes, code)) in try Self.cases().enumerated() {
                let file = dir.appendingPathComponent("notice-\(index).docx")
                try Data(bytes).write(to: file)
                do {
                    let plan = try NoticeParser.parse(try NoticeFile.read(path: file.path))
                    _ = try await PlanImporter().importPlan(plan, sourceName: file.lastPathComponent, on: owner)
                    Issue.record("\(name) was imported")
                } catch let error as NoticeError {
                    #expect(error.code == code, "\(name): \(error)")
                }
            }
            let counts = try await owner.query("""
                SELECT (SELECT count(*) FROM duban.plans), (SELECT count(*) FROM duban.tasks), (SELECT count(*) FROM duban.assignments)
                """)[0]
            #expect(try counts.decode(Int64.self, at: 0) == 0)
            #expect(try counts.decode(Int64.self, at: 1) == 0)
            #expect(try counts.decode(Int64.self, at: 2) == 0)
        }
    }
}
