import DubanCore

/// One pass of ``ReportingSchedule`` over body paragraphs: what each sentence gives, before the nodes are
/// merged and sorted.
struct ReportingScan {
    /// Node dates one phrase gave.
    struct Found {
        var dates: [LocalDate]
        var source: String
        var paragraph: Int
        var rule: ReportingRule?
        /// For a periodic rule: where it ends in its paragraph's half-width text, and the paragraph.
        var end: String.Index?
        var start: String.Index?
        var line: BodyLine?
    }

    var year: Int
    var firstMonth: Int
    var readsNodes: Bool
    var found: [Found] = []
    var planDates: [PlanDate] = []
    var warnings: [NoticeWarning] = []
    var tier: (days: Int, source: String)?
    /// Ranges already read, per paragraph.
    var consumed: [Int: [Range<String.Index>]] = [:]

    init(year: Int, firstMonth: Int, readsNodes: Bool) {
        self.year = year
        self.firstMonth = firstMonth
        self.readsNodes = readsNodes
    }

    mutating func merge(_ other: ReportingScan) {
        found += other.found
        planDates += other.planDates
        warnings += other.warnings
        consumed.merge(other.consumed) { $0 + $1 }
    }

    func isFree(_ range: Range<String.Index>, in line: BodyLine) -> Bool {
        !(consumed[line.index] ?? []).contains { $0.overlaps(range) }
    }

    mutating func read(_ line: BodyLine) throws(NoticeError) {
        for sentence in line.sentences {
            let text = line.half[sentence]
            if readsNodes { try readNodeLists(text, in: line) }
            let reports = ["报", "提交"].contains { text.contains($0) } || ReportingSchedule.progressWords.contains { text.contains($0) }
            if readsNodes && reports { try readRules(text, in: line) }
            try readDates(text, in: line)
        }
    }

    // MARK: 时间节点 lists

    mutating func readNodeLists(_ text: Substring, in line: BodyLine) throws(NoticeError) {
        var searchFrom = text.startIndex
        while let marker = text[searchFrom...].firstRange(of: "时间节点") {
            searchFrom = marker.upperBound
            let list = try dateList(after: text[marker.upperBound...], in: text, line: line)
            guard !list.dates.isEmpty else { continue }
            let range = marker.lowerBound..<list.end
            consumed[line.index, default: []].append(range)
            found.append(Found(dates: list.dates, source: line.quote(range), paragraph: line.index))
            searchFrom = min(list.end, text.endIndex)
        }
    }

    /// Parses the list following one 时间节点. In brackets every item must be a date; without brackets the
    /// list runs to the end of the sentence and stops at the first item not written as a date.
    mutating func dateList(after rest: Substring, in text: Substring, line: BodyLine) throws(NoticeError) -> (dates: [LocalDate], end: String.Index) {
        var rest = rest.drop(while: { " 为是:分别如下".contains($0) })
        let strict = rest.first == "("
        var end = rest.startIndex
        if strict {
            rest = rest.dropFirst().prefix(while: { $0 != ")" })
            end = rest.endIndex < text.endIndex ? text.index(after: rest.endIndex) : rest.endIndex
        } else {
            rest = rest.prefix(while: { !"。;\n".contains($0) })
        }
        var dates: [LocalDate] = []
        for item in rest.split(whereSeparator: { "、,;和及 ".contains($0) }) {
            let written = NoticeDates.wholeDate(item) ?? Self.dottedDate(item)
            if !strict && written == nil && !item.contains(where: \.isASCIIDigit) { break }
            guard let written, let date = try node(written, text: String(item), in: line) else {
                throw badNode(String(item), in: line, reason: (
                    "is not a date like 3月28日", "不是“3月28日”这样的日期"))
            }
            dates.append(date)
            if !strict { end = item.endIndex }
        }
        return (dates, end)
    }

