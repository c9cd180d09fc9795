/// The columns of a notice's task table, found by their headings, never by position.
enum TaskColumn: CaseIterable {
    case number, title, content, cityLead, cityResponsible, completionStandard, districtLead, districtResponsible

    /// The heading the notices use, shown in errors.
    var heading: String {
        switch self {
        case .number: "序号"
        case .title: "标题"
        case .content: "实事内容"
        case .cityLead: "牵头单位"
        case .cityResponsible: "责任单位"
        case .completionStandard: "完成标准"
        case .districtLead: "城区牵头单位"
        case .districtResponsible: "城区责任单位"
        }
    }

    /// Headings accepted for the column: the usual one and common variants (县区 for counties).
    var headings: [String] {
        switch self {
        case .number: [heading, "编号"]
        case .title: [heading, "项目名称", "实事项目", "项目"]
        case .content: [heading, "内容", "项目内容", "建设内容"]
        case .cityLead: [heading, "市牵头单位", "市级牵头单位"]
        case .cityResponsible: [heading, "市责任单位", "市级责任单位"]
        case .completionStandard: [heading, "完成目标"]
        case .districtLead: [heading, "区牵头单位", "县区牵头单位", "城区（县）牵头单位"]
        case .districtResponsible: [heading, "区责任单位", "县区责任单位", "城区（县）责任单位"]
        }
    }

    /// Column by the compact key of a heading cell.
    static let byHeading: [String: TaskColumn] = {
        var table: [String: TaskColumn] = [:]
        for column in allCases {
            for heading in column.headings { table[ChineseText.compactKey(heading)] = column }
        }
        return table
    }()

    /// The columns a header row names, each at its first cell.
    static func columns(inHeader row: [String]) -> [TaskColumn: Int] {
        var found: [TaskColumn: Int] = [:]
        for (index, cell) in row.enumerated() {
            if let column = byHeading[ChineseText.compactKey(cell)], found[column] == nil { found[column] = index }
        }
        return found
    }
}
