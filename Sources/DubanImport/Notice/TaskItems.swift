/// A notice that lists its tasks as text rather than in a table: items opened by a numbering
/// (（一）, 1., 一、) and followed by labelled lines (`牵头单位：…`, `责任单位：…`, or both on one line, or in
/// brackets after the item). Headings above the items with no units of their own (一、教育) become the
/// tasks' groups. An item is a task only when it names at least one unit.
struct TaskItems {
    /// The tasks, in order.
    var drafts: [TaskDraft]
    /// The paragraph index where the task list starts (its first group heading or item).
    var firstParagraph: Int

    /// A numbered block of the text.
    private struct Block {
        var marker: ItemMarker
        var paragraph: Int
        var lines: [String] = []
        var fields: [UnitLabel.Field] = []
        var hasUnits: Bool { fields.contains { $0.role.isUnits } }
    }

    /// Reads the items of `paragraphs`, or returns nil when no numbered item names a unit.
    init?(paragraphs: [String]) {
        var blocks: [Block] = []
        for (index, paragraph) in paragraphs.enumerated() {
            if let marker = ItemMarker.parse(paragraph) {
                var block = Block(marker: marker, paragraph: index)
                if let labelled = UnitLabel.fields(in: marker.rest) {
                    block.marker.rest = labelled.before
                    block.fields = labelled.fields
                }
                blocks.append(block)
            } else if !blocks.isEmpty {
                if let labelled = UnitLabel.fields(in: paragraph), labelled.fields.contains(where: { $0.role.isUnits })
                    || (blocks[blocks.count - 1].hasUnits && labelled.before.isEmpty) {
                    if !labelled.before.isEmpty { blocks[blocks.count - 1].lines.append(labelled.before) }
                    blocks[blocks.count - 1].fields += labelled.fields
                } else {
                    blocks[blocks.count - 1].lines.append(paragraph)
                }
            }
        }
        let taskBlocks = blocks.indices.filter { blocks[$0].hasUnits }
        guard let first = taskBlocks.first else { return nil }
        var drafts: [TaskDraft] = []
        var start = blocks[first].paragraph
        for index in taskBlocks {
            let block = blocks[index]
            var draft = TaskDraft(written: block.marker.written, value: block.marker.value,
                                  location: "paragraph \(block.paragraph + 1)")
            // The nearest heading above at a higher level that names no unit is the task's group.
            if let parent = blocks[..<index].lastIndex(where: { $0.marker.level < block.marker.level && !$0.hasUnits }),
               !blocks[(parent + 1)..<index].contains(where: { $0.marker.level <= blocks[parent].marker.level }) {
                draft.group = blocks[parent].marker.rest.replacing(/[:：。；;]+$/, with: "")
                draft.groupMarker = blocks[parent].marker.written
                if index == first { start = blocks[parent].paragraph }
            }
            Self.fill(&draft, heading: block.marker.rest, lines: block.lines, fields: block.fields)
            drafts.append(draft)
        }
        self.drafts = drafts
        self.firstParagraph = start
    }

    /// Title, content and labelled fields of one item.
    private static func fill(_ draft: inout TaskDraft, heading: String, lines: [String], fields: [UnitLabel.Field]) {
        let body = lines.joined(separator: "\n")
        let (title, rest) = splitTitle(heading)
        draft.title = title
        draft.content = TaskTable.joined(rest, body)
        if draft.content.isEmpty { draft.content = title }
        for field in fields {
            switch field.role {
            case .units(let role, let level): draft.units.append((role, level, field.text))
            case .content: draft.content = field.text
            case .title: draft.title = field.text
            case .standard: draft.standard = TaskTable.joined(draft.standard, field.text)
            case .deadline: draft.deadline = field.text
            case .leader, .person: draft.people[field.heading] = field.text
            case .number, .group: break
            }
        }
    }

    /// `实施老旧小区改造。完成30个小区…` → (`实施老旧小区改造`, `完成30个小区…`): a short first sentence is the title.
    static func splitTitle(_ heading: String) -> (title: String, rest: String) {
        let text = ChineseText.trimmed(heading)
        if let stop = text.firstIndex(where: { "。：:；;".contains($0) }) {
            let title = ChineseText.trimmed(text[..<stop])
            let rest = ChineseText.trimmed(text[text.index(after: stop)...])
            if !title.isEmpty && title.count <= 40 && !rest.isEmpty { return (title, rest) }
            if !title.isEmpty && rest.isEmpty && title.count <= 100 { return (title, "") }
        }
        if text.count <= 100 { return (text, "") }
        let cut = text.firstIndex(where: { "，,".contains($0) }).map { String(text[..<$0]) } ?? String(text.prefix(40))
        return (ChineseText.trimmed(cut), text)
    }
}