    /// `3.28`, `3-28`, `3/28`, `2022.3.28`.
    static func dottedDate(_ item: Substring) -> NoticeDates.Written? {
        var text = Substring(ChineseText.halfWidth(item))
        for suffix in ["之前", "以前", "前"] where text.hasSuffix(suffix) {
            text = text.dropLast(suffix.count)
            break
        }
        guard let match = text.wholeMatch(of: /(?:([0-9]{4})[.\-\/])?([0-9]{1,2})[.\-\/]([0-9]{1,2})/),
              let date = NoticeDates.wholeDate("\(match.1.map { "\($0)年" } ?? "")\(match.2)月\(match.3)日")
        else { return nil }
        return date
    }

    /// The node of a written date in the plan year (a missing day taken as the month's last, with a warning).
    mutating func node(_ written: NoticeDates.Written, text: String, in line: BodyLine) throws(NoticeError) -> LocalDate? {
        guard written.year == nil || written.year == year, let resolved = written.resolved(defaultYear: year) else {
            throw badNode(text, in: line, reason: (
                "is not a real date in the plan year \(year)", "不是计划年度\(year)年中的有效日期"))
        }
        if resolved.clamped {
            warnings.append(NoticeWarning(
                code: "notice.day_clamped", location: line.location,
                en: "\"\(text)\" names a day the month does not have; the month's last day, \(resolved.date), is used.",
                zh: "“\(text)”所写日期在该月不存在，按该月最后一天（\(resolved.date.month)月\(resolved.date.day)日）计。"))
        }
        return resolved.date
    }

    func badNode(_ text: String, in line: BodyLine, reason: (en: String, zh: String)) -> NoticeError {
        NoticeError(
            code: "notice.bad_node_date", location: line.location,
            en: "The reporting node \"\(text)\" \(reason.en); expected a date such as 3月28日 or 3月底. Correct the notice, or pass the nodes with --nodes \(year)-03-31,\(year)-06-30.",
            zh: "时间节点“\(text)”\(reason.zh)；应为“3月28日”“3月底”这样的日期。请修改通知，或用 --nodes \(year)-03-31,\(year)-06-30 指定节点。")
    }

    // MARK: Periodic rules

    mutating func readRules(_ text: Substring, in line: BodyLine) throws(NoticeError) {
        for pattern in ReportingRule.patterns {
            for match in text.matches(of: pattern.regex) where isFree(match.range, in: line) {
                let output = match.output
                var number: Int?
                if output.count > 1, let numberText = output[1].substring {
                    guard let value = NoticeDates.integer(numberText) else { continue }
                    number = value
                }
                let phrase = line.quote(match.range)
                if pattern.counts, output.count > 2, output[2].substring == "工作日" {
                    throw NoticeError(
                        code: "notice.bad_node_date", location: line.location,
                        en: "\"\(phrase)\" counts working days, which depend on the holiday calendar; expected calendar days (每季度结束后5日内). Pass the nodes with --nodes \(year)-04-07,\(year)-07-07.",
                        zh: "“\(phrase)”按工作日计算，需依赖节假日安排；应按自然日写明（如“每季度结束后5日内”）。请用 --nodes \(year)-04-07,\(year)-07-07 指定节点。")
                }
                let rule = pattern.make(number)
                consumed[line.index, default: []].append(match.range)
                found.append(Found(dates: dates(of: rule, phrase: phrase, in: line), source: phrase, paragraph: line.index,
                                   rule: rule, end: match.range.upperBound, start: match.range.lowerBound, line: line))
            }
        }
    }

    mutating func dates(of rule: ReportingRule, phrase: String, in line: BodyLine) -> [LocalDate] {
        let (dates, clamped) = rule.dates(year: year, firstMonth: firstMonth)
        if !clamped.isEmpty {
            let months = clamped.map { "\($0)月" }.joined(separator: "、")
            warnings.append(NoticeWarning(
                code: "notice.day_clamped", location: line.location,
                en: "\"\(phrase)\" names a day that \(months) do not have; those months' last days are used.",
                zh: "“\(phrase)”所写日期在\(months)不存在，按当月最后一天计。"))
        }
        return dates
    }

