/// One row of the notice's task table.
public struct ParsedTask: Codable, Sendable, Equatable {
    /// 序号: positive and unique within the plan.
    public var number: Int
    /// 标题.
    public var title: String
    /// 实事内容.
    public var content: String
    /// 完成标准.
    public var completionStandard: String
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

    /// Makes a task from its fields.
    public init(number: Int, title: String, content: String, completionStandard: String,
                cityLead: UnitCell, cityResponsible: UnitCell, districtLead: UnitCell,
                districtResponsible: UnitCell, notApplicable: Bool = false, notApplicableText: String? = nil) {
        self.number = number
        self.title = title
        self.content = content
        self.completionStandard = completionStandard
        self.cityLead = cityLead
        self.cityResponsible = cityResponsible
        self.districtLead = districtLead
        self.districtResponsible = districtResponsible
        self.notApplicable = notApplicable
        self.notApplicableText = notApplicableText
    }
}
