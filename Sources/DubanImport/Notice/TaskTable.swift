/// The notice's task table: the first table with a header row whose headings name, by meaning, a
/// task's text (a title or content column) and at least one unit column. Headers may take two rows
/// (责任单位 over 牵头单位 | 配合单位), rows may be wider than the header, and a 序号 may span
/// several rows (sub-rows), which become one task with sub-items.
struct TaskTable {
    var rows: [[String]]
    var tableIndex: Int
    var tableCount: Int
    /// The (last) header row.
    var headerRow: Int
    /// Each column's role, by index; `nil` for a column read as no role.
    var roles: [ColumnRole?]
    /// Each column's heading as written (both header rows joined with `/`).
    var headings: [String]

    /// Finds the task table, or returns nil when no table has a task header.
    init?(locatingIn document: NoticeDocument) {
        tableCount = document.tables.count
        for (tableIndex, rows) in document.tables.enumerated() {
            for (rowIndex, row) in rows.enumerated() {
                let roles = row.map { ColumnRole.of(heading: $0) }
                guard Self.isHeader(roles) else { continue }
                self.rows = rows
                self.tableIndex = tableIndex
                self.headerRow = rowIndex
                self.roles = roles
                self.headings = row.map { ChineseText.trimmed($0) }
                mergeSecondHeaderRow()
                return
            }
        }
        return nil
    }

    /// A header names a task's text and who does it.
    static func isHeader(_ roles: [ColumnRole?]) -> Bool {
        let known = roles.compactMap { $0 }
        return known.contains(where: \.isUnits) && known.contains(where: { $0 == .title || $0 == .content })
            && Set(known).count >= 2
    }

    /// A second header row below the first (牵头单位 | 配合单位 under a merged 责任单位, town names under a quota
    /// heading) refines the columns it names.
    private mutating func mergeSecondHeaderRow() {
        let next = headerRow + 1
        guard next < rows.count else { return }
        let row = rows[next]
        let numberColumn = roles.firstIndex(of: .number)
        if let numberColumn, numberColumn < row.count, TaskNumber.value(row[numberColumn]) != nil { return }
        guard row.allSatisfy({ $0.count <= 24 }) else { return }
        // A group row (一、民生实事项目) under the header is a heading, not a second header row.
        let texts = Set(row.map { ChineseText.trimmed($0) }.filter { !$0.isEmpty })
        if texts.count == 1 || row.contains(where: { ItemMarker.parse($0).map { $0.level <= 2 } ?? false }) { return }
        var refined = false
        for (index, cell) in row.enumerated() {
            let text = ChineseText.trimmed(cell)
            guard !text.isEmpty else { continue }
            let above = index < headings.count ? headings[index] : ""
            if text == above { continue }
            if let role = ColumnRole.of(heading: text) {
                if index < roles.count {
                    // 责任单位 over 牵头单位: the lower heading says the role; the upper its level, if any.
                    if case .units(let upperRole, let level)? = roles[index], case .units(let lowerRole, let lowerLevel) = role {
                        _ = upperRole
                        roles[index] = .units(lowerRole, lowerLevel == .unmarked ? level : lowerLevel)
                    } else {
                        roles[index] = role
                    }
                    headings[index] = above.isEmpty ? text : above + "/" + text
                } else {
                    roles.append(contentsOf: Array(repeating: nil, count: index - roles.count))
                    headings.append(contentsOf: Array(repeating: "", count: index - headings.count))
                    roles.append(role)
                    headings.append(text)
                }
                refined = true
            } else if !ColumnRole.of(heading: above).map(\.isUnits).orFalse {
                // A quota heading's parts (各镇任务 / 某镇): kept as other columns.
                if index < headings.count {
                    if roles[index] == nil { headings[index] = above.isEmpty ? text : above + "/" + text; refined = true }
                } else {
                    roles.append(contentsOf: Array(repeating: nil, count: index - roles.count + 1))
                    headings.append(contentsOf: Array(repeating: "", count: index - headings.count))
                    headings.append(text)
                    refined = true
                }
            }
        }
        if refined { headerRow = next }
    }

