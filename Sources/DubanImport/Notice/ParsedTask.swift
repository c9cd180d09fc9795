/// One task of the notice: a row of its task table (with its sub-rows), or an item of its text.
public struct ParsedTask: Codable, Sendable, Equatable {
    /// The task's number in the plan: positive and unique. The notice's 序号 when it numbers its tasks
    /// 1, 2, 3 … once across the plan; else the task's position (and ``label`` keeps what was written).
    public var number: Int
    /// The numbering as the notice writes it when it is not ``number`` itself: `（三）`, `二（一）`.
    public var label: String?
    /// The chapter heading the task stands under (一、教育 → `教育`), when the notice groups its tasks.
    public var group: String?
    /// 标题 / 项目名称.
    public var title: String
    /// 实事内容 / 建设内容.
    public var content: String
    /// 完成标准 / 目标.
    public var completionStandard: String
    /// 完成时限 as written (`2023年6月底前`), when the notice gives one.
    public var deadline: String?
    /// The people a 责任领导 / 责任人 column names (people, never units), as written.
    public var people: [String: String]?
    /// 牵头单位: the city-level lead unit(s); kept for reference, never assigned.
    public var cityLead: UnitCell
    /// 责任单位: the city-level responsible units; kept for reference, never assigned.
    public var cityResponsible: UnitCell
    /// 城区牵头单位: the district lead unit(s). Names nobody when ``notApplicable``.
    public var districtLead: UnitCell
    /// 城区责任单位: the district responsible units. Names nobody when ``notApplicable``.
    public var districtResponsible: UnitCell
    /// The district lead cell says 不涉及… (does not involve this district): no district assignments.
    public var notApplicable: Bool
    /// That cell's text, e.g. `不涉及鱼峰区`, when ``notApplicable``.
    public var notApplicableText: String?
    /// The sub-rows of a row whose 序号 spans several (5.1, 5.2), each with its own text and units.
    public var subItems: [ParsedSubItem]?
    /// Columns the import did not read as a role (per-township quotas and the like): heading → cell.
    public var otherColumns: [String: String]?
    /// Indicators given explicitly (a spreadsheet's indicators sheet); when set they replace the proposals.
    public var indicators: [ProposedIndicator]?

    /// Makes a task from its fields.
    public init(number: Int, label: String? = nil, group: String? = nil, title: String, content: String,
                completionStandard: String, deadline: String? = nil, people: [String: String]? = nil,
                cityLead: UnitCell, cityResponsible: UnitCell, districtLead: UnitCell,
                districtResponsible: UnitCell, notApplicable: Bool = false, notApplicableText: String? = nil,
                subItems: [ParsedSubItem]? = nil, otherColumns: [String: String]? = nil,
                indicators: [ProposedIndicator]? = nil) {
        self.number = number
        self.label = label
        self.group = group
        self.title = title
        self.content = content
        self.completionStandard = completionStandard
        self.deadline = deadline
        self.people = people
        self.cityLead = cityLead
        self.cityResponsible = cityResponsible
        self.districtLead = districtLead
        self.districtResponsible = districtResponsible
        self.notApplicable = notApplicable
        self.notApplicableText = notApplicableText
        self.subItems = subItems
        self.otherColumns = otherColumns
        self.indicators = indicators
    }
}

/// A sub-row of a task (a row under the same 序号): its own number `5.1`, text and unit cells.
public struct ParsedSubItem: Codable, Sendable, Equatable {
    /// `5.1`, `5.2`, … (the task's number and the sub-row's position).
    public var label: String
    /// The sub-row's title, when it has its own.
    public var title: String?
    /// Its content.
    public var content: String
    /// Its completion standard.
    public var completionStandard: String
    /// Its deadline as written.
    public var deadline: String?
    /// Its lead and responsible cells (the task's when the cell is merged).
    public var lead: UnitCell
    public var responsible: UnitCell

    /// Makes a sub-item.
    public init(label: String, title: String? = nil, content: String, completionStandard: String,
                deadline: String? = nil, lead: UnitCell, responsible: UnitCell) {
        self.label = label
        self.title = title
        self.content = content
        self.completionStandard = completionStandard
        self.deadline = deadline
        self.lead = lead
        self.responsible = responsible
    }
}
