import DubanCore

/// Reads the plan's facts out of the notice's body paragraphs.
struct NoticeBody {
    /// Normalized paragraphs (trimmed, non-empty).
    var paragraphs: [String]
    /// How many paragraphs precede the task table.
    var paragraphsBeforeTable: Int

    /// `"paragraphs 1–14"`: the place to look when something is missing from the whole body.
    var wholeBody: String {
        paragraphs.isEmpty ? "document body (no paragraphs)" : "paragraphs 1–\(paragraphs.count)"
    }

    // MARK: Title and issuer

    /// The attachment's title line just above the table; else the title after 附件：; else the name
    /// inside 《》 in the notice title (which may span several paragraphs).
    func title() throws(NoticeError) -> String {
        let before = paragraphs[..<paragraphsBeforeTable]
        if let above = before.last {
            if let title = Self.attachmentTitle(above) { return title }
            if Self.looksLikeTitle(above) { return above }
        }
        for paragraph in before.reversed() {
            if let title = Self.attachmentTitle(paragraph) { return title }
        }
        if let match = before.joined().firstMatch(of: /《([^《》]+)》/) {
            let title = ChineseText.trimmed(match.1)
            if !title.isEmpty { return title }
        }
        throw NoticeError(
            code: "notice.no_title", location: paragraphsBeforeTable > 0 ? "paragraphs 1–\(paragraphsBeforeTable)" : nil,
            en: "No plan title found: expected a title line just above the task table, a line 附件：<title>, or a notice title with 《<title>》.",
            zh: "未找到方案标题：任务表上方应有标题行，或有“附件：标题”一行，或通知标题中有《标题》。")
    }

