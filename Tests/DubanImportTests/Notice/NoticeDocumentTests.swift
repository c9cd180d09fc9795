import Testing
import DubanCore
import DubanImport

struct NoticeDocumentTests {
    @Test func readsTheSeedLayout() throws {
        let document = try NoticeDocument(plainText: try Fixture.noticeText)
        #expect(document.paragraphs.count == 14)
        #expect(document.paragraphs.first == "鱼峰区人民政府")
        #expect(document.paragraphs[1] == "关于印发《2022年市政府为民办实事")
        #expect(document.paragraphs.last == "2022年市政府为民办实事工作任务分工方案")
        #expect(!document.paragraphs.joined().contains("bookmark"))
        #expect(document.tables.count == 1)
        #expect(document.tablePositions == [14])
        let rows = document.tables[0]
        #expect(rows.count == 11)
        #expect(rows.allSatisfy { $0.count == 8 })
        #expect(rows[0] == ["序号", "标题", "实事内容", "牵头单位", "责任单位", "完成标准", "城区牵头单位", "城区责任单位"])
        #expect(rows[9][3] == "市林业和园林局\n市体育局")
        #expect(rows[9][2] == "建设5个游园；建设健身路径30套、篮球场10个，更换一批老旧健身器材。")
        #expect(rows[10][4] == "")
        #expect(rows[10][7] == "")
        #expect(!rows.joined().contains { $0.contains("—") })
    }

    @Test func toleratesCRLF() throws {
        let text = try Fixture.noticeText
        let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try NoticeDocument(plainText: crlf) == NoticeDocument(plainText: text))
    }

    @Test func readsTextWithoutATableAsParagraphs() throws {
        // A notice that lists its tasks as items has no table; the parser, not the reader, decides.
        let document = try NoticeDocument(plainText: "关于印发《2022年方案》的通知\n正文。\n")
        #expect(document.paragraphs == ["关于印发《2022年方案》的通知", "正文。"])
        #expect(document.tables.isEmpty)
    }

    @Test func keepsATableWholeAcrossAPageFooter() throws {
        let text = "标题\n\ta\n\tb\n\n— 3 —\n\n\tc\n\td\n第 4 页\n续\n\n— 4 —  \n"
        let document = try NoticeDocument(plainText: text)
        #expect(document.paragraphs == ["标题"])
        #expect(document.tables == [[["a", "b"], ["c", "d\n续"]]])
    }

    @Test func startsAnotherTableAfterBodyText() throws {
        let text = "一\n\ta\n\n说明\n\tb\n"
        let document = try NoticeDocument(plainText: text)
        #expect(document.paragraphs == ["一", "说明"])
        #expect(document.tables == [[["a"]], [["b"]]])
        #expect(document.tablePositions == [1, 2])
    }

    @Test func normalizesParagraphsAndCells() {
        let raw = NoticeDocument(
            paragraphs: [" [bookmark: _GoBack]标题\u{3000}", "", "甲\n 乙 ", "— 2 —"],
            tables: [[["  a \n\n b", "\u{3000}"]]], tablePositions: [3])
        let clean = raw.normalized()
        #expect(clean.paragraphs == ["标题", "甲", "乙"])
        #expect(clean.tables == [[["a\nb", ""]]])
        #expect(clean.tablePositions == [3])
        #expect(clean.normalized() == clean)
    }
}
