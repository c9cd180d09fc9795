import DubanCore
import DubanImport
import DubanSpreadsheet
import Foundation

extension PlanWorkbook {
    /// The tasks sheet's headings, in order.
    public static let taskHeadings = ["序号", "分组", "标题", "实事内容", "完成标准", "完成时限", "牵头单位", "责任单位"]

    /// The example task: the first cell 示例 marks it, so reading skips it.
    static let exampleTask = [
        "示例 example", "一、民生保障", "建设社区健身设施",
        "在各街道新建健身路径和篮球场，方便居民就近健身。",
        "完成30套健身路径、10个篮球场建设", "2023年11月底前",
        "区体育局", "区住房城乡建设局、各街道办事处",
    ]

    /// The empty workbook an office fills in: the guide, the plan sheet (time zone filled in), and the
    /// tasks, nodes and indicators sheets each with an example row.
    public static func template(modified: Date = Date()) -> Data {
        let plan: [[XLSXCell]] = PlanSheetFacts.Key.allCases.filter { $0 != .nodes }.map { key in
            let (value, note): (String, String) = switch key {
            case .title: ("", "计划的标题，例如：2023年为民办实事项目任务分工 / the plan's title")
            case .year: ("", "例如 2023 / the plan year")
            case .issuer: ("", "例如：区委区政府督查绩效办 / the issuing office")
            case .documentNumber: ("", "例如：鱼督绩〔2023〕3号 / the document number")
            case .issuedOn: ("", "YYYY-MM-DD，例如 2023-03-29 / the date issued")
            case .timeZone: ("Asia/Shanghai", "一般不改 / IANA time zone, normally unchanged")
            case .leadDays: ("", "责任单位比牵头单位提前几天报送，例如 3 / days the responsible units report before each node")
            case .nodes: ("", "")
            }
            return [.text(key.label), .text(value), .text(note)]
        }
        let sheets = [
            XLSXSheet(name: SheetRole.guide.name, headers: ["说明 guide"], rows: guide.map { [.text($0)] }, columnWidths: [120]),
            XLSXSheet(name: SheetRole.plan.name, headers: ["项目 key", "内容 value", "说明 note"], rows: plan,
                      columnWidths: [30, 40, 80]),
            XLSXSheet(name: SheetRole.tasks.name, headers: taskHeadings, rows: [exampleTask.map(XLSXCell.text)],
                      columnWidths: [12, 16, 24, 40, 36, 16, 20, 36]),
            XLSXSheet(name: SheetRole.nodes.name, headers: ["序号", "日期 YYYY-MM-DD", "说明"],
                      rows: [[.text("示例 example"), .date(LocalDate(year: 2023, month: 3, day: 30)!), .text("第一季度报送 / first quarter")]],
                      columnWidths: [14, 18, 30]),
            XLSXSheet(name: SheetRole.indicators.name, headers: ["任务序号", "指标名称", "计量单位", "目标值"],
                      rows: [[.text("示例 example"), .text("健身路径"), .text("套"), .number(30, decimals: nil)]],
                      columnWidths: [14, 24, 12, 12]),
        ]
        // Writing in-memory parts fails only if the zip library does, which would be a bug.
        guard let data = try? XLSXWorkbookWriter.workbook(sheets, timeZone: TimeZone(identifier: "Asia/Shanghai")!, modified: modified) else {
            preconditionFailure("the plan template could not be written")
        }
        return data
    }

    /// The tasks sheet alone as CSV (UTF-8 with a BOM, CRLF): `#` lines for the plan's facts (the plan
    /// sheet's keys and `# 节点 nodes`), then the header and the example row.
    public static func csvTemplate() -> String {
        let facts: [[String]] = PlanSheetFacts.Key.allCases.map { key in
            switch key {
            case .timeZone: ["# " + key.label, "Asia/Shanghai"]
            default: ["# " + key.label, ""]
            }
        }
        var text = CSVWriter.byteOrderMark
        for row in facts + [taskHeadings, exampleTask] {
            text += row.map(CSVWriter.field).joined(separator: ",") + "\r\n"
        }
        return text
    }

    /// The guide sheet's lines.
    static let guide = [
        "本工作簿用于导入无法自动识别的通知：填好后运行 duban-server import-plan 本文件.xlsx（可先加 --dry-run 预览）。",
        "This workbook imports a plan from a notice the parser cannot read: fill it in, then run duban-server import-plan FILE.xlsx (add --dry-run to preview).",
        "",
        "【计划 plan】在“内容 value”列填写：标题、年度、发文单位、文号、成文日期、时区（一般为 Asia/Shanghai）、责任单位提前天数。",
        "[plan] Fill the value column: title, year, issuer, document number, issued on (YYYY-MM-DD), time zone (Asia/Shanghai), lead days.",
        "",
        "【任务 tasks】每项任务一行：序号（1、2、3…）、分组（可空）、标题、实事内容、完成标准、完成时限、牵头单位、责任单位。",
        "[tasks] One row per task: number, group (may be empty), title, content, completion standard, deadline, lead unit, responsible units.",
        "多个责任单位用“、”分隔，或在单元格内每行一个；“各街道办事处”“各镇人民政府”表示该类全部单位。",
        "Separate several units with 、 or put one per line in the cell; 各街道办事处 / 各镇人民政府 mean every unit of that kind.",
        "",
        "【节点 nodes】每个报送节点一行：序号、日期（YYYY-MM-DD）、说明。",
        "[nodes] One row per reporting node: number, date (YYYY-MM-DD), note.",
        "",
        "【指标 indicators】可选：每个指标一行：任务序号、指标名称、计量单位、目标值；填写后替代从完成标准中识别的指标。",
        "[indicators] Optional: one row per indicator: task number, name, measure word, target; they replace the ones proposed from the completion standard.",
        "",
        "序号为“示例 example”的行是示例，导入时跳过，可删除或保留；空行也跳过。公式不会被计算，只读取保存时的结果。",
        "Rows whose first cell is “示例 example” are examples and are skipped, as are empty rows. Formulas are not evaluated: only their saved values are read.",
        "",
        "也可只填任务表并另存为 CSV（UTF-8）：表头前以 # 开头的行填写计划信息，例如“# 年度 year,2023”“# 节点 nodes,2023-03-30、2023-06-30”。",
        "The tasks sheet alone may be saved as CSV (UTF-8): lines before the header starting with # give the plan's facts, e.g. “# 年度 year,2023”, “# 节点 nodes,2023-03-30、2023-06-30”.",
    ]
}