    /// The first line, when it stands above the notice title (关于印发《…》的通知), as an issuer line does.
    func issuer() -> String? {
        let before = paragraphs[..<paragraphsBeforeTable]
        guard let noticeTitle = before.firstIndex(where: { $0.hasPrefix("关于") || $0.contains("《") }),
              noticeTitle > 0
        else { return nil }
        let first = paragraphs[0]
        return first.count <= 40 && !Self.isAttachmentMarker(first) ? first : nil
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

    /// A heading rather than a sentence or a marker.
    static func looksLikeTitle(_ line: String) -> Bool {
        guard !isAttachmentMarker(line), line.count >= 4, line.count <= 100, let last = line.last else { return false }
        return !"。；;：:，,".contains(last)
    }

    // MARK: Year

    /// The first four-digit `NNNN年` in the title, else in the body paragraphs in order.
    func year(title: String) throws(NoticeError) -> Int {
        for text in [title] + paragraphs {
            for match in ChineseText.halfWidth(text).matches(of: /([0-9]+)年/) where match.1.count == 4 {
                if let year = Int(match.1), LocalDate.validYears.contains(year) { return year }
            }
        }
        throw NoticeError(
            code: "notice.no_year", location: "title and \(wholeBody)",
            en: "No plan year found: neither the title nor the body contains a year such as 2022年.",
            zh: "未找到年份：标题和正文中都没有“2022年”这样的年份。")
    }

    // MARK: Reporting nodes

    /// The dates listed after 时间节点, e.g. `按时间节点（3月28日、6月30日、9月23日、12月5日）`, sorted, and the
    /// index of the paragraph that lists them.
    func nodeDates(year: Int) throws(NoticeError) -> (dates: [LocalDate], paragraph: Int) {
        for (index, paragraph) in paragraphs.enumerated() {
            let text = ChineseText.halfWidth(paragraph)
            var searchFrom = text.startIndex
            while let marker = text[searchFrom...].firstRange(of: "时间节点") {
                searchFrom = marker.upperBound
                let dates = try Self.dateList(after: text[marker.upperBound...], year: year,
                                              paragraph: index + 1)
                if !dates.isEmpty { return (Array(Set(dates)).sorted(), index) }
            }
        }
        throw NoticeError(
            code: "notice.no_nodes", location: wholeBody,
            en: "No reporting nodes found: the notice should list them after 时间节点, e.g. 时间节点（3月28日、6月30日）.",
            zh: "未找到时间节点：通知应在“时间节点”后列出日期，如“时间节点（3月28日、6月30日）”。")
    }

    /// Parses the list following one 时间节点. In brackets every item must be a date; without brackets the
    /// list runs to the end of the sentence and stops at the first item with no digit in it.
    static func dateList(after rest: Substring, year: Int, paragraph: Int) throws(NoticeError) -> [LocalDate] {
        var rest = rest.drop(while: { " 为是:分别如下".contains($0) })
        let strict: Bool
        if rest.first == "(" {
            strict = true
            rest = rest.dropFirst().prefix(while: { $0 != ")" })
        } else {
            strict = false
            rest = rest.prefix(while: { !"。;\n".contains($0) })
        }
        var dates: [LocalDate] = []
        let items = rest.split(whereSeparator: { "、,;和及 ".contains($0) })
        for item in items {
            let text = String(item)
            if !strict && !text.contains(where: \.isASCIIDigit) { break }
            guard let date = try nodeDate(text, year: year, paragraph: paragraph) else {
                throw NoticeError(
                    code: "notice.bad_node_date", location: "paragraph \(paragraph)",
                    en: "The reporting node \"\(text)\" is not a date like 3月28日.",
                    zh: "时间节点“\(text)”不是“3月28日”这样的日期。")
            }
            dates.append(date)
        }
        return dates
    }

    /// `3月28日`, `3月28号`, `2022年3月28日`, `3.28`, `3-28`, `3/28` (a trailing 前 is ignored); `nil` when
    /// it is not written as a date, an error when it is written as one but is not a real day of `year`.
    static func nodeDate(_ text: String, year: Int, paragraph: Int) throws(NoticeError) -> LocalDate? {
        var item = Substring(text)
        for suffix in ["之前", "以前", "前"] where item.hasSuffix(suffix) {
            item = item.dropLast(suffix.count)
            break
        }
        let parts: (year: Substring?, month: Substring, day: Substring)
        if let match = item.wholeMatch(of: /(?:([0-9]{4})年)?([0-9]{1,2})月([0-9]{1,2})[日号]/) {
            parts = (match.1, match.2, match.3)
        } else if let match = item.wholeMatch(of: /(?:([0-9]{4})[.\-\/])?([0-9]{1,2})[.\-\/]([0-9]{1,2})/) {
            parts = (match.1, match.2, match.3)
        } else {
            return nil
        }
        let writtenYear = parts.year.flatMap { Int($0) } ?? year
        guard writtenYear == year, let date = LocalDate(year: year, month: Int(parts.month)!, day: Int(parts.day)!) else {
            throw NoticeError(
                code: "notice.bad_node_date", location: "paragraph \(paragraph)",
                en: "The reporting node \"\(text)\" is not a real date in the plan year \(year).",
                zh: "时间节点“\(text)”不是计划年度\(year)年中的有效日期。")
        }
        return date
    }

    // MARK: Responsible lead days

    /// N from `提前N日` / `提前N天` (N in digits or 一…十), looked for first in paragraph `preferred`
    /// (the one listing the nodes), then in every paragraph.
    func responsibleLeadDays(preferring preferred: Int) throws(NoticeError) -> Int {
        let order = [preferred] + paragraphs.indices.filter { $0 != preferred }
        for index in order {
            let text = ChineseText.halfWidth(paragraphs[index])
            guard let match = text.firstMatch(of: /提前\s*([0-9]+|[一二两三四五六七八九十]+)\s*个?\s*(工作日|日|天)/) else {
                continue
            }
            if match.2 == "工作日" {
                throw NoticeError(
                    code: "notice.bad_lead_days", location: "paragraph \(index + 1)",
                    en: "\"\(match.0)\" counts working days, which depend on the holiday calendar; write the lead time in calendar days (提前N日).",
                    zh: "“\(match.0)”按工作日计算，需依赖节假日安排；请按自然日写明提前天数（提前N日）。")
            }
            if let days = ChineseText.asciiInteger(match.1) ?? ChineseText.chineseInteger(match.1), days <= 366 {
                return days
            }
            throw NoticeError(
                code: "notice.bad_lead_days", location: "paragraph \(index + 1)",
                en: "\"\(match.0)\" is not a usable number of days.",
                zh: "“\(match.0)”中的天数无法使用。")
        }
        throw NoticeError(
            code: "notice.no_lead_days", location: wholeBody,
            en: "The notice does not say how many days before each node the responsible units report (e.g. 各责任单位要提前3日将进展情况报送牵头单位).",
            zh: "通知未写明责任单位提前几日向牵头单位报送进展情况（如“各责任单位要提前3日将进展情况报送牵头单位”）。")
    }
}

fileprivate extension Character {
    /// `0`…`9` only (not full-width or other scripts' digits).
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
