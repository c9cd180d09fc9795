/// Turns task drafts into the plan's tasks: units placed by level and role, numbers checked (or
/// renumbered when the notice restarts its numbering in each chapter), sub-rows made sub-items, and the
/// warnings an admin should read.
struct TaskAssembly {
    var tasks: [ParsedTask] = []
    var warnings: [NoticeWarning] = []

    init(drafts: [TaskDraft], columns: [ColumnRole] = []) throws(NoticeError) {
        let allUnits = drafts.flatMap { [$0] + $0.subRows }.flatMap(\.units)
        let hasOwn = allUnits.contains { $0.level == .own }
        let ownLevels: Set<ColumnRole.UnitLevel> = hasOwn ? [.own] : [.unmarked, .own]
        let upperLevels: Set<ColumnRole.UnitLevel> = hasOwn ? [.upper, .unmarked] : [.upper]
        let hasOwnLead = allUnits.contains { $0.role == .lead && ownLevels.contains($0.level) }
            || allUnits.contains { ownLevels.contains($0.level) && UnitMarks.namesALead($0.text) }
        if !hasOwnLead {
            warnings.append(NoticeWarning(
                code: "notice.no_lead_column",
                en: "The notice names no lead unit (牵头单位): the units it names report straight to the supervision office, each as a lead unit of its task.",
                zh: "通知未列牵头单位：所列单位直接向督查绩效办报送，各作为该任务的牵头单位。"))
        }
        let numbers = try Self.numbering(drafts)
        for (index, draft) in drafts.enumerated() {
            let rows = [draft] + draft.subRows
            func cells(_ roles: [ColumnRole.UnitRole], _ levels: Set<ColumnRole.UnitLevel>, in row: TaskDraft) -> String {
                row.units.filter { roles.contains($0.role) && levels.contains($0.level) }.map(\.text)
                    .filter { !$0.isEmpty }.joined(separator: "\n")
            }
            func placed(_ row: TaskDraft) -> (lead: UnitCell, responsible: UnitCell, upperLead: UnitCell, upperResponsible: UnitCell) {
                var lead = cells([.lead], ownLevels, in: row)
                var responsible = cells([.responsible, .cooperating], ownLevels, in: row)
                if !hasOwnLead {
                    lead = cells([.responsible], ownLevels, in: row)
                    responsible = cells([.cooperating], ownLevels, in: row)
                    if lead.isEmpty { swap(&lead, &responsible) }
                }
                let marked = UnitMarks.split(lead: lead, responsible: responsible)
                return (marked.lead, marked.responsible,
                        UnitCell(written: cells([.lead], upperLevels, in: row)),
                        UnitCell(written: cells([.responsible, .cooperating], upperLevels, in: row)))
            }
            let perRow = rows.map(placed)
            let number = numbers[index].number
            var lead = UnitCell.merging(perRow.map(\.lead))
            var responsible = UnitCell.merging(perRow.map(\.responsible))
            let notApplicable = ChineseText.compactKey(lead.written).hasPrefix("不涉及")
                || (lead.written.isEmpty && ChineseText.compactKey(responsible.written).hasPrefix("不涉及"))
            let notApplicableText = notApplicable ? (lead.written.isEmpty ? responsible.written : lead.written) : nil
            if notApplicable {
                lead.names = []
                responsible.names = []
            }
            var title = rows.map(\.title).first(where: { !$0.isEmpty }) ?? ""
            let content = Self.distinctJoined(rows.map(\.content))
            if title.isEmpty { title = TaskItems.splitTitle(content).title }
            guard !title.isEmpty else {
                throw NoticeError(
                    code: "notice.no_task_text", location: draft.location,
                    en: "The task has no title and no content; expected its text in a title or content column (标题, 项目名称, 实事内容 …).",
                    zh: "该任务既无标题也无内容；应在标题或内容列（标题、项目名称、实事内容等）中写明。")
            }
            var people: [String: String] = [:]
            var other: [String: String] = [:]
            for row in rows {
                people.merge(row.people) { first, second in first == second ? first : first + "\n" + second }
                other.merge(row.other) { first, second in first == second ? first : first + "\n" + second }
            }
            var subItems: [ParsedSubItem]?
            if !draft.subRows.isEmpty {
                subItems = rows.enumerated().map { position, row in
                    ParsedSubItem(label: "\(number).\(position + 1)", title: row.title.isEmpty || row.title == title ? nil : row.title,
                                  content: row.content, completionStandard: row.standard, deadline: row.deadline,
                                  lead: perRow[position].lead, responsible: perRow[position].responsible)
                }
            }
            tasks.append(ParsedTask(
                number: number, label: numbers[index].label, group: draft.group, title: title, content: content,
                completionStandard: Self.distinctJoined(rows.map(\.standard)),
                deadline: rows.compactMap(\.deadline).isEmpty ? nil : Self.distinctJoined(rows.compactMap(\.deadline)),
                people: people.isEmpty ? nil : people,
                cityLead: UnitCell.merging(perRow.map(\.upperLead)),
                cityResponsible: UnitCell.merging(perRow.map(\.upperResponsible)),
                districtLead: lead, districtResponsible: responsible,
                notApplicable: notApplicable, notApplicableText: notApplicableText,
                subItems: subItems, otherColumns: other.isEmpty ? nil : other))
        }
        let peopleHeadings = Set(tasks.flatMap { ($0.people ?? [:]).keys }).sorted()
        if !peopleHeadings.isEmpty {
            warnings.append(NoticeWarning(
                code: "notice.people_columns",
                en: "\(peopleHeadings.joined(separator: ", ")) name people, not units: kept with each task as written, never assigned.",
                zh: "“\(peopleHeadings.joined(separator: "”“"))”填写的是人员而非单位：按原文保存在任务中，不作分工。"))
        }
        let otherHeadings = Set(tasks.flatMap { ($0.otherColumns ?? [:]).keys }).sorted()
        if !otherHeadings.isEmpty {
            warnings.append(NoticeWarning(
                code: "notice.other_columns",
                en: "Columns \(otherHeadings.joined(separator: ", ")) were not read as units or task text (quotas, remarks): kept with each task as written.",
                zh: "“\(otherHeadings.joined(separator: "”“"))”列未作为单位或任务内容读取（如分解指标、备注）：按原文保存在任务中。"))
        }
        for task in tasks where task.subItems != nil {
            warnings.append(NoticeWarning(
                code: "notice.sub_items", location: "task \(task.number)",
                en: "Task \(task.number) spans \(task.subItems!.count) rows under one 序号: imported as one task with sub-items \(task.subItems!.map(\.label).joined(separator: ", ")).",
                zh: "任务\(task.number)在同一序号下有\(task.subItems!.count)行：作为一个任务导入，子项 \(task.subItems!.map(\.label).joined(separator: "、"))。"))
        }
    }

