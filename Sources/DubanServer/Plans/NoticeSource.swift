import DubanCore
import DubanImport

/// A notice as read from a file, ready for ``NoticeParser``: the document, and what the file states
/// beside it. A Word or text notice has only the document; a spreadsheet (``PlanWorkbook``) also has
/// the plan's facts from its plan sheet and the indicators of its indicators sheet.
public struct NoticeSource: Sendable, Equatable {
    /// The paragraphs and the task table, as the parser reads them.
    public var document: NoticeDocument
    /// The options the file sets (a spreadsheet's plan and nodes sheets); the time zone is the file's
    /// or `Asia/Shanghai`. Command-line options are set on top of these.
    public var options: NoticeOptions
    /// The document number (文号) the file gives, set on the parsed plan.
    public var documentNumber: String?
    /// The date the notice was issued (成文日期) the file gives, set on the parsed plan.
    public var issuedOn: LocalDate?
    /// Indicators given explicitly, by task number; they replace the proposals of those tasks.
    public var indicators: [Int: [ProposedIndicator]]

    /// Makes a source.
    public init(document: NoticeDocument, options: NoticeOptions = NoticeOptions(), documentNumber: String? = nil,
                issuedOn: LocalDate? = nil, indicators: [Int: [ProposedIndicator]] = [:]) {
        self.document = document
        self.options = options
        self.documentNumber = documentNumber
        self.issuedOn = issuedOn
        self.indicators = indicators
    }

    /// The plan: ``document`` parsed with `options` (by default the file's own), then the file's
    /// document number, issue date and indicators set on it.
    public func parse(options: NoticeOptions? = nil) throws(NoticeError) -> ParsedPlan {
        var plan = try NoticeParser.parse(document, options: options ?? self.options)
        try apply(to: &plan)
        return plan
    }

    /// Sets the file's document number, issue date and indicators on a parsed plan. Indicators for a
    /// task number the plan does not have are `xlsx.unknown_task`.
    public func apply(to plan: inout ParsedPlan) throws(NoticeError) {
        if let documentNumber { plan.documentNumber = documentNumber }
        if let issuedOn { plan.issuedOn = issuedOn }
        let numbers = Set(plan.tasks.map(\.number))
        if let unknown = indicators.keys.sorted().first(where: { !numbers.contains($0) }) {
            throw NoticeError(
                code: "xlsx.unknown_task", location: "sheet “\(PlanWorkbook.SheetRole.indicators.name)”",
                en: "The indicators sheet names task \(unknown), but the tasks sheet has no task \(unknown) (it has \(numbers.sorted().map(String.init).joined(separator: ", "))).",
                zh: "指标表填写了任务序号 \(unknown)，但任务表中没有序号为 \(unknown) 的任务（现有：\(numbers.sorted().map(String.init).joined(separator: "、"))）。")
        }
        for index in plan.tasks.indices {
            if let given = indicators[plan.tasks[index].number] { plan.tasks[index].indicators = given }
        }
    }
}
