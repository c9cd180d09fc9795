import DubanCore
import DubanImport
import DubanSpreadsheet
import Foundation

extension PlanWorkbook {
    /// What a sheet of the workbook is for.
    public enum SheetRole: CaseIterable, Sendable {
        case guide, plan, tasks, nodes, indicators

        /// The sheet's name in the template (Excel allows no `/` in a name).
        public var name: String {
            switch self {
            case .guide: "说明 guide"
            case .plan: "计划 plan"
            case .tasks: "任务 tasks"
            case .nodes: "节点 nodes"
            case .indicators: "指标 indicators"
            }
        }

        /// Words a sheet's name may contain, checked in ``allCases`` order (so 计划任务 is the tasks sheet).
        var words: [String] {
            switch self {
            case .tasks: ["任务", "实事", "task"]
            case .indicators: ["指标", "indicator"]
            case .nodes: ["节点", "node"]
            case .guide: ["说明", "guide", "readme"]
            case .plan: ["计划", "plan"]
            }
        }

        static let matchOrder: [SheetRole] = [.tasks, .indicators, .nodes, .guide, .plan]

        /// The role a sheet's name gives it, if any.
        static func role(ofSheetNamed name: String) -> SheetRole? {
            let key = PlanWorkbook.key(name)
            return matchOrder.first { role in role.words.contains { key.contains($0) } }
        }

        /// Each role's sheet: the first sheet whose name says it; the tasks sheet, when no name says it,
        /// is the only sheet or else the first sheet no name gives a role.
        static func assign(_ sheets: [XLSXWorkbookReader.Sheet]) throws(NoticeError) -> [(SheetRole, XLSXWorkbookReader.Sheet)] {
            var assigned: [SheetRole: XLSXWorkbookReader.Sheet] = [:]
            var unnamed: [XLSXWorkbookReader.Sheet] = []
            for sheet in sheets {
                if let role = role(ofSheetNamed: sheet.name) {
                    if assigned[role] == nil { assigned[role] = sheet }
                } else {
                    unnamed.append(sheet)
                }
            }
            if assigned[.tasks] == nil {
                assigned[.tasks] = sheets.count == 1 ? sheets.first : unnamed.first
            }
            return allCases.compactMap { role in assigned[role].map { (role, $0) } }
        }
    }

    /// A compact form of a heading or key for matching: lowercased, without spaces and punctuation.
    static func key(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { scalar in
            !CharacterSet.whitespacesAndNewlines.contains(scalar) && !CharacterSet.punctuationCharacters.contains(scalar)
                && !CharacterSet.symbols.contains(scalar) && scalar != "\u{3000}"
        }.map(Character.init))
    }

    /// Whether a first cell marks the template's example row: 示例, example, 例.
    static func isExample(_ value: XLSXValue?) -> Bool {
        guard case .text(let text) = value else { return false }
        let key = key(text)
        return key.hasPrefix("示例") || key == "example" || key == "例" || key == "eg"
    }

    /// Whether a cell holds nothing but spaces, or nothing.
    static func isBlank(_ value: XLSXValue?) -> Bool {
        guard case .text(let text) = value else { return value == nil }
        return text.allSatisfy(\.isWhitespace)
    }

    /// A cell as text; in a date column a number is the day of its serial (`2023-06-30`) when it is a day of this
    /// century (serial 36 526 is 2000-01-01), else the number as written (a year typed as 2023 stays 2023).
    static func text(_ value: XLSXValue?, dateColumn: Bool = false) -> String {
        switch value {
        case .text(let text): text
        case .number(let number):
            if dateColumn, number >= 36_526, let date = XLSXValues.date(fromSerial: number) { date.description } else { XLSXValues.number(number) }
        case .bool(let flag): flag ? "TRUE" : "FALSE"
        case nil: ""
        }
    }

    /// A day from a date cell (a serial) or text: `2023-06-30`, `2023/6/30`, `2023.6.30`, `2023年6月30日`.
    static func date(_ value: XLSXValue?) -> LocalDate? {
        switch value {
        case .number(let number): return XLSXValues.date(fromSerial: number)
        case .text(let text):
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if let date = LocalDate(iso: trimmed) { return date }
            let parts = trimmed.split { "-/.年月日".contains($0) }.map(String.init)
            guard parts.count == 3, trimmed.count <= 12, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
                  parts[0].count == 4
            else { return nil }
            return LocalDate(year: year, month: month, day: day)
        default: return nil
        }
    }

    /// A whole number from a number cell or text (`2023`, `2023年`, `3日`).
    static func integer(_ value: XLSXValue?) -> Int? {
        switch value {
        case .number(let number): return number == number.rounded() && abs(number) < 1e9 ? Int(number) : nil
        case .text(let text):
            var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            while let last = trimmed.last, "年日天号".contains(last) { trimmed.removeLast() }
            return Int(trimmed)
        default: return nil
        }
    }
}

/// The rows of one sheet, with the sheet's name for errors.
struct Grid {
    var sheet: String
    var rows: [XLSXRow]

    func location(_ column: Int, _ row: XLSXRow) -> String {
        "sheet “\(sheet)” cell \(XLSXValues.columnName(column))\(row.number)"
    }

    /// The header (the first row) and the rows after it that are neither the example nor empty.
    var headerAndEntries: (header: [String], entries: [XLSXRow]) {
        guard let first = rows.first else { return ([], []) }
        let header = first.cells.map { PlanWorkbook.text($0) }
        let entries = rows.dropFirst().filter { row in
            !row.cells.allSatisfy(PlanWorkbook.isBlank) && !PlanWorkbook.isExample(row.cells.first ?? nil)
        }
        return (header, Array(entries))
    }

