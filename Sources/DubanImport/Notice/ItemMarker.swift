/// The numbering that opens a heading or an item in a notice's text: `一、` (level 1), `（一）` (2),
/// `1.` / `1、` (3), `（1）` (4). Full-width and ASCII punctuation are the same.
struct ItemMarker: Equatable {
    /// 1 for 一、, 2 for （一）, 3 for 1., 4 for （1）.
    var level: Int
    /// The marker as written, without its punctuation: `一`, `（一）` keeps its brackets: `（一）`.
    var written: String
    /// Its value.
    var value: Int
    /// The text after the marker.
    var rest: String

    /// The marker opening `line`, if any.
    static func parse(_ line: String) -> ItemMarker? {
        let text = ChineseText.halfWidth(line)
        if let match = text.wholeMatch(of: /\s*([一二三四五六七八九十]+)\s*[、.]\s*(.*)/),
           let value = ChineseText.chineseInteger(match.1) {
            return ItemMarker(level: 1, written: String(match.1), value: value, rest: ChineseText.trimmed(match.2))
        }
        if let match = text.wholeMatch(of: /\s*\(\s*([一二三四五六七八九十]+)\s*\)\s*[、.]?\s*(.*)/),
           let value = ChineseText.chineseInteger(match.1) {
            return ItemMarker(level: 2, written: "（\(match.1)）", value: value, rest: ChineseText.trimmed(match.2))
        }
        if let match = text.wholeMatch(of: /\s*([0-9]{1,3})\s*(?:[、]|\.(?![0-9]))\s*(.*)/), let value = Int(match.1), value > 0 {
            return ItemMarker(level: 3, written: String(match.1), value: value, rest: ChineseText.trimmed(match.2))
        }
        if let match = text.wholeMatch(of: /\s*\(\s*([0-9]{1,3})\s*\)\s*(.*)/), let value = Int(match.1), value > 0 {
            return ItemMarker(level: 4, written: "（\(match.1)）", value: value, rest: ChineseText.trimmed(match.2))
        }
        return nil
    }

    /// A heading's name and numeral: `一、教育` → (`教育`, `一`); text without a marker is its own name.
    static func heading(_ text: String) -> (name: String, marker: String?)? {
        if let marker = parse(text) {
            let name = marker.rest.replacing(/[:：。；;]+$/, with: "")
            return name.isEmpty ? nil : (name, marker.written)
        }
        let name = ChineseText.trimmed(text).replacing(/[:：。；;]+$/, with: "")
        return name.isEmpty ? nil : (name, nil)
    }
}
