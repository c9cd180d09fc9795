import DubanCore
import DubanImport
import DubanSpreadsheet
import Foundation

/// A plan typed into a spreadsheet, for a notice no parser can read: the workbook that
/// `duban-server import-plan --template plan.xlsx` writes (``template(modified:)``), filled in by the
/// office, or its tasks sheet alone as CSV (``csvTemplate()``).
///
/// The workbook's sheets, found by name (Chinese or English; the tasks sheet is also the only or the
/// first other sheet): `说明 guide` (how to fill it in), `计划 plan` (key/value rows: 标题 title, 年度 year,
/// 发文单位 issuer, 文号 document number, 成文日期 issued on, 时区 time zone, 责任单位提前天数 lead days),
/// `任务 tasks` (a header row — 序号, 分组, 标题, 实事内容, 完成标准, 完成时限, 牵头单位, 责任单位 — then one
/// row per task), `节点 nodes` (序号, 日期, 说明) and `指标 indicators` (任务序号, 指标名称, 计量单位, 目标值).
/// A row whose first cell is 示例 / example is the template's example and is skipped, as are empty rows.
///
/// Reading gives what ``NoticeParser`` reads any notice from: a ``NoticeDocument`` whose one table is
/// the tasks sheet and whose paragraph is the title, ``NoticeOptions`` from the plan and nodes sheets,
/// and the indicators by task number (``NoticeSource``).
///
/// Limits: ``maxRows`` rows a sheet, ``maxColumns`` columns, ``XLSXValues/maximumCellLength`` characters
/// a cell, and the zip limits of any upload (20 MiB a part, 10 000 entries, no DTD). Formulas are never
/// evaluated: a formula's saved value is read, and a formula without one is refused. Errors are
/// ``NoticeError``s `xlsx.<reason>` (`csv.<reason>` for CSV syntax), located by sheet and cell.
public struct PlanWorkbook: Sendable, Equatable {
    /// The most rows with a value a sheet may have, header and example included.
    public static let maxRows = 5_000
    /// The most columns a sheet may use.
    public static let maxColumns = 200

    /// The tasks sheet as a table (header and task rows), the title as a paragraph.
    public var document: NoticeDocument
    /// What the plan and nodes sheets set; unset fields stay nil, the time zone `Asia/Shanghai` unless set.
    public var options: NoticeOptions
    /// 文号, when the plan sheet gives it.
    public var documentNumber: String?
    /// 成文日期, when the plan sheet gives it.
    public var issuedOn: LocalDate?
    /// The indicators sheet's rows, by task number.
    public var indicators: [Int: [ProposedIndicator]]

    /// The workbook as a ``NoticeSource`` for the parser.
    public var source: NoticeSource {
        NoticeSource(document: document, options: options, documentNumber: documentNumber, issuedOn: issuedOn,
                     indicators: indicators)
    }

    /// Reads an `.xlsx` workbook held in memory.
    public static func read(xlsx data: Data, maxUncompressedBytes: Int = 20 << 20) throws(NoticeError) -> PlanWorkbook {
        let workbook = try XLSXWorkbookReader(data: data, maxUncompressedBytes: maxUncompressedBytes)
        let limits = XLSXWorkbookReader.Limits(rows: maxRows, columns: maxColumns)
        var sheets: [SheetRole: Grid] = [:]
        for (role, sheet) in try SheetRole.assign(workbook.sheets) {
            sheets[role] = Grid(sheet: sheet.name, rows: try workbook.rows(of: sheet, limits: limits))
        }
        guard let tasks = sheets[.tasks] else {
            throw NoticeError(
                code: "xlsx.no_tasks_sheet",
                en: "The workbook has no tasks sheet (expected a sheet named “\(SheetRole.tasks.name)”); it has \(workbook.sheets.map { "“\($0.name)”" }.joined(separator: ", ")).",
                zh: "工作簿中没有任务表（应有名为“\(SheetRole.tasks.name)”的工作表），现有工作表：\(workbook.sheets.map { "“\($0.name)”" }.joined(separator: "、"))。")
        }
        var facts = PlanSheetFacts()
        if let plan = sheets[.plan] { try facts.read(planSheet: plan) }
        if let nodes = sheets[.nodes] { facts.nodes = try nodes.nodes() }
        let indicators = try sheets[.indicators]?.indicators() ?? [:]
        return try PlanWorkbook(tasks: tasks, facts: facts, indicators: indicators)
    }

    /// Reads the tasks sheet as CSV (UTF-8, a BOM allowed). In a CSV file as in a workbook's tasks sheet,
    /// rows before the header whose first cell starts with `#` are plan facts, the key after the `#` and
    /// the value in the next cell, with the plan sheet's keys (`# 年度 year,2023`) and `# 节点 nodes`
    /// (dates separated by 、 or spaces).
    public static func read(csv text: String) throws(NoticeError) -> PlanWorkbook {
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(in: text)
        } catch {
            throw NoticeError(code: "csv.bad_syntax", location: "line \(error.line)",
                              en: "The CSV file cannot be read: \(error.reason.en).", zh: "无法读取 CSV 文件：\(error.reason.zh)。")
        }
        var rows: [XLSXRow] = []
        for record in records {
            let cells = record.fields.map { $0.isEmpty ? nil : XLSXValue.text($0) }
            guard cells.contains(where: { $0 != nil }) else { continue }
            guard rows.count < maxRows else {
                throw NoticeError(
                    code: "csv.too_many_rows", location: "line \(record.line)",
                    en: "The CSV file has more than \(maxRows) rows; a plan has far fewer.",
                    zh: "CSV 文件超过 \(maxRows) 行，计划不会有这么多行。")
            }
            guard cells.count <= maxColumns || !cells[maxColumns...].contains(where: { $0 != nil }) else {
                throw NoticeError(
                    code: "csv.too_many_columns", location: "line \(record.line)",
                    en: "The CSV file has more than \(maxColumns) columns.", zh: "CSV 文件超过 \(maxColumns) 列。")
            }
            rows.append(XLSXRow(number: record.line, cells: Array(cells.prefix(maxColumns))))
        }
        return try PlanWorkbook(tasks: Grid(sheet: "CSV", rows: rows), facts: PlanSheetFacts(), indicators: [:])
    }

    /// The tasks sheet's leading `#` lines are plan facts too, over the plan sheet's.
    private init(tasks: Grid, facts: PlanSheetFacts, indicators: [Int: [ProposedIndicator]]) throws(NoticeError) {
        var facts = facts
        let tasks = try facts.read(hashLinesOf: tasks)
        let table = try tasks.taskTable()
        document = NoticeDocument(paragraphs: facts.title.map { [$0] } ?? [], tables: [table]).normalized()
        options = NoticeOptions(timeZone: facts.timeZone ?? "Asia/Shanghai", year: facts.year, nodes: facts.nodes,
                                responsibleLeadDays: facts.leadDays, issuer: facts.issuer, title: facts.title)
        documentNumber = facts.documentNumber
        issuedOn = facts.issuedOn
        self.indicators = indicators
    }
}
