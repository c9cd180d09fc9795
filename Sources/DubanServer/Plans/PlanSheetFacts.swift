import DubanCore
import DubanImport
import DubanSpreadsheet
import Foundation

/// The plan's facts a spreadsheet states: the plan sheet's key/value rows, or a CSV file's `#` lines.
struct PlanSheetFacts: Equatable {
    var title: String?
    var year: Int?
    var issuer: String?
    var documentNumber: String?
    var issuedOn: LocalDate?
    var timeZone: String?
    var leadDays: Int?
    var nodes: [LocalDate]?

    /// A key of the plan sheet.
    enum Key: CaseIterable {
        case title, year, issuer, documentNumber, issuedOn, timeZone, leadDays, nodes

        /// How the template writes it.
        var label: String {
            switch self {
            case .title: "标题 title"
            case .year: "年度 year"
            case .issuer: "发文单位 issuer"
            case .documentNumber: "文号 document number"
            case .issuedOn: "成文日期 issued on"
            case .timeZone: "时区 time zone"
            case .leadDays: "责任单位提前天数 lead days"
            case .nodes: "节点 nodes"
            }
        }

        /// The keys (``PlanWorkbook/key(_:)``) that name it: its Chinese words, its English ones, and synonyms.
        var names: [String] {
            switch self {
            case .title: ["标题", "title", "计划标题", "名称"]
            case .year: ["年度", "year", "计划年度", "年份"]
            case .issuer: ["发文单位", "issuer", "发文机关"]
            case .documentNumber: ["文号", "documentnumber", "发文字号", "docno"]
            case .issuedOn: ["成文日期", "issuedon", "发文日期"]
            case .timeZone: ["时区", "timezone"]
            case .leadDays: ["责任单位提前天数", "leaddays", "提前天数", "提前日数"]
            case .nodes: ["节点", "nodes", "时间节点"]
            }
        }

        /// The key a cell names: its whole text, its Chinese part or its English part.
        init?(_ text: String) {
            let whole = PlanWorkbook.key(text)
            guard !whole.isEmpty else { return nil }
            let chinese = String(whole.unicodeScalars.filter { !$0.isASCII }.map(Character.init))
            let english = String(whole.unicodeScalars.filter(\.isASCII).map(Character.init))
            guard let key = Key.allCases.first(where: { key in
                [whole, chinese, english].contains { !$0.isEmpty && key.names.contains($0) }
            }) else { return nil }
            self = key
        }
    }

    /// The first cells of a plan sheet's header row: 项目 key, 项目, key, item.
    static let headerKeys: Set<String> = ["项目key", "项目", "key", "item", "字段", "名称value"]

    /// Reads the plan sheet: column A the key, column B the value. The header row (项目 key) is skipped,
    /// as are the example and rows without a value.
    mutating func read(planSheet grid: Grid) throws(NoticeError) {
        for (index, row) in grid.rows.enumerated() {
            let keyText = PlanWorkbook.text(row.cells.first ?? nil)
            if PlanWorkbook.isExample(row.cells.first ?? nil) { continue }
            if index == 0 && Self.headerKeys.contains(PlanWorkbook.key(keyText)) { continue }
            let value = row.cells.count > 1 ? row.cells[1] : nil
            try set(key: keyText, value: value, sheet: grid.sheet, reference: "B\(row.number)", allowNodes: false)
        }
    }

    /// Reads the rows before a tasks sheet's header whose first cell starts with `#` (`# 年度 year`, value in
    /// the next cell), and returns the sheet without them.
    mutating func read(hashLinesOf grid: Grid) throws(NoticeError) -> Grid {
        var rest = grid.rows[...]
        while let row = rest.first, case .text(let first) = row.cells.first ?? nil,
              first.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
            let key = String(first.trimmingCharacters(in: .whitespaces).dropFirst())
            try set(key: key, value: row.cells.count > 1 ? row.cells[1] : nil, sheet: grid.sheet, reference: "B\(row.number)",
                    allowNodes: true)
            rest = rest.dropFirst()
        }
        return Grid(sheet: grid.sheet, rows: Array(rest))
    }

    /// Sets one fact; an empty value sets nothing, an unknown key or a bad value is an error.
    mutating func set(key keyText: String, value: XLSXValue?, sheet: String, reference: String, allowNodes: Bool) throws(NoticeError) {
        let text = PlanWorkbook.text(value).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return }
        let location = "sheet “\(sheet)” cell \(reference)"
        let keys = Key.allCases.filter { $0 != .nodes || allowNodes }
        guard let key = Key(keyText), keys.contains(key) else {
            throw NoticeError(
                code: "xlsx.unknown_plan_key", location: location,
                en: "“\(keyText.prefix(40))” is not a plan fact; expected one of \(keys.map(\.label).joined(separator: ", ")).",
                zh: "“\(keyText.prefix(40))”不是计划信息项，应为以下之一：\(keys.map(\.label).joined(separator: "、"))。")
        }
        func bad(_ en: String, _ zh: String) -> NoticeError {
            NoticeError(code: "xlsx.bad_value", location: location,
                        en: "\(key.label): expected \(en), found “\(text.prefix(40))”.",
                        zh: "\(key.label)：应为\(zh)，实际为“\(text.prefix(40))”。")
        }
        switch key {
        case .title: title = text
        case .issuer: issuer = text
        case .documentNumber: documentNumber = text
        case .year:
            guard let year = PlanWorkbook.integer(value), NoticeOptions.yearRange.contains(year) else { throw bad("a year such as 2023", "年份，例如 2023") }
            self.year = year
        case .issuedOn:
            guard let date = PlanWorkbook.date(value) else { throw bad("a date such as 2023-03-29", "日期，例如 2023-03-29") }
            issuedOn = date
        case .timeZone:
            guard TimeZone(identifier: text) != nil else { throw bad("an IANA time zone such as Asia/Shanghai", "IANA 时区名，例如 Asia/Shanghai") }
            timeZone = text
        case .leadDays:
            guard let days = PlanWorkbook.integer(value), NoticeOptions.leadDaysRange.contains(days) else {
                let range = NoticeOptions.leadDaysRange
                throw bad("a number of days from \(range.lowerBound) to \(range.upperBound), such as 3",
                          "\(range.lowerBound) 至 \(range.upperBound) 的天数，例如 3")
            }
            leadDays = days
        case .nodes:
            var dates: [LocalDate] = []
            for part in text.split(whereSeparator: { "、，,; ；\t\n".contains($0) }) {
                guard let date = PlanWorkbook.date(.text(String(part))) else {
                    throw bad("dates such as 2023-03-30、2023-06-30", "日期，例如 2023-03-30、2023-06-30")
                }
                dates.append(date)
            }
            nodes = dates
        }
    }
}