    /// A rule giving two days of one period: the later day is the lead units' (the node), the earlier the
    /// responsible units'. Either two rules of one kind in one paragraph (每月20日前 … 每月25日前), or a rule
    /// followed in its paragraph by a bare later day (每季度末月20日前 … 牵头单位于25日前).
    mutating func resolveTiers() {
        guard readsNodes else { return }
        var index = 0
        while index < found.count {
            guard let rule = found[index].rule, let day = rule.day, let line = found[index].line,
                  let start = found[index].start, let end = found[index].end
            else { index += 1; continue }
            if let other = found.indices.first(where: { $0 > index && found[$0].paragraph == line.index
                    && found[$0].rule.map { $0.onDay(1) == rule.onDay(1) } == true && (found[$0].rule?.day ?? 0) > day }),
               let laterDay = found[other].rule?.day, let otherEnd = found[other].end {
                let source = line.quote(start..<otherEnd)
                tier = tier ?? (laterDay - day, source)
                found[other].source = source
                found.remove(at: index)
                continue
            }
            if let bare = bareDay(after: end, in: line), bare.day > day {
                let source = line.quote(start..<bare.range.upperBound)
                tier = tier ?? (bare.day - day, source)
                let later = rule.onDay(bare.day)
                found[index].rule = later
                found[index].dates = later.dates(year: year, firstMonth: firstMonth).dates
                found[index].source = source
            }
            index += 1
        }
    }

    /// A periodic rule counts from the year's start: the dates it gives on or before the date of issue have
    /// passed already and are left out (with a warning). Dates the notice lists are kept as written.
    mutating func dropRuleDates(onOrBefore issuedOn: LocalDate, location: String) {
        var dropped: [LocalDate] = []
        for index in found.indices where found[index].rule != nil {
            dropped += found[index].dates.filter { $0 <= issuedOn }
            found[index].dates.removeAll { $0 <= issuedOn }
        }
        found.removeAll { $0.dates.isEmpty }
        guard !dropped.isEmpty else { return }
        let list = dropped.sorted().map(\.description).joined(separator: ", ")
        warnings.append(NoticeWarning(
            code: "notice.nodes_before_issue", location: location,
            en: "The reporting rule gives \(list), on or before the date of issue \(issuedOn); those nodes are left out (pass --nodes to keep them).",
            zh: "报送规则推出的节点\(list)不晚于成文日期\(issuedOn)，已略去（如需保留，请用 --nodes 指定节点）。"))
    }

    nonisolated(unsafe) static let bareDayPattern = try! Regex(
        "(?:于|在)?\\s*\(NoticeDates.number)\\s*[日号]\\s*(?:之前|以前|前)")

    /// The first `25日前` after `position` in `line`, not part of a full date, a lead time or another rule.
    func bareDay(after position: String.Index, in line: BodyLine) -> (day: Int, range: Range<String.Index>)? {
        for match in line.half[position...].matches(of: Self.bareDayPattern) where isFree(match.range, in: line) {
            let before = line.half[..<match.range.lowerBound]
            if let last = before.last, "月年0123456789一二两三四五六七八九十".contains(last) || before.hasSuffix("提前") { continue }
            guard let text = match.output[1].substring, let day = NoticeDates.integer(text), (1...31).contains(day) else {
                continue
            }
            return (day, match.range)
        }
        return nil
    }

    // MARK: Explicit dates

