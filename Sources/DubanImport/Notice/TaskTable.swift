/// The notice's task table: the first table with a row that names the columns (序号, 标题, …).
struct TaskTable {
    var rows: [[String]]
    var tableIndex: Int
    var tableCount: Int
    var headerRow: Int
    var columns: [TaskColumn: Int]
    var width: Int

    /// A header row names at least this many known columns; fewer could be a task that mentions one.
    static let minimumHeadings = 3

    init(locatingIn document: NoticeDocument) throws(NoticeError) {
        guard !document.tables.isEmpty else {
            throw NoticeError(code: "notice.no_table",
                              en: "The notice has no table, so the task list is missing.",
                              zh: "通知中没有表格，缺少任务分工表。")
        }
        tableCount = document.tables.count
        for (tableIndex, rows) in document.tables.enumerated() {
            for (rowIndex, row) in rows.enumerated() {
                let columns = TaskColumn.columns(inHeader: row)
                guard columns.count >= Self.minimumHeadings else { continue }
                self.rows = rows
                self.tableIndex = tableIndex
                self.headerRow = rowIndex
                self.columns = columns
                self.width = row.count
                let missing = TaskColumn.allCases.filter { columns[$0] == nil }.map(\.heading)
                guard missing.isEmpty else {
                    throw NoticeError(
                        code: "notice.missing_column", location: location(row: rowIndex),
                        en: "The task table has no column \(missing.joined(separator: ", ")).",
                        zh: "任务表缺少“\(missing.joined(separator: "”“"))”列。")
                }
                return
            }
        }
        let expected = TaskColumn.allCases.map(\.heading)
        throw NoticeError(
            code: "notice.no_header",
            en: "No table has a header row naming the columns \(expected.joined(separator: ", ")).",
            zh: "没有表格的表头列出 \(expected.joined(separator: "、")) 这些列。")
    }

    /// `"table row 4"` (1-based, the header counted), or `"table 2 row 4"` when there are several tables;
    /// with `" (task 3)"` when the task number is known.
    func location(row: Int, task: Int? = nil) -> String {
        let table = tableCount > 1 ? "table \(tableIndex + 1) row \(row + 1)" : "table row \(row + 1)"
        return task.map { "\(table) (task \($0))" } ?? table
    }

    /// The task rows after the header. Empty rows and repeated header rows are skipped.
    func tasks() throws(NoticeError) -> [ParsedTask] {
        var tasks: [ParsedTask] = []
        var rowOfTask: [Int: Int] = [:]
        for rowIndex in rows.indices where rowIndex > headerRow {
            let cells = rows[rowIndex]
            if cells.allSatisfy(\.isEmpty) { continue }
            if TaskColumn.columns(inHeader: cells).count >= Self.minimumHeadings { continue }
            let numberColumn = columns[.number]!
            let numberText = numberColumn < cells.count ? cells[numberColumn] : nil
            let number = numberText.flatMap(Self.taskNumber)
            guard cells.count >= width else {
                throw NoticeError(
                    code: "notice.row_too_few_cells", location: location(row: rowIndex, task: number),
                    en: "The row has \(cells.count) cells but the header has \(width).",
                    zh: "该行只有\(cells.count)个单元格，表头有\(width)列。")
            }
            guard let number else {
                throw NoticeError(
                    code: "notice.bad_task_number", location: location(row: rowIndex),
                    en: "The 序号 \"\(numberText ?? "")\" is not a positive whole number.",
                    zh: "序号“\(numberText ?? "")”不是正整数。")
            }
            if let first = rowOfTask[number] {
                throw NoticeError(
                    code: "notice.duplicate_task_number", location: location(row: rowIndex, task: number),
                    en: "Task number \(number) is used again; it is already on table row \(first + 1).",
                    zh: "序号\(number)重复，已在表格第\(first + 1)行使用。")
            }
            rowOfTask[number] = rowIndex
            tasks.append(task(number: number, cells: cells))
        }
        guard !tasks.isEmpty else {
            throw NoticeError(code: "notice.no_tasks", location: location(row: headerRow),
                              en: "The task table has a header but no task rows.",
                              zh: "任务表只有表头，没有任务行。")
        }
        return tasks
    }

    /// `1`, `１`, `1.`, `1、` → 1; anything else → nil.
    static func taskNumber(_ text: String) -> Int? {
        var compact = Substring(ChineseText.compactKey(text))
        while let last = compact.last, ".、".contains(last) { compact = compact.dropLast() }
        guard let number = ChineseText.asciiInteger(compact), number > 0 else { return nil }
        return number
    }

    private func task(number: Int, cells: [String]) -> ParsedTask {
        func text(_ column: TaskColumn) -> String { cells[columns[column]!] }
        var districtLead = UnitCell(written: text(.districtLead))
        var districtResponsible = UnitCell(written: text(.districtResponsible))
        let notApplicable = ChineseText.compactKey(districtLead.written).hasPrefix("不涉及")
        if notApplicable {
            districtLead.names = []
            districtResponsible.names = []
        }
        return ParsedTask(
            number: number, title: text(.title), content: text(.content),
            completionStandard: text(.completionStandard),
            cityLead: UnitCell(written: text(.cityLead)), cityResponsible: UnitCell(written: text(.cityResponsible)),
            districtLead: districtLead, districtResponsible: districtResponsible,
            notApplicable: notApplicable, notApplicableText: notApplicable ? districtLead.written : nil)
    }
}
