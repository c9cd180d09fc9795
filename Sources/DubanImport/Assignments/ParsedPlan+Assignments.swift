import DubanCore

extension ParsedPlan {
    /// District-level assignments: each task's 城区牵头单位 names become `lead`, its 城区责任单位 names
    /// `responsible`, resolved through `directory` (collective terms expand to every unit of their kind).
    /// Not-applicable tasks get none; a unit named both lead and responsible stays lead; duplicates collapse
    /// (the first spelling is kept in `writtenAs`); the order is stable: tasks in plan order, lead cell first.
    /// Names that resolve to nobody are listed in `unresolved`, each once per task and role.
    public func assignments(using directory: UnitDirectory) -> PlanAssignments {
        var assignments: [PlannedAssignment] = []
        var unresolved: [UnresolvedUnitName] = []
        for task in tasks where !task.notApplicable {
            var assigned: Set<String> = []
            var missing: Set<UnresolvedUnitName> = []
            for (role, cell) in [(AssignmentRole.lead, task.districtLead), (.responsible, task.districtResponsible)] {
                for name in cell.names {
                    let codes = directory.resolve(name).codes
                    if codes.isEmpty {
                        let entry = UnresolvedUnitName(taskNumber: task.number, role: role, name: name)
                        if missing.insert(entry).inserted { unresolved.append(entry) }
                    }
                    for code in codes where assigned.insert(code).inserted {
                        assignments.append(PlannedAssignment(taskNumber: task.number, unitCode: code,
                                                             role: role, writtenAs: name))
                    }
                }
            }
        }
        return PlanAssignments(assignments: assignments, unresolved: unresolved)
    }
}