    /// Explicit dates outside lists and rules: nodes in a sentence about progress, plan dates for a document
    /// (方案, 计划, 总结) or any other deadline (…前).
    mutating func readDates(_ text: Substring, in line: BodyLine) throws(NoticeError) {
        let matches = text.matches(of: NoticeDates.explicit).filter { isFree($0.range, in: line) }
        guard !matches.isEmpty else { return }
        // Consecutive dates joined by 、 和 及 与 form one group.
        var groups: [[Regex<AnyRegexOutput>.Match]] = []
        for match in matches {
            if let previous = groups.last?.last,
               line.half[previous.range.upperBound..<match.range.lowerBound].allSatisfy({ "、和及与 ".contains($0) }) {
                groups[groups.count - 1].append(match)
            } else {
                groups.append([match])
            }
        }
        let boundaries: Set<Character> = [",", ":", "，", "："]
        var previousEnd = text.startIndex
        var sentenceNode: (index: Int, start: String.Index)?
        for (position, group) in groups.enumerated() {
            let groupStart = group.first!.range.lowerBound
            let groupEnd = group.last!.range.upperBound
            let nextStart = position + 1 < groups.count ? groups[position + 1].first!.range.lowerBound : text.endIndex
            let tailEnd = text[groupEnd..<nextStart].firstIndex(where: { boundaries.contains($0) }) ?? nextStart
            let tail = text[groupEnd..<tailEnd]
            let clauseStart = text[previousEnd..<groupStart].lastIndex(where: { boundaries.contains($0) })
                .map { text.index(after: $0) } ?? previousEnd
            previousEnd = tailEnd
            let clause = text[clauseStart..<tailEnd]
            let deadline = tail.drop(while: { $0 == " " }).hasPrefix("前") || tail.hasPrefix("之前") || tail.hasPrefix("以前")
            // What is due: the words after the date (前 dropped), or, when the clause ends at the date
            // (于6月30日前，将进展情况报送…), the next clause.
            var action = tail.drop(while: { " 前之以".contains($0) })
            var end = tailEnd
            if action.isEmpty && tailEnd < nextStart {
                let nextFrom = text.index(after: tailEnd)
                end = text[nextFrom..<nextStart].firstIndex(where: { boundaries.contains($0) }) ?? nextStart
                action = text[nextFrom..<end]
                previousEnd = end
            }
            let progress = { (part: Substring) in
                ReportingSchedule.progressWords.contains { part.contains($0) } || part.contains(/报.{0,12}情况|情况.{0,8}报/)
            }
            let plan = { (part: Substring) in ReportingSchedule.planWords.contains { part.contains($0) } }
            let isNode: Bool
            if progress(action) { isNode = true }
            else if plan(action) { isNode = false }
            else if progress(clause) { isNode = true }
            else if plan(clause) { isNode = false }
            else if deadline { isNode = false }
            else { continue }

            let source = line.quote(clauseStart..<end)
            // Two dates per node in one sentence (责任单位于6月25日前报送牵头单位，牵头单位于6月30日前汇总报送):
            // the later one, a few days on, is the lead units' and so the node.
            if readsNodes, let earlier = sentenceNode, action.contains("报"),
               let dates = Optional(group.compactMap { NoticeDates.Written($0)?.resolved(defaultYear: year)?.date }),
               dates.count == found[earlier.index].dates.count {
                let gaps = Set(zip(found[earlier.index].dates, dates).map { $0.days(until: $1) })
                if gaps.count == 1, let gap = gaps.first, (1...20).contains(gap) {
                    let span = line.quote(earlier.start..<end)
                    found[earlier.index].dates = dates
                    found[earlier.index].source = span
                    tier = tier ?? (gap, span)
                    sentenceNode = nil
                    continue
                }
            }
            if isNode {
                guard readsNodes else { continue }
                var dates: [LocalDate] = []
                for match in group {
                    let written = line.quote(match.range)
                    guard let parsed = NoticeDates.Written(match), let date = try node(parsed, text: written, in: line) else {
                        throw badNode(written, in: line, reason: ("is not a date like 3月28日", "不是“3月28日”这样的日期"))
                    }
                    dates.append(date)
                }
                found.append(Found(dates: dates, source: source, paragraph: line.index))
                sentenceNode = (found.count - 1, clauseStart)
            } else {
                let what = action.isEmpty ? clause : action
                for match in group {
                    guard let parsed = NoticeDates.Written(match), let resolved = parsed.resolved(defaultYear: year) else { continue }
                    planDates.append(PlanDate(date: resolved.date, what: ChineseText.trimmed(line.quote(what.startIndex..<what.endIndex)),
                                              source: source))
                }
            }
        }
    }
}

fileprivate extension Character {
    /// `0`…`9` only (not full-width or other scripts' digits).
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
