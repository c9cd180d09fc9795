import DubanCore

/// A reporting node (时间节点) of a parsed plan, with the two due dates it implies.
public struct ParsedNode: Codable, Sendable, Equatable {
    /// 1-based position among the plan's nodes, in date order.
    public var ordinal: Int
    /// The date the notice names.
    public var nodeDate: LocalDate
    /// When lead units report to the supervision office: the node date itself.
    public var leadDueDate: LocalDate
    /// When responsible units report to their lead unit: `nodeDate` minus the plan's responsible lead days.
    public var responsibleDueDate: LocalDate
    /// Where the date came from: the notice's phrase (`时间节点（3月28日、6月30日）`, `每季度末月20日前`), or
    /// `nil` when the admin supplied it.
    public var source: String?

    /// Makes a node from explicit dates.
    public init(ordinal: Int, nodeDate: LocalDate, leadDueDate: LocalDate, responsibleDueDate: LocalDate,
                source: String? = nil) {
        self.ordinal = ordinal
        self.nodeDate = nodeDate
        self.leadDueDate = leadDueDate
        self.responsibleDueDate = responsibleDueDate
        self.source = source
    }

    /// A node whose lead units report on the node date and responsible units `responsibleLeadDays` earlier.
    public init(ordinal: Int, nodeDate: LocalDate, responsibleLeadDays: Int, source: String? = nil) {
        self.init(ordinal: ordinal, nodeDate: nodeDate, leadDueDate: nodeDate,
                  responsibleDueDate: nodeDate.adding(days: -responsibleLeadDays), source: source)
    }
}