    /// The index of the first heading whose key contains one of `words`.
    static func column(in header: [String], _ words: [String]) -> Int? {
        header.firstIndex { heading in
            let key = PlanWorkbook.key(heading)
            return !key.isEmpty && words.contains { key.contains($0) }
        }
    }

    // MARK: Tasks

    /// The tasks sheet as a notice table: the header, then each task row, all as wide as the widest.
    func taskTable() throws(NoticeError) -> [[String]] {
        let (header, entries) = headerAndEntries
        guard !header.allSatisfy(\.isEmpty) else {
            throw NoticeError(
                code: "xlsx.no_tasks", location: "sheet “\(sheet)”",
                en: "The sheet “\(sheet)” is empty: expected a header row (序号, 标题, 实事内容, 完成标准, 完成时限, 牵头单位, 责任单位) and one row per task.",
                zh: "工作表“\(sheet)”为空：应有表头行（序号、标题、实事内容、完成标准、完成时限、牵头单位、责任单位），并且每项任务一行。")
        }
        guard !entries.isEmpty else {
            throw NoticeError(
                code: "xlsx.no_tasks", location: "sheet “\(sheet)”",
                en: "The sheet “\(sheet)” has no task rows: only the header\(rows.count > 1 ? " and the example row (序号 示例, which is skipped)" : ""). Add one row per task below the header.",
                zh: "工作表“\(sheet)”没有任务行：只有表头\(rows.count > 1 ? "和示例行（序号为“示例”，导入时跳过）" : "")。请在表头下每项任务填写一行。")
        }
        let dateColumns = Set(header.indices.filter { index in
            let key = PlanWorkbook.key(header[index])
            return key.contains("时限") || key.contains("deadline") || key.contains("日期")
        })
        let width = max(header.count, entries.map(\.cells.count).max() ?? 0)
        func padded(_ cells: [String]) -> [String] { cells + Array(repeating: "", count: width - cells.count) }
        return [padded(header)] + entries.map { row in
            padded(row.cells.enumerated().map { column, value in PlanWorkbook.text(value, dateColumn: dateColumns.contains(column)) })
        }
    }

    // MARK: Nodes

    /// The nodes sheet's dates (column 日期, else B), in the sheet's order.
    func nodes() throws(NoticeError) -> [LocalDate]? {
        let (header, entries) = headerAndEntries
        let column = Self.column(in: header, ["日期", "date"]) ?? 1
        var dates: [LocalDate] = []
        for row in entries {
            let value = column < row.cells.count ? row.cells[column] : nil
            guard let date = PlanWorkbook.date(value) else {
                throw NoticeError(
                    code: "xlsx.bad_date", location: location(column, row),
                    en: "Expected a node date (a date cell or YYYY-MM-DD), found “\(PlanWorkbook.text(value).prefix(40))”.",
                    zh: "应为节点日期（日期单元格或 YYYY-MM-DD 格式），实际为“\(PlanWorkbook.text(value).prefix(40))”。")
            }
            dates.append(date)
        }
        return dates.isEmpty ? nil : dates
    }

    // MARK: Indicators

    /// The indicators sheet's rows by task number: 任务序号, 指标名称, 计量单位, 目标值 (else columns A–D).
    func indicators() throws(NoticeError) -> [Int: [ProposedIndicator]] {
        let (header, entries) = headerAndEntries
        let taskColumn = Self.column(in: header, ["任务序号", "序号", "task"]) ?? 0
        let nameColumn = Self.column(in: header, ["指标名称", "名称", "name", "indicator"]) ?? 1
        let measureColumn = Self.column(in: header, ["计量单位", "单位", "measure", "unit"]) ?? 2
        let targetColumn = Self.column(in: header, ["目标值", "目标", "target"]) ?? 3
        var result: [Int: [ProposedIndicator]] = [:]
        for row in entries {
            func cell(_ column: Int) -> XLSXValue? { column < row.cells.count ? row.cells[column] : nil }
            guard let task = PlanWorkbook.integer(cell(taskColumn)), task > 0 else {
                throw NoticeError(
                    code: "xlsx.bad_task_number", location: location(taskColumn, row),
                    en: "Expected the number of a task of the tasks sheet (序号), found “\(PlanWorkbook.text(cell(taskColumn)).prefix(40))”.",
                    zh: "应为任务表中任务的序号，实际为“\(PlanWorkbook.text(cell(taskColumn)).prefix(40))”。")
            }
            let name = PlanWorkbook.text(cell(nameColumn)).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else {
                throw NoticeError(
                    code: "xlsx.no_indicator_name", location: location(nameColumn, row),
                    en: "The indicator has no name (指标名称), e.g. 健身路径.", zh: "指标名称为空，应填写例如“健身路径”。")
            }
            let measure = PlanWorkbook.text(cell(measureColumn)).trimmingCharacters(in: .whitespacesAndNewlines)
            let target: Double? = switch cell(targetColumn) {
            case .number(let number): number
            case .text(let text): Double(text.trimmingCharacters(in: .whitespaces))
            default: nil
            }
            guard let target, target.isFinite, target >= 0 else {
                throw NoticeError(
                    code: "xlsx.bad_target", location: location(targetColumn, row),
                    en: "Expected the indicator's target, a number such as 30, found “\(PlanWorkbook.text(cell(targetColumn)).prefix(40))”.",
                    zh: "应为指标的目标值（数字，例如 30），实际为“\(PlanWorkbook.text(cell(targetColumn)).prefix(40))”。")
            }
            result[task, default: []].append(ProposedIndicator(
                name: name, measure: measure, target: target,
                phrase: "\(name) \(XLSXValues.number(target))\(measure)", source: .spreadsheet))
        }
        return result
    }
}
