/// What a column of a task table holds, read from its heading by meaning, never by position:
/// the heading is compared after removing spaces, punctuation at the ends and a note in brackets
/// (`完成时限（年底前）`), first against the usual names of each role, then by the words it contains.
enum ColumnRole: Hashable, Sendable {
    /// 序号, 编号.
    case number
    /// 类别, 领域: the group a task belongs to.
    case group
    /// 标题, 项目名称, 民生实事.
    case title
    /// 实事内容, 建设内容, 建设内容及目标.
    case content
    /// 完成标准, 目标任务.
    case standard
    /// 完成时限, 完成时间.
    case deadline
    /// A unit column: who leads, who is responsible, who co-operates, at which level.
    case units(UnitRole, UnitLevel)
    /// 责任领导, 分管领导: people, not units.
    case leader
    /// 责任人, 联系人: people, not units.
    case person

    /// The part a unit column plays.
    enum UnitRole: Hashable, Sendable {
        /// 牵头单位: reports to the supervision office.
        case lead
        /// 责任单位: reports to the lead (or, with no lead column, straight to the office).
        case responsible
        /// 配合单位, 协办单位: works with the lead, as a responsible unit.
        case cooperating
    }

    /// Whose unit a column names.
    enum UnitLevel: Hashable, Sendable {
        /// Written with 市/省 (市牵头单位): the level above, kept for reference.
        case upper
        /// Written with 区/县/城区 (城区牵头单位): the units of the plan's own area.
        case own
        /// No level written: the plan's own units unless the table also has `own` columns.
        case unmarked
    }

    /// The role of a heading cell, or `nil` when it names none (a quota column, 备注).
    static func of(heading: String) -> ColumnRole? {
        let key = key(heading)
        guard !key.isEmpty, key.count <= 20 else { return nil }
        if let role = exact[key] { return role }
        for (prefix, level) in levelPrefixes where key.hasPrefix(prefix) && key.count > prefix.count {
            if case .units(let role, _)? = unitRole(String(key.dropFirst(prefix.count))) { return .units(role, level) }
        }
        if let role = unitRole(key) { return role }
        return byWords(key)
    }

    /// The heading without spaces, a bracketed note, and punctuation at either end.
    static func key(_ heading: String) -> String {
        var key = ChineseText.compactKey(heading)
        key = key.replacing(/\([^()]*\)$/, with: "")
        key = key.replacing(/[、,.:;*※\/]+$/, with: "").replacing(/^[、,.:;*※\/]+/, with: "")
        return key
    }

    /// Headings each role is known by (compact keys).
    static let exact: [String: ColumnRole] = {
        var table: [String: ColumnRole] = [:]
        func add(_ role: ColumnRole, _ headings: [String]) {
            for heading in headings { table[ChineseText.compactKey(heading)] = role }
        }
        add(.number, ["序号", "编号", "序", "项目编号", "项目序号", "No", "No."])
        add(.group, ["分组", "类别", "分类", "领域", "类型", "项目类别", "所属领域", "板块"])
        add(.title, ["标题", "项目名称", "实事项目", "项目", "民生实事", "民生实事项目", "为民办实事项目", "实事名称",
                     "名称", "事项", "任务", "工作任务", "重点任务", "任务名称", "实事", "办实事项目", "民生项目"])
        add(.content, ["实事内容", "内容", "项目内容", "建设内容", "建设内容及目标", "建设内容及规模", "主要内容",
                       "工作内容", "具体内容", "任务内容", "实施内容", "项目概况", "具体任务", "工作措施", "主要任务"])
        add(.standard, ["完成标准", "完成目标", "目标", "工作目标", "目标任务", "考核标准", "预期目标", "年度目标",
                        "目标要求", "验收标准", "完成指标", "年度任务", "年度目标任务"])
        add(.deadline, ["完成时限", "完成时间", "完成期限", "时限", "办结时限", "时间要求", "完成时限要求", "时间安排",
                        "时间节点", "进度安排"])
        add(.leader, ["责任领导", "分管领导", "牵头领导", "联系领导", "责任区领导", "区领导", "县领导", "挂帅领导",
                      "包抓领导", "责任县领导", "责任区级领导", "领导"])
        add(.person, ["责任人", "联系人", "具体责任人", "经办人", "联络员"])
        return table
    }()

