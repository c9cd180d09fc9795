/// The labels that name a task's units or facts in a notice's text: `牵头单位：…`, `责任单位：…`,
/// `配合单位：…`, `完成时限：…`, `责任领导：…`, with a level (`区牵头单位`) or without, after ASCII or
/// full-width colons, one per line or several on one line (`牵头单位：区教育局；责任单位：区财政局`), or in
/// brackets after the item's text (`（牵头单位：区教育局）`).
enum UnitLabel {
    /// A label and the text it introduces.
    struct Field {
        var role: ColumnRole
        var heading: String
        var text: String
    }

    /// The pattern of a label: a short heading that ``ColumnRole`` reads, then a colon.
    static var labelPattern: Regex<(Substring, Substring)> { /(?:^|[\s(（;；,，。、])([\p{Han}()（）、]{2,12}?)\s*[:：]/ }

    /// The labelled fields in `line`, and the text before the first label; `nil` when the line has no label
    /// that ``ColumnRole`` reads as a role.
    static func fields(in line: String) -> (before: String, fields: [Field])? {
        let text = ChineseText.halfWidth(line)
        var found: [(range: Range<String.Index>, role: ColumnRole, heading: String)] = []
        for match in text.matches(of: labelPattern) {
            let heading = String(match.1).replacing(/^[()（）]+/, with: "")
            guard let role = ColumnRole.of(heading: heading), role != .number, role != .group else { continue }
            found.append((match.range, role, heading))
        }
        guard !found.isEmpty else { return nil }
        var fields: [Field] = []
        for (index, label) in found.enumerated() {
            let end = index + 1 < found.count ? found[index + 1].range.lowerBound : text.endIndex
            var value = String(text[label.range.upperBound..<end])
            value = ChineseText.trimmed(value)
            value = value.replacing(/^[:：\s]+/, with: "").replacing(/[)）]?[\s;；,，。]*$/, with: "")
            if value.hasSuffix(")"), !value.contains("(") { value.removeLast() }
            fields.append(Field(role: label.role, heading: label.heading, text: ChineseText.trimmed(value)))
        }
        let before = String(text[..<found[0].range.lowerBound])
        return (ChineseText.trimmed(ChineseText.trimmed(before).replacing(/[(（]\s*$/, with: "")), fields)
    }
}
