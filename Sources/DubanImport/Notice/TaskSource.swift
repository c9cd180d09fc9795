/// Where a notice keeps its task list: a table with a task header, else numbered items with unit labels.
struct TaskSource {
    /// The tasks as read, before assembly.
    var drafts: [TaskDraft]
    /// How many paragraphs come before the task list (the title is looked for there).
    var paragraphsBefore: Int

    /// What to suggest when no task list can be read.
    static let template = "duban-server import-plan --template plan.xlsx"

    init(_ document: NoticeDocument) throws(NoticeError) {
        if let table = TaskTable(locatingIn: document) {
            drafts = try table.drafts()
            paragraphsBefore = document.tablePositions[table.tableIndex]
            return
        }
        if let items = TaskItems(paragraphs: document.paragraphs) {
            drafts = items.drafts
            paragraphsBefore = items.firstParagraph
            return
        }
        if document.tables.isEmpty {
            throw NoticeError(
                code: "notice.no_table",
                en: "No task list found: the notice has no table, and no numbered item （一）/ 1. is followed by a line such as 牵头单位：… or 责任单位：…. Expected a table with a header naming a task column (标题, 项目名称, 实事内容 …) and a unit column (牵头单位, 责任单位, 配合单位), or such items; for any other layout fill the template from \(Self.template).",
                zh: "未找到任务清单：通知中没有表格，也没有后接“牵头单位：…”或“责任单位：…”的编号事项（（一）、1.）。应有表头列出任务列（标题、项目名称、实事内容等）和单位列（牵头单位、责任单位、配合单位）的表格，或上述事项；其他格式请用 \(Self.template) 生成模板填写。")
        }
        let found = document.tables.first?.first.map { $0.filter { !$0.isEmpty }.prefix(8).joined(separator: " | ") } ?? ""
        throw NoticeError(
            code: "notice.no_header",
            en: "No table has a header row naming a task column (标题, 项目名称, 民生实事, 实事内容, 建设内容 …) and a unit column (牵头单位, 责任单位, 配合单位 …); the first table starts with \"\(found)\". For any other layout fill the template from \(Self.template).",
            zh: "没有表格的表头同时列出任务列（标题、项目名称、民生实事、实事内容、建设内容等）和单位列（牵头单位、责任单位、配合单位等）；第一个表格的首行为“\(found)”。其他格式请用 \(Self.template) 生成模板填写。")
    }
}