    /// 城区, 区, 县 … before a unit heading: the plan's own level; 市, 省: the level above.
    static let levelPrefixes: [(String, UnitLevel)] = [
        ("城区(县)", .own), ("城区(县区)", .own), ("县(市、区)", .own), ("县(区)", .own), ("县(市)", .own),
        ("县(市区)", .own), ("县市区", .own), ("区县", .own), ("县区", .own), ("城区", .own), ("区级", .own),
        ("县级", .own), ("区", .own), ("县", .own), ("乡镇", .own),
        ("省级", .upper), ("市级", .upper), ("省", .upper), ("市", .upper),
    ]

    /// A unit heading without a level: 牵头单位, 责任单位, 配合单位 and their variants.
    static func unitRole(_ key: String) -> ColumnRole? {
        if ["牵头单位", "牵头部门", "主办单位", "牵头责任单位", "主责单位", "主责部门", "牵头", "责任牵头单位"].contains(key) {
            return .units(.lead, .unmarked)
        }
        if ["责任单位", "责任部门", "实施单位", "承办单位", "主体单位", "责任主体", "实施主体", "承担单位", "具体责任单位",
            "项目单位", "建设单位", "执行单位"].contains(key) {
            return .units(.responsible, .unmarked)
        }
        if ["配合单位", "协办单位", "协助单位", "配合部门", "参与单位", "协同单位", "协作单位", "配合责任单位", "协调单位",
            "参加单位"].contains(key) {
            return .units(.cooperating, .unmarked)
        }
        return nil
    }

    /// A heading not in the lists, read by the words in it (`各镇牵头单位`, `工作目标及完成时限`).
    static func byWords(_ key: String) -> ColumnRole? {
        let unitWords = key.contains("单位") || key.contains("部门")
        if unitWords && (key.contains("牵头") || key.contains("主办") || key.contains("主责")) {
            return .units(.lead, key.hasPrefix("市") || key.hasPrefix("省") ? .upper : .unmarked)
        }
        if unitWords && (key.contains("配合") || key.contains("协办") || key.contains("协助") || key.contains("参与")) {
            return .units(.cooperating, key.hasPrefix("市") || key.hasPrefix("省") ? .upper : .unmarked)
        }
        if unitWords && (key.contains("责任") || key.contains("实施") || key.contains("承办")) {
            return .units(.responsible, key.hasPrefix("市") || key.hasPrefix("省") ? .upper : .unmarked)
        }
        if key.contains("领导") { return .leader }
        if key.hasSuffix("责任人") || key.hasSuffix("联系人") { return .person }
        if key.contains("时限") || key.contains("完成时间") || key.contains("完成期限") { return .deadline }
        if key.contains("内容") { return .content }
        if key.contains("标准") || key.contains("目标") { return .standard }
        if key.hasSuffix("名称") || key.hasSuffix("项目") || key.hasSuffix("实事") { return .title }
        return nil
    }

    /// The heading shown in messages.
    var heading: String {
        switch self {
        case .number: "序号"
        case .group: "类别"
        case .title: "标题"
        case .content: "实事内容"
        case .standard: "完成标准"
        case .deadline: "完成时限"
        case .units(.lead, _): "牵头单位"
        case .units(.responsible, _): "责任单位"
        case .units(.cooperating, _): "配合单位"
        case .leader: "责任领导"
        case .person: "责任人"
        }
    }

    /// True for unit columns.
    var isUnits: Bool {
        if case .units = self { true } else { false }
    }
}
