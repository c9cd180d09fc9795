import DubanImport

/// The parts of a task kept as the notice wrote them, for reference (`tasks.details`): the people its
/// 责任领导 / 责任人 columns name, its sub-rows under one 序号, and columns read as no role.
struct TaskDetails: Codable, Equatable {
    var people: [String: String]?
    var subItems: [ParsedSubItem]?
    var otherColumns: [String: String]?

    init(_ task: ParsedTask) {
        people = task.people
        subItems = task.subItems
        otherColumns = task.otherColumns
    }
}
