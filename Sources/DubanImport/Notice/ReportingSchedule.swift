import DubanCore

/// The reporting nodes and one-off plan dates the body states in words, read sentence by sentence:
/// the list after 时间节点, periodic rules (每季度末月20日前, 每月25日前, 每半年), and explicit dates in a
/// sentence about reporting progress; a dated sentence about 实施方案, 计划 or 总结, or any other single
/// deadline, is a plan date instead.
struct ReportingSchedule {
    /// A node date and the phrase it was read from.
    struct Node: Equatable {
        var date: LocalDate
        var source: String
    }

    /// The nodes, in date order, each date once (with the first phrase that gave it).
    var nodes: [Node] = []
    /// The one-off deadlines, in document order.
    var planDates: [PlanDate] = []
    /// What had to be assumed.
    var warnings: [NoticeWarning] = []
    /// The paragraph of the first node found.
    var paragraph: Int?
    /// When a periodic rule gives responsible units one day and lead units a later one: the difference, and
    /// the phrase spanning both days.
    var tier: (days: Int, source: String)?

    /// Words of a sentence about reporting progress.
    static let progressWords = ["进展", "进度", "推进情况", "落实情况", "完成情况", "时间节点"]
    /// Words of a one-off document that is not a progress report.
    static let planWords = ["方案", "计划", "总结"]

    /// Reads `body` for the plan year `year`. With `readsNodes` false (the admin supplies the nodes) only plan
    /// dates are read and nothing is thrown for the nodes.
    ///
    /// Throws `notice.no_nodes` when nothing gives a node, `notice.bad_node_date` for a node that is no date of
    /// the plan year.
    init(body: NoticeBody, year: Int, issuedOn: LocalDate?, readsNodes: Bool) throws(NoticeError) {
        let lines = body.paragraphs.enumerated().map { BodyLine(index: $0.offset, original: $0.element) }
        let split = min(body.paragraphsBeforeTable, lines.count)
        var firstMonth = 1
        if let issuedOn, issuedOn.year == year { firstMonth = issuedOn.month + 1 }
        var scan = ReportingScan(year: year, firstMonth: firstMonth, readsNodes: readsNodes)
        for line in lines[..<split] { try scan.read(line) }
        if readsNodes && scan.found.isEmpty {
            var rest = ReportingScan(year: year, firstMonth: firstMonth, readsNodes: true)
            for line in lines[split...] { try rest.read(line) }
            if !rest.found.isEmpty { scan.merge(rest) }
        }
        scan.resolveTiers()
        if let issuedOn { scan.dropRuleDates(onOrBefore: issuedOn, location: body.wholeBody) }

        var byDate: [LocalDate: Node] = [:]
        for found in scan.found {
            for date in found.dates where byDate[date] == nil { byDate[date] = Node(date: date, source: found.source) }
        }
        nodes = byDate.values.sorted { $0.date < $1.date }
        paragraph = scan.found.first?.paragraph
        planDates = scan.planDates
        warnings = scan.warnings
        tier = scan.tier
        if readsNodes && scan.found.contains(where: { $0.rule?.isMonthly == true }) && issuedOn == nil {
            warnings.append(NoticeWarning(
                code: "notice.monthly_from_january", location: body.wholeBody,
                en: "A monthly reporting rule was read from January, since the notice shows no date of issue (a line such as 2023年3月29日); pass the nodes with --nodes if reporting starts later.",
                zh: "通知中未见成文日期（如“2023年3月29日”），按月报送的节点从1月起计算；如实际从以后的月份开始，请用 --nodes 指定节点。"))
        }
        if readsNodes && nodes.isEmpty {
            throw Self.noNodes(body, year: year, lines: lines)
        }
    }

    /// `notice.no_nodes`: the forms accepted, what the body has, and the option.
    static func noNodes(_ body: NoticeBody, year: Int, lines: [BodyLine]) -> NoticeError {
        let forms = "时间节点（3月31日、6月30日）; 于6月25日、12月20日前报送进展情况; 每季度末月20日前; 每季度末; 每季度结束后5日内; 每月25日前; 每月底; 每半年"
        var foundEN = "found no sentence about reporting progress (进展情况, 进度, 推进情况, 时间节点)"
        var foundZH = "正文中没有关于报送进展情况的句子（进展情况、进度、推进情况、时间节点）"
        outer: for line in lines {
            for sentence in line.sentences where progressWords.contains(where: { line.half[sentence].contains($0) }) {
                let quoted = line.quote(sentence)
                foundEN = "found \(line.location) speaking of reporting (\"\(quoted)\") without a date or a rule"
                foundZH = "第\(line.index + 1)段提到报送（“\(quoted)”），但没有日期或规则"
                break outer
            }
        }
        return NoticeError(
            code: "notice.no_nodes", location: body.wholeBody,
            en: "No reporting nodes found: expected the dates or a rule, in forms such as \(forms); \(foundEN). Pass the nodes with --nodes \(year)-03-31,\(year)-06-30,\(year)-09-30,\(year)-12-31.",
            zh: "未找到报送时间节点：应写明日期或规则，如\(forms)；\(foundZH)。请用 --nodes \(year)-03-31,\(year)-06-30,\(year)-09-30,\(year)-12-31 指定节点。")
    }
}