    /// `"table row 4"` (1-based, the header counted), or `"table 2 row 4"` when there are several tables;
    /// with `" (task 3)"` when the task number is known.
    func location(row: Int, task: Int? = nil) -> String {
        let table = tableCount > 1 ? "table \(tableIndex + 1) row \(row + 1)" : "table row \(row + 1)"
        return task.map { "\(table) (task \($0))" } ?? table
    }

    /// The columns that differ between a task's sub-rows: its text, not its number, title or units.
    private var varyingColumns: [Int] {
        roles.indices.filter { [.content, .standard, .deadline].contains(roles[$0]) }
    }

    /// The tasks after the header, as drafts. Empty rows and repeated header rows are skipped; a row naming
    /// only a heading (一、教育) starts a group.
    func drafts() throws(NoticeError) -> [TaskDraft] {
        var drafts: [TaskDraft] = []
        var group: (name: String, marker: String?)?
        let numberColumn = roles.firstIndex(of: .number)
        let lastRoleColumn = roles.lastIndex(where: { $0 != nil }) ?? 0
        var previousNumberText: String?
        // Right after a group heading no row continues the task above (it belongs to another group).
        var afterHeading = false
        for rowIndex in rows.indices where rowIndex > headerRow {
            var cells = rows[rowIndex].map { ChineseText.trimmed($0) }
            if cells.allSatisfy(\.isEmpty) { continue }
            if Self.isHeader(cells.map { ColumnRole.of(heading: $0) }) { continue }
            if let heading = groupHeading(cells, fullWidth: cells.count > lastRoleColumn || drafts.isEmpty) {
                group = heading
                previousNumberText = nil
                afterHeading = true
                continue
            }
            if cells.count <= lastRoleColumn {
                let leadsWithNumber = numberColumn.flatMap { $0 < cells.count ? TaskNumber.value(cells[$0]) : nil } != nil
                if numberColumn != nil && !drafts.isEmpty && !leadsWithNumber {
                    cells = alignShortSubRow(cells)
                } else {
                    throw NoticeError(
                        code: "notice.row_too_few_cells",
                        location: location(row: rowIndex, task: numberColumn.flatMap { $0 < cells.count ? TaskNumber.value(cells[$0]) : nil }),
                        en: "The row has \(cells.count) cells but the header names \(lastRoleColumn + 1) columns (\(headings.filter { !$0.isEmpty }.joined(separator: ", "))); expected one cell per column, or a sub-row with an empty 序号.",
                        zh: "该行只有\(cells.count)个单元格，表头有\(lastRoleColumn + 1)列（\(headings.filter { !$0.isEmpty }.joined(separator: "、"))）；每列应有一个单元格，或为序号留空的子行。")
                }
            }
            var numberText = numberColumn.flatMap { $0 < cells.count ? cells[$0] : nil }
            // 5.1, 5.2 written in the 序号 column: sub-rows of task 5 (the first one opens it).
            if let written = numberText, let sub = TaskNumber.subItem(written) {
                numberText = drafts.last?.value == sub.task ? previousNumberText : String(sub.task)
            }
            let value = numberText.flatMap(TaskNumber.value)
            let continues = numberColumn != nil && !drafts.isEmpty && !afterHeading
                && ((numberText ?? "").isEmpty || numberText == previousNumberText)
            afterHeading = false
            if numberColumn != nil, (numberText ?? "").isEmpty, !continues {
                throw NoticeError(
                    code: "notice.bad_task_number", location: location(row: rowIndex),
                    en: "The row has an empty 序号 but no task above it in its group to continue; expected a task number (1, 2, 3 …).",
                    zh: "该行序号为空，但本组中其上没有可接续的任务；应填写任务序号（1、2、3……）。")
            }
            if continues {
                var sub = draft(cells: cells, written: drafts[drafts.count - 1].written, value: drafts[drafts.count - 1].value,
                                location: location(row: rowIndex))
                sub.group = drafts[drafts.count - 1].group
                drafts[drafts.count - 1].subRows.append(sub)
                continue
            }
            if let numberText, value == nil {
                throw NoticeError(
                    code: "notice.bad_task_number", location: location(row: rowIndex),
                    en: "The 序号 \"\(numberText)\" is not a task number; expected 1, 2, 3 … (or 一, （一）), or an empty 序号 for a sub-row of the task above.",
                    zh: "序号“\(numberText)”不是任务编号；应为 1、2、3……（或一、（一）），子行的序号应留空。")
            }
            var next = draft(cells: cells, written: numberText ?? "", value: numberColumn == nil ? drafts.count + 1 : value,
                             location: location(row: rowIndex, task: value))
            if next.group == nil, let group {
                next.group = group.name
                next.groupMarker = group.marker
            }
            drafts.append(next)
            previousNumberText = numberText
        }
        guard !drafts.isEmpty else {
            throw NoticeError(code: "notice.no_tasks", location: location(row: headerRow),
                              en: "The task table has a header but no task rows.",
                              zh: "任务表只有表头，没有任务行。")
        }
        return drafts
    }

