import DubanCore

/// The notice's head and foot: the plan title, the issuer, the document number (发文字号) and the date of
/// issue (成文日期). Each is `nil` when the notice does not show it in a recognized way.
struct NoticeMasthead {
    /// The plan's title as the notice gives it.
    var title: String?
    /// The issuing office(s), joint issuers joined with `、`.
    var issuer: String?
    /// `竹府办〔2016〕20号`.
    var documentNumber: String?
    /// The date of issue.
    var issuedOn: LocalDate?
    /// The paragraph holding the date of issue (its year is not the plan year's evidence).
    var issuedOnParagraph: Int?

    /// Reads the masthead of `body`.
    init(_ body: NoticeBody) {
        let lines = body.paragraphs.enumerated().map { BodyLine(index: $0.offset, original: $0.element) }
        let before = Array(lines[..<body.paragraphsBeforeTable])
        let noticeTitle = Self.noticeTitle(in: before)
        documentNumber = Self.documentNumber(in: lines, before: before)
        if let (date, paragraph) = Self.dateOfIssue(in: lines) {
            issuedOn = date
            issuedOnParagraph = paragraph
        }
        title = Self.title(before: before, noticeTitle: noticeTitle)
        issuer = Self.mastheadIssuer(before: before, noticeTitle: noticeTitle)
            ?? issuedOnParagraph.flatMap { Self.signature(above: $0, in: lines) }
    }

    // MARK: Title

    /// The title line just above the table (or the task items); else the title after 附件：; else the name in
    /// 《》 of the notice title; else the notice title itself (关于…的通知, with the issuer when written on
    /// its line); else a heading above the salutation that names 实事.
    static func title(before: [BodyLine], noticeTitle: (range: ClosedRange<Int>, text: String, issuer: String?)?) -> String? {
        if let above = before.last {
            if let title = attachmentTitle(above.original) { return title }
            if looksLikeTitle(above.original) { return above.original }
        }
        for line in before.reversed() {
            if let title = attachmentTitle(line.original) { return title }
        }
        let named = noticeTitle?.text ?? before.map(\.original).joined()
        if let match = named.firstMatch(of: /《([^《》]+)》/) {
            let title = ChineseText.trimmed(match.1)
            if !title.isEmpty { return title }
        }
        if let noticeTitle { return noticeTitle.text }
        for line in before.prefix(while: { !isSalutation($0.original) }).prefix(4)
        where looksLikeTitle(line.original) && line.original.contains("实事") {
            return line.original
        }
        return nil
    }

    /// The notice's own title among the first lines: a line with 关于 (after the issuer, or at its start)
    /// and the lines after it up to one ending in a document kind (通知, 意见, …), at most three.
    static func noticeTitle(in before: [BodyLine]) -> (range: ClosedRange<Int>, text: String, issuer: String?)? {
        for (position, line) in before.prefix(8).enumerated() {
            guard let about = line.original.firstRange(of: "关于") else { continue }
            let prefix = ChineseText.trimmed(line.original[..<about.lowerBound])
            let issuer = prefix.isEmpty ? nil : issuerName(prefix)
            guard prefix.isEmpty || issuer != nil else { continue }
            var end = position
            while end < min(position + 2, before.count - 1) && !endsWithDocumentKind(before[end].original) {
                end += 1
            }
            if !endsWithDocumentKind(before[end].original) { end = position }
            let text = before[position...end].map(\.original).joined()
            return (before[position].index...before[end].index, text, issuer)
        }
        return nil
    }

    /// `…的通知`, `…的意见`, `…方案`.
    static func endsWithDocumentKind(_ line: String) -> Bool {
        ["通知", "通报", "意见", "决定", "函", "方案", "报告", "批复", "办法", "规定", "要点", "安排", "计划"]
            .contains { line.hasSuffix($0) }
    }

    /// `附件`, `附件1`, `附件：`.
    static func isAttachmentMarker(_ line: String) -> Bool {
        ChineseText.compactKey(line).wholeMatch(of: /附件[0-9一二三四五六七八九十]*:?/) != nil
    }

    /// `附件：2022年…方案` → `2022年…方案`.
    static func attachmentTitle(_ line: String) -> String? {
        guard let match = ChineseText.halfWidth(line).wholeMatch(of: /附件\s*[0-9一二三四五六七八九十]*\s*:\s*(.+)/) else {
            return nil
        }
        let title = ChineseText.trimmed(match.1)
        return title.isEmpty ? nil : title
    }

