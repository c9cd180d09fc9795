/// A unit cell of the task table (牵头单位, 城区责任单位 …): the text as written and the names in it.
public struct UnitCell: Codable, Sendable, Equatable {
    /// The cell as written, trimmed; lines joined with "\n".
    public var written: String
    /// The unit names in the cell, in order: split on 、，,;； and line breaks (never inside brackets, so
    /// 阳和工业新区（北部生态新区）管委会 stays whole), trimmed, empties and "none" marks (无, —, /) dropped.
    public var names: [String]

    /// A cell with explicit names (a not-applicable task keeps its text but names no one).
    public init(written: String, names: [String]) {
        self.written = written
        self.names = names
    }

    /// A cell whose names are split out of `written` by the rules of ``names``.
    public init(written: String) {
        let text = ChineseText.trimmed(written)
        self.init(written: text, names: Self.names(in: text))
    }

    static let separators: Set<Character> = ["、", "，", ",", ";", "；", "\n", "\r\n", "\r"]
    static let openingBrackets: Set<Character> = ["（", "(", "【", "[", "〔", "《", "“"]
    static let closingBrackets: Set<Character> = ["）", ")", "】", "]", "〕", "》", "”"]

    /// Splits a cell into unit names.
    static func names(in text: String) -> [String] {
        var names: [String] = []
        var current = ""
        var depth = 0
        func flush() {
            let name = ChineseText.trimmed(current)
            current = ""
            guard !name.isEmpty, !isNoneMark(name) else { return }
            names.append(name)
        }
        for character in text {
            if openingBrackets.contains(character) {
                depth += 1
            } else if closingBrackets.contains(character) {
                depth = max(0, depth - 1)
            } else if depth == 0 && separators.contains(character) {
                flush()
                continue
            }
            current.append(character)
        }
        flush()
        return names
    }

    /// 无, 暂无, or a run of dashes or slashes: "nobody" written into a cell.
    static func isNoneMark(_ name: String) -> Bool {
        let compact = ChineseText.compactKey(name)
        return compact == "无" || compact == "暂无" || compact.allSatisfy { "-—–―/\\".contains($0) }
    }
}

extension UnitCell {
    /// One cell for several rows' cells: their distinct texts by line, their names once each, in order.
    static func merging(_ cells: [UnitCell]) -> UnitCell {
        guard cells.count > 1 else { return cells.first ?? UnitCell(written: "", names: []) }
        var seenText = Set<String>()
        var seenName = Set<String>()
        let written = cells.map(\.written).filter { !$0.isEmpty && seenText.insert($0).inserted }.joined(separator: "\n")
        let names = cells.flatMap(\.names).filter { seenName.insert($0).inserted }
        return UnitCell(written: written, names: names)
    }
}