    /// A row that only names a heading (一、教育类, or 教育 in a row as wide as the header): no units, no
    /// content; the heading and its numeral. A short row without a numeral is a sub-row's text instead.
    private func groupHeading(_ cells: [String], fullWidth: Bool) -> (name: String, marker: String?)? {
        let texts = cells.filter { !$0.isEmpty }
        guard Set(texts).count == 1, let text = texts.first, text.count <= 30, TaskNumber.value(text) == nil else { return nil }
        let marked = ItemMarker.parse(text).map { $0.level == 1 || $0.level == 2 } ?? false
        // Unmarked, it must stand where a heading is written: the first columns, or across the row.
        let firstFilled = cells.firstIndex(where: { !$0.isEmpty }) ?? 0
        let headingColumn = max(roles.firstIndex(of: .title) ?? 0, roles.firstIndex(of: .number) ?? 0)
        guard marked || (fullWidth && (firstFilled <= headingColumn || texts.count == cells.count)) else { return nil }
        return ItemMarker.heading(text)
    }

    /// A sub-row written with fewer cells than the header (its merged cells left out): its cells fill the
    /// columns that vary between sub-rows when the counts agree, else the columns after the title.
    private func alignShortSubRow(_ cells: [String]) -> [String] {
        var aligned = Array(repeating: "", count: roles.count)
        let varying = varyingColumns
        if cells.count == varying.count {
            for (cell, column) in zip(cells, varying) { aligned[column] = cell }
            return aligned
        }
        let start = (roles.firstIndex(of: .title) ?? roles.firstIndex(of: .number) ?? -1) + 1
        for (offset, cell) in cells.enumerated() where start + offset < aligned.count { aligned[start + offset] = cell }
        return aligned
    }

    /// One row's cells read by their columns' roles.
    private func draft(cells: [String], written: String, value: Int?, location: String) -> TaskDraft {
        var draft = TaskDraft(written: written, value: value, location: location)
        for (index, cell) in cells.enumerated() {
            guard index < roles.count, let role = roles[index] else {
                if !cell.isEmpty {
                    let heading = index < headings.count && !headings[index].isEmpty ? headings[index] : "列\(index + 1)"
                    draft.other[heading] = cell
                }
                continue
            }
            switch role {
            case .number: break
            case .group: if let heading = ItemMarker.heading(cell) { draft.group = heading.name }
            case .title: draft.title = Self.joined(draft.title, cell)
            case .content: draft.content = Self.joined(draft.content, cell)
            case .standard: draft.standard = Self.joined(draft.standard, cell)
            case .deadline: if !cell.isEmpty { draft.deadline = Self.joined(draft.deadline ?? "", cell) }
            case .units(let unitRole, let level): draft.units.append((unitRole, level, cell))
            case .leader, .person: if !cell.isEmpty { draft.people[headings[index]] = cell }
            }
        }
        return draft
    }

    static func joined(_ first: String, _ second: String) -> String {
        first.isEmpty ? second : second.isEmpty ? first : first + "\n" + second
    }
}

extension Optional where Wrapped == Bool {
    /// `false` for `nil`.
    var orFalse: Bool { self ?? false }
}
