import DubanCore
import DubanImport
import Foundation
import Testing
import ZIPFoundation
import DubanServer

struct DocxNoticeReaderTests {
    private static let sample = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Deploy/sample")

    private static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// A zip holding `files` (path → contents), deflated.
    private func zip(_ files: [(String, Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, contents) in files {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(contents.count),
                                 compressionMethod: .deflate) { position, size in
                contents.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    /// A minimal .docx whose body is `body` (WordprocessingML with the `w` prefix).
    private func docx(body: String) throws -> Data {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
            + "<w:document xmlns:w=\"\(Self.wordNamespace)\" "
            + "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>\(body)</w:body></w:document>"
        return try zip([("word/document.xml", Data(xml.utf8))])
    }

    private func paragraph(_ text: String) -> String { "<w:p><w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r></w:p>" }

    private func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as NoticeError {
            return error.code
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func readsTheSampleLikeTheTextVersion() throws {
        let fromWord = try DocxNoticeReader.read(contentsOf: Self.sample.appendingPathComponent("notice-2022.docx"))
        let text = try String(contentsOf: Self.sample.appendingPathComponent("notice-2022.txt"), encoding: .utf8)
        let fromText = try NoticeDocument(plainText: text)
        #expect(fromWord.paragraphs.count == 14)
        #expect(fromWord.tables.count == 1)
        #expect(fromWord.tables[0].count == 11)
        #expect(fromWord.tables[0][9][3] == "市林业和园林局\n市体育局")
        #expect(fromWord == fromText)
        let planFromWord = try NoticeParser.parse(fromWord)
        #expect(planFromWord == (try NoticeParser.parse(fromText)))
        #expect(planFromWord.tasks.count == 10)
    }

    @Test func readsFromDataAsFromAFile() throws {
        let url = Self.sample.appendingPathComponent("notice-2022.docx")
        #expect(try DocxNoticeReader.read(data: Data(contentsOf: url)) == DocxNoticeReader.read(contentsOf: url))
    }

    @Test func readsRunsTabsBreaksAndSkipsDeletedText() throws {
        let body = "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
            + "<w:r><w:t>甲</w:t></w:r><w:r><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r>"
            + "<w:del><w:r><w:delText>删</w:delText></w:r></w:del>"
            + "<w:r><w:instrText> PAGE </w:instrText></w:r><w:ins><w:r><w:t>丁</w:t></w:r></w:ins></w:p>"
            + "<w:p/>"
            + "<w:p><w:r><mc:AlternateContent><mc:Choice><w:t>框</w:t></mc:Choice>"
            + "<mc:Fallback><w:t>框</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        let document = try DocxNoticeReader.read(data: docx(body: body))
        #expect(document.paragraphs == ["甲\t乙", "丙丁", "框"])
        #expect(document.tables.isEmpty)
    }

    @Test func keepsTheGridOfMergedCellsAndFlattensNestedTables() throws {
        func cell(_ text: String, _ properties: String = "") -> String {
            "<w:tc><w:tcPr>\(properties)</w:tcPr>\(paragraph(text))</w:tc>"
        }
        let nested = "<w:tc><w:tbl><w:tr>\(cell("内一"))\(cell("内二"))</w:tr><w:tr>\(cell("内三"))</w:tr></w:tbl>"
            + paragraph("外") + "</w:tc>"
        let body = paragraph("前")
            + "<w:tbl>"
            + "<w:tr>\(cell("a", "<w:vMerge w:val=\"restart\"/>"))\(cell("b", "<w:gridSpan w:val=\"2\"/>"))</w:tr>"
            + "<w:tr>\(cell("", "<w:vMerge/>"))\(cell("c"))\(cell("d"))</w:tr>"
            + "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>\(nested)\(cell("e"))</w:tr>"
            + "</w:tbl>"
            + paragraph("后")
        let document = try DocxNoticeReader.read(data: docx(body: body))
        #expect(document.paragraphs == ["前", "后"])
        #expect(document.tablePositions == [1])
        #expect(document.tables == [[["a", "b", ""], ["a", "c", "d"], ["", "内一\n内二\n内三\n外", "e"]]])
    }

    @Test func matchesElementsByNamespaceNotPrefix() throws {
        let xml = "<doc:document xmlns:doc=\"\(Self.wordNamespace)\" xmlns:w=\"urn:other\"><doc:body>"
            + "<doc:p><doc:r><doc:t>正文</doc:t><w:t>别的</w:t></doc:r></doc:p></doc:body></doc:document>"
        let data = try zip([("word/document.xml", Data(xml.utf8))])
        #expect(try DocxNoticeReader.read(data: data).paragraphs == ["正文"])
    }

    @Test func refusesAFileThatIsNotAZip() {
        #expect(code { _ = try DocxNoticeReader.read(data: Data("not a zip at all".utf8)) } == "docx.not_zip")
        #expect(code { _ = try DocxNoticeReader.read(data: Data()) } == "docx.not_zip")
        let missing = URL(fileURLWithPath: "/nonexistent/notice.docx")
        #expect(code { _ = try DocxNoticeReader.read(contentsOf: missing) } == "docx.unreadable")
    }

    @Test func refusesAZipWithoutADocument() throws {
        let data = try zip([("word/styles.xml", Data("<x/>".utf8))])
        #expect(code { _ = try DocxNoticeReader.read(data: data) } == "docx.no_document")
    }

    @Test func followsTheRelationshipToTheMainPart() throws {
        let rels = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"/word/main.xml\"/>"
            + "</Relationships>"
        let xml = "<w:document xmlns:w=\"\(Self.wordNamespace)\"><w:body>\(paragraph("正文"))</w:body></w:document>"
        let data = try zip([("_rels/.rels", Data(rels.utf8)), ("word/main.xml", Data(xml.utf8))])
        #expect(try DocxNoticeReader.read(data: data).paragraphs == ["正文"])
    }

    @Test func refusesAZipBomb() throws {
        let filler = String(repeating: paragraph("重复的内容"), count: 20_000)
        let data = try docx(body: filler)
        #expect(data.count < 100_000)
        #expect(code { _ = try DocxNoticeReader.read(data: data, maxUncompressedBytes: 64 << 10) } == "docx.too_large")
        #expect(try DocxNoticeReader.read(data: data, maxUncompressedBytes: 4 << 20).paragraphs.count == 20_000)
    }

    @Test func stopsInflatingWhenTheHeaderUnderstatesTheSize() throws {
        // Claim 10 bytes in both the local header (offset 22) and the central directory entry (offset 24):
        // the reader must still stop at its own limit instead of trusting the claim.
        var data = try docx(body: String(repeating: paragraph("重复的内容"), count: 20_000))
        let claimed = withUnsafeBytes(of: UInt32(10).littleEndian) { Data($0) }
        #expect(data.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
        data.replaceSubrange(22..<26, with: claimed)
        let central = try #require(data.firstRange(of: Data([0x50, 0x4B, 0x01, 0x02])))
        data.replaceSubrange(central.lowerBound + 24..<central.lowerBound + 28, with: claimed)
        #expect(code { _ = try DocxNoticeReader.read(data: data, maxUncompressedBytes: 64 << 10) } == "docx.too_large")
    }

    @Test func refusesBrokenXML() throws {
        let open = "<w:document xmlns:w=\"\(Self.wordNamespace)\"><w:body>"
        for xml in [open + "<w:p>", open + "<w:p></w:r></w:body></w:document>", open, "", "not xml",
                    "<w:document xmlns:w=\"\(Self.wordNamespace)\"><w:body></w:body></w:document><"] {
            let data = try zip([("word/document.xml", Data(xml.utf8))])
            do {
                _ = try DocxNoticeReader.read(data: data)
                Issue.record("expected an error for \(xml)")
            } catch {
                #expect(error.code == "docx.bad_xml", "\(xml)")
                #expect(error.location?.hasPrefix("word/document.xml line") == true)
            }
        }
    }
}
