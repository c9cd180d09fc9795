import DubanCore

/// Turns a notice into a ``ParsedPlan``. Everything comes from the document's own text: the year, the
/// reporting nodes, how many days earlier responsible units report, and the task table (columns found by
/// their headings). Nothing about a particular district or year is built in.
public enum NoticeParser {
    /// Parses `document` (normalizing it first). `timeZone` is recorded on the plan as its deadline zone.
    ///
    /// Throws a ``NoticeError`` naming the place: `notice.no_table`, `notice.no_header`,
    /// `notice.no_year`, `notice.no_nodes`, `notice.bad_node_date`,
    /// `notice.bad_lead_days`, `notice.row_too_few_cells`, `notice.bad_task_number`,
    /// `notice.duplicate_task_number`, `notice.no_tasks`. What the body leaves out and the parser assumes is a
    /// warning on the plan instead: `notice.no_title` (a title is made up from the issuer and year),
    /// `notice.no_lead_days` (responsible units report on the node), `notice.monthly_from_january`,
    /// `notice.day_clamped`.
    public static func parse(_ document: NoticeDocument, timeZone: String = "Asia/Shanghai") throws(NoticeError) -> ParsedPlan {
        try parse(document, options: NoticeOptions(timeZone: timeZone))
    }

    /// Parses `document` (normalizing it first), taking from `options` what the admin supplied: a given year,
    /// title or issuer replaces the notice's; given nodes replace the body's reporting rules (plan dates are
    /// still read); given lead days replace the notice's lead time.
    public static func parse(_ document: NoticeDocument, options: NoticeOptions) throws(NoticeError) -> ParsedPlan {
        let timeZone = options.timeZone
        let document = document.normalized()
        let source = try TaskSource(document)
        let body = NoticeBody(paragraphs: document.paragraphs, paragraphsBeforeTable: source.paragraphsBefore)
        let assembly = try TaskAssembly(drafts: source.drafts)
        let facts = try body.facts(options: options)
        try checkLengths(assembly.tasks, documentNumber: facts.documentNumber)
        return ParsedPlan(title: facts.title, issuer: facts.issuer, documentNumber: facts.documentNumber,
                          issuedOn: facts.issuedOn, year: facts.year, timeZone: timeZone,
                          responsibleLeadDays: facts.responsibleLeadDays,
                          responsibleLeadDaysSource: facts.responsibleLeadDaysSource, nodes: facts.nodes,
                          planDates: facts.planDates, tasks: assembly.tasks, warnings: facts.warnings + assembly.warnings)
    }

    /// The facts kept as written fit their columns (`TextLimit`), or the import says which and where.
    static func checkLengths(_ tasks: [ParsedTask], documentNumber: String?) throws(NoticeError) {
        func check(_ text: String?, _ limit: Int, _ what: LocalizedText, _ location: String?) throws(NoticeError) {
            guard let text, TextLimit.length(text) > limit else { return }
            throw NoticeError(
                code: "notice.too_long", location: location,
                en: "The \(what.en) is longer than \(limit) characters (\(TextLimit.length(text))): \(text.prefix(40))…; expected a short \(what.en).",
                zh: "\(what.zh)超过 \(limit) 个字符（\(TextLimit.length(text)) 个）：\(text.prefix(40))……")
        }
        try check(documentNumber, TextLimit.documentNumber, LocalizedText(en: "document number", zh: "文号"), nil)
        for task in tasks {
            let place = "task \(task.number)"
            try check(task.label, TextLimit.noticeLabel, LocalizedText(en: "task's numbering", zh: "任务编号"), place)
            try check(task.group, TextLimit.noticeGroup, LocalizedText(en: "group heading", zh: "分组标题"), place)
            try check(task.deadline, TextLimit.noticeDeadline, LocalizedText(en: "deadline", zh: "完成时限"), place)
        }
    }
}