    /// A heading rather than a sentence, a marker, a numbered section heading, an office's name, a date or a
    /// document number.
    static func looksLikeTitle(_ line: String) -> Bool {
        guard !isAttachmentMarker(line), line.count >= 4, line.count <= 100, let last = line.last else { return false }
        guard !"。；;：:，,".contains(last) else { return false }
        let half = ChineseText.halfWidth(line)
        if half.firstMatch(of: /^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十0-9]+\)|[0-9]+[、.])/) != nil { return false }
        return issuerName(line) == nil && dateLine(BodyLine(index: 0, original: line)) == nil
            && firstDocumentNumber(in: BodyLine(index: 0, original: line)) == nil
    }

    /// The salutation (主送机关) ends with a colon: `各镇人民政府、各街道办事处：`.
    static func isSalutation(_ line: String) -> Bool {
        line.hasSuffix("：") || line.hasSuffix(":")
    }

    // MARK: Issuer

    /// The lines above the notice title that name offices (发文机关标志), or the issuer written before 关于 on
    /// the title line.
    static func mastheadIssuer(before: [BodyLine], noticeTitle: (range: ClosedRange<Int>, text: String, issuer: String?)?) -> String? {
        guard let noticeTitle else { return nil }
        if let issuer = noticeTitle.issuer { return issuer }
        let names = before.prefix(while: { $0.index < noticeTitle.range.lowerBound })
            .filter { firstDocumentNumber(in: $0) == nil }
            .compactMap { issuerName($0.original) }
        return names.isEmpty ? nil : names.joined(separator: "、")
    }

    /// The signature just above the date of issue (one or two lines of office names).
    static func signature(above paragraph: Int, in lines: [BodyLine]) -> String? {
        if let prefix = dateLine(lines[paragraph])?.prefix, let name = issuerName(prefix) { return name }
        var names: [String] = []
        var index = paragraph - 1
        while index >= 0, names.count < 2, let name = issuerName(lines[index].original) {
            names.insert(name, at: 0)
            index -= 1
        }
        return names.isEmpty ? nil : names.joined(separator: "、")
    }

    /// `区委办公室 区政府办公室` → `区委办公室、区政府办公室`; `XX区人民政府办公室文件` → `XX区人民政府办公室`; `nil`
    /// unless every part names an office.
    static func issuerName(_ line: some StringProtocol) -> String? {
        let parts = ChineseText.halfWidth(line).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "、" })
            .map { part -> String in
                let name = ChineseText.trimmed(part)
                return name.hasSuffix("文件") && name.count > 4 ? String(name.dropLast(2)) : name
            }
            .filter { !$0.isEmpty }
        guard !parts.isEmpty, parts.allSatisfy(isOfficeName) else { return nil }
        return parts.joined(separator: "、")
    }

    /// A government or Party office's name: short, no sentence punctuation, ending as office names do.
    static func isOfficeName(_ name: String) -> Bool {
        guard (3...30).contains(name.count), !name.contains(where: { "，,。：:；;《》“”\"".contains($0) }),
              let last = name.last
        else { return false }
        return "府室会委办局厅部心组院处科署所站队司团".contains(last) || name.hasSuffix("党组")
    }

    // MARK: Document number and date of issue

    /// `机关代字〔年份〕序号号` with 〔〕, [], 【】 or () brackets, in the first or last lines.
    static func documentNumber(in lines: [BodyLine], before: [BodyLine]) -> String? {
        let candidates = Array(before.prefix(6)) + Array(before.suffix(6)) + Array(lines.suffix(6))
        for line in candidates {
            if let number = firstDocumentNumber(in: line) { return number }
        }
        return nil
    }

    nonisolated(unsafe) static let documentNumberPattern = try! Regex(
        "[\\p{Script=Han}A-Za-z]{1,12}\\s*[〔\\[【(]\\s*(?:19|20)[0-9]{2}\\s*[〕\\]】)]\\s*第?\\s*[0-9]{1,5}\\s*号")

    static func firstDocumentNumber(in line: BodyLine) -> String? {
        guard let match = line.half.firstMatch(of: documentNumberPattern) else { return nil }
        return line.quote(match.range)
    }

    /// The first line that is a full date (`2016年2月26日`, `二〇一六年二月二十六日`), alone or after the signing
    /// office's name.
    static func dateOfIssue(in lines: [BodyLine]) -> (LocalDate, Int)? {
        for line in lines.dropFirst() {
            if let found = dateLine(line) { return (found.date, line.index) }
        }
        return nil
    }

    /// The date of a line ending in a full date, with what precedes it (empty, or an office's name).
    static func dateLine(_ line: BodyLine) -> (date: LocalDate, prefix: String)? {
        let text = ChineseText.trimmed(line.half)
        guard let match = text.firstMatch(of: NoticeDates.explicit), match.range.upperBound == text.endIndex,
              let written = NoticeDates.Written(match), written.year != nil, written.day != nil,
              let resolved = written.resolved(defaultYear: 0), !resolved.clamped
        else { return nil }
        let prefix = ChineseText.trimmed(text[..<match.range.lowerBound])
        guard prefix.isEmpty || issuerName(prefix) != nil else { return nil }
        return (resolved.date, prefix)
    }
}