    /// Each draft's number and label. The notice's own numbers when they are unique; when they restart in
    /// each group, or are missing, the tasks' positions, with the written numbering kept as the label.
    static func numbering(_ drafts: [TaskDraft]) throws(NoticeError) -> [(number: Int, label: String?)] {
        let values = drafts.map(\.value)
        if values.allSatisfy({ $0 != nil }), Set(values.map { $0! }).count == values.count {
            return drafts.map { ($0.value!, TaskNumber.isPlainDigits($0.written) || $0.written.isEmpty ? nil : $0.written) }
        }
        // Duplicates are a restart only when no group repeats a number of its own.
        var seen: [String: [Int: String]] = [:]
        for draft in drafts {
            guard let value = draft.value else { continue }
            let group = draft.group ?? ""
            if let first = seen[group]?[value] {
                throw NoticeError(
                    code: "notice.duplicate_task_number", location: draft.location,
                    en: "Task number \(value) is used again; it is already at \(first). Expected each task its own 序号 (sub-rows of one task leave it empty or merged).",
                    zh: "序号\(value)重复，已在\(first)使用。每个任务应有自己的序号（同一任务的子行序号留空或合并）。")
            }
            seen[group, default: [:]][value] = draft.location
        }
        return drafts.enumerated().map { index, draft in
            let written = draft.written.isEmpty ? nil : (draft.groupMarker.map { marker in
                TaskNumber.isPlainDigits(draft.written) ? "\(marker).\(draft.written)" : marker + draft.written
            } ?? draft.written)
            return (index + 1, written)
        }
    }

    static func distinctJoined(_ texts: [String]) -> String {
        var seen = Set<String>()
        return texts.filter { !$0.isEmpty && seen.insert($0).inserted }.joined(separator: "\n")
    }
}
