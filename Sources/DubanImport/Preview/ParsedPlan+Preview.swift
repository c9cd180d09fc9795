import DubanCore

extension ParsedPlan {
    /// The preview of importing this plan: each task's units matched through `directory` (nil when no roster is at
    /// hand: every name is then shown unresolved and `rosterChecked` is false), the proposed indicators, the
    /// nodes with their sources, and the parser's warnings.
    public func preview(using directory: UnitDirectory?) -> PlanPreview {
        var unresolvedOrder: [String] = []
        var unresolved: [String: PlanPreview.Unresolved] = [:]
        // A name is matched once however many tasks name it (the nearest names compare it with the whole roster).
        var known: [String: UnitMatch] = [:]
        func matches(_ cell: UnitCell, task: Int) -> [UnitMatch] {
            cell.names.map { name in
                let match = known[name] ?? directory?.match(name)
                    ?? UnitMatch(written: name, how: .unresolved, codes: [], names: [], nearest: [], vague: false)
                known[name] = match
                if match.codes.isEmpty && directory != nil {
                    if unresolved[name] == nil {
                        unresolvedOrder.append(name)
                        unresolved[name] = .init(name: name, tasks: [], nearest: match.nearest, vague: match.vague)
                    }
                    if unresolved[name]?.tasks.contains(task) == false { unresolved[name]?.tasks.append(task) }
                }
                return match
            }
        }
        let taskLines = tasks.map { task in
            PlanPreview.Task(
                number: task.number, label: task.label, group: task.group, title: task.title, deadline: task.deadline,
                notApplicable: task.notApplicable ? (task.notApplicableText ?? "不涉及") : nil,
                lead: matches(task.districtLead, task: task.number),
                responsible: matches(task.districtResponsible, task: task.number),
                subItems: task.subItems?.map(\.label) ?? [],
                proposedIndicators: task.proposedIndicators.map {
                    .init(name: $0.name, measure: $0.measure, target: $0.target, phrase: $0.phrase)
                },
                people: task.people, otherColumns: task.otherColumns)
        }
        return PlanPreview(
            title: title, issuer: issuer, documentNumber: documentNumber, issuedOn: issuedOn, year: year,
            timeZone: timeZone, responsibleLeadDays: responsibleLeadDays,
            responsibleLeadDaysSource: responsibleLeadDaysSource,
            nodes: nodes.map { .init(ordinal: $0.ordinal, nodeDate: $0.nodeDate, leadDueDate: $0.leadDueDate,
                                     responsibleDueDate: $0.responsibleDueDate, source: $0.source) },
            planDates: planDates.map { .init(date: $0.date, what: $0.what, source: $0.source) },
            tasks: taskLines,
            warnings: warnings.map { .init(code: $0.code, location: $0.location, message: $0.message) },
            rosterChecked: directory != nil,
            unresolved: unresolvedOrder.compactMap { unresolved[$0] })
    }
}
