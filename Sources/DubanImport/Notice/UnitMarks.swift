/// Marks inside a unit cell that say who leads: `区教育局（牵头）`, or `牵头单位：区教育局；配合单位：区财政局`
/// written into one cell.
enum UnitMarks {
    static var leadMark: Regex<Substring> { /[(（]\s*牵头\s*[)）]$|牵头$/ }

    /// True when the text marks one of its names as the lead, or labels a lead.
    static func namesALead(_ text: String) -> Bool {
        UnitCell(written: text).names.contains { $0.firstMatch(of: leadMark) != nil }
            || (UnitLabel.fields(in: text)?.fields.contains { $0.role == .units(.lead, .unmarked) || $0.role == .units(.lead, .own) } ?? false)
    }

    /// Moves names marked (牵头) to the lead cell and reads labelled parts of a cell by their labels.
    static func split(lead: String, responsible: String) -> (lead: UnitCell, responsible: UnitCell) {
        var leadLines: [String] = lead.isEmpty ? [] : [lead]
        var responsibleLines: [String] = []
        for text in [responsible] where !text.isEmpty {
            if let labelled = UnitLabel.fields(in: text), labelled.fields.contains(where: \.role.isUnits) {
                if !labelled.before.isEmpty { responsibleLines.append(labelled.before) }
                for field in labelled.fields {
                    if case .units(.lead, _) = field.role { leadLines.append(field.text) } else { responsibleLines.append(field.text) }
                }
            } else {
                responsibleLines.append(text)
            }
        }
        var leadCell = UnitCell(written: leadLines.joined(separator: "\n"))
        var responsibleCell = UnitCell(written: responsibleLines.joined(separator: "\n"))
        let marked = responsibleCell.names.filter { $0.firstMatch(of: leadMark) != nil }
        if !marked.isEmpty {
            responsibleCell.names.removeAll { $0.firstMatch(of: leadMark) != nil }
            leadCell.names += marked.map { ChineseText.trimmed($0.replacing(leadMark, with: "")) }
        }
        leadCell.names = leadCell.names.map { ChineseText.trimmed($0.replacing(leadMark, with: "")) }.filter { !$0.isEmpty }
        return (leadCell, responsibleCell)
    }
}
