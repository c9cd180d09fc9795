import DubanCore

/// Reads the plan's facts out of the notice's body paragraphs: title, issuer, document number, date of
/// issue, year, reporting nodes, plan dates and the responsible units' lead time.
struct NoticeBody {
    /// Normalized paragraphs (trimmed, non-empty).
    var paragraphs: [String]
    /// How many paragraphs precede the task table (or the task items; `paragraphs.count` when none follow).
    var paragraphsBeforeTable: Int

    /// `"paragraphs 1–14"`: the place to look when something is missing from the whole body.
    var wholeBody: String {
        paragraphs.isEmpty ? "document body (no paragraphs)" : "paragraphs 1–\(paragraphs.count)"
    }

    /// Everything the body states, with `options` (the admin's) replacing what they supply.
    func facts(options: NoticeOptions) throws(NoticeError) -> NoticeFacts {
        let masthead = NoticeMasthead(self)
        var warnings: [NoticeWarning] = []
        let foundTitle = options.title ?? masthead.title
        let year: Int
        if let given = options.year { year = given } else { year = try self.year(title: foundTitle, masthead: masthead) }
        let issuer = options.issuer ?? masthead.issuer
        let title: String
        if let foundTitle {
            title = foundTitle
        } else {
            title = "\(issuer ?? "")\(year)年为民办实事项目"
            warnings.append(NoticeWarning(
                code: "notice.no_title", location: paragraphsBeforeTable > 0 ? "paragraphs 1–\(paragraphsBeforeTable)" : nil,
                en: "No plan title found (expected a title line above the tasks, a line 附件：<title>, a notice title 关于…的通知 or 《<title>》); the plan is named \"\(title)\". Pass the real title with --title.",
                zh: "未找到方案标题（应有任务上方的标题行、“附件：标题”、“关于…的通知”或《标题》）；暂定名为“\(title)”。请用 --title 指定正式标题。"))
        }

        let schedule = try ReportingSchedule(body: self, year: year, issuedOn: masthead.issuedOn,
                                             readsNodes: options.nodes == nil)
        warnings += schedule.warnings
        let nodeDates: [(date: LocalDate, source: String?)] = options.nodes.map { Array(Set($0)).sorted().map { ($0, nil) } }
            ?? schedule.nodes.map { ($0.date, $0.source) }

        var leadDays = 0
        var leadSource: String?
        if let days = options.responsibleLeadDays {
            leadDays = days
        } else if let tier = schedule.tier, options.nodes == nil {
            (leadDays, leadSource) = (tier.days, tier.source)
        } else if let found = try LeadTime.read(in: self, preferring: schedule.paragraph) {
            (leadDays, leadSource) = (found.days, found.source)
        } else {
            warnings.append(LeadTime.missingWarning(self))
        }
        let nodes = nodeDates.enumerated().map { index, node in
            ParsedNode(ordinal: index + 1, nodeDate: node.date, responsibleLeadDays: leadDays, source: node.source)
        }
        return NoticeFacts(title: title, issuer: issuer, documentNumber: masthead.documentNumber,
                           issuedOn: masthead.issuedOn, year: year, responsibleLeadDays: leadDays,
                           responsibleLeadDaysSource: leadSource, nodes: nodes, planDates: schedule.planDates,
                           warnings: warnings)
    }

    // MARK: Year

    /// The plan year: the first four-digit `NNNN年` of the title; else, in the body, a year stated for the
    /// plan (`2023年为民办实事项目`), then any year that is not part of a full date, then the year of a full
    /// date other than the date of issue (a notice issued in December may be the next year's plan).
    func year(title: String?, masthead: NoticeMasthead) throws(NoticeError) -> Int {
        if let title, let year = Self.years(in: title).first?.year { return year }
        let lines = paragraphs.enumerated().filter { $0.offset != masthead.issuedOnParagraph }.map(\.element)
        let found = lines.flatMap(Self.years(in:))
        if let stated = found.first(where: \.statesPlan) { return stated.year }
        if let plain = found.first(where: { !$0.inDate }) { return plain.year }
        if let dated = found.first { return dated.year }
        let issue = masthead.issuedOn.map { date in
            (en: " The date of issue \(date) is not taken as the plan year (a notice may be issued the year before).",
             zh: "成文日期\(date.year)年\(date.month)月\(date.day)日不作为计划年度（通知可能在上一年印发）。")
        }
        throw NoticeError(
            code: "notice.no_year", location: "title and \(wholeBody)",
            en: "No plan year found: expected a year such as 2023年 in the title or the body, found none.\(issue?.en ?? "") Pass the year with --year 2023.",
            zh: "未找到计划年度：标题或正文中应有“2023年”这样的年份，但没有找到。\(issue?.zh ?? "")请用 --year 2023 指定年度。")
    }

    /// Every `NNNN年` (digits or 〇一…九) of `text`, whether a full date follows it and whether it states the
    /// plan (实事, 项目, 任务, 计划, 方案 within the same clause).
    static func years(in text: String) -> [(year: Int, inDate: Bool, statesPlan: Bool)] {
        let half = ChineseText.halfWidth(text)
        return half.matches(of: /([0-9]{4}|[〇零一二三四五六七八九]{4})\s*年/).compactMap { match in
            guard let year = NoticeDates.yearValue(match.1), LocalDate.validYears.contains(year), year >= 1900 else {
                return nil
            }
            let rest = half[match.range.upperBound...]
            let inDate = rest.prefixMatch(of: /\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*月/) != nil
            let clause = rest.prefix(while: { !",。;:，".contains($0) }).prefix(16)
            let statesPlan = !inDate && ["实事", "项目", "任务", "计划", "方案"].contains { clause.contains($0) }
            return (year, inDate, statesPlan)
        }
    }
}

/// What ``NoticeBody/facts(options:)`` reads: the body's part of a ``ParsedPlan``.
struct NoticeFacts {
    var title: String
    var issuer: String?
    var documentNumber: String?
    var issuedOn: LocalDate?
    var year: Int
    var responsibleLeadDays: Int
    var responsibleLeadDaysSource: String?
    var nodes: [ParsedNode]
    var planDates: [PlanDate]
    var warnings: [NoticeWarning]
}
