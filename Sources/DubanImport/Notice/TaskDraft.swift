/// A task as read from a table row (with its sub-rows) or from a text item, before its units are
/// placed by level and its number checked against the rest of the plan.
struct TaskDraft {
    /// The numbering as written (`3`, `（三）`, `三`), empty when the notice writes none.
    var written: String
    /// Its value, when it is a number.
    var value: Int?
    /// The chapter heading above it, when the notice groups its tasks.
    var group: String?
    /// The chapter's numeral as written (`一`), for labels when numbering restarts per chapter.
    var groupMarker: String?
    var title = ""
    var content = ""
    var standard = ""
    var deadline: String?
    /// Heading → text of people columns.
    var people: [String: String] = [:]
    /// Unit cell texts by role and level, in column order.
    var units: [(role: ColumnRole.UnitRole, level: ColumnRole.UnitLevel, text: String)] = []
    /// Heading → text of columns read as no role.
    var other: [String: String] = [:]
    /// Where it was read, for messages: `table row 4`, `paragraph 12`.
    var location: String
    /// The rows under the same 序号 after the first (the first row is this draft itself).
    var subRows: [TaskDraft] = []

    init(written: String, value: Int?, location: String) {
        self.written = written
        self.value = value
        self.location = location
    }

    /// The unit texts of one role at one level, joined by line.
    func unitText(_ role: ColumnRole.UnitRole, _ level: ColumnRole.UnitLevel) -> String {
        units.filter { $0.role == role && $0.level == level }.map(\.text).filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
