/// One body paragraph as written and in half-width form (``ChineseText/halfWidth(_:)`` maps one scalar to one
/// scalar), so a phrase found in the half-width text can be quoted as the notice writes it.
struct BodyLine {
    /// 0-based index among the body paragraphs.
    var index: Int
    /// The paragraph as written.
    var original: String
    /// The paragraph with full-width ASCII made half-width.
    var half: String

    init(index: Int, original: String) {
        self.index = index
        self.original = original
        self.half = ChineseText.halfWidth(original)
    }

    /// `"paragraph 9"`.
    var location: String { "paragraph \(index + 1)" }

    /// The original text of `range` (a range of ``half``), trimmed.
    func quote(_ range: Range<String.Index>) -> String {
        let scalars = half.unicodeScalars
        let offset = scalars.distance(from: scalars.startIndex, to: range.lowerBound)
        let length = scalars.distance(from: range.lowerBound, to: range.upperBound)
        let written = original.unicodeScalars
        let start = written.index(written.startIndex, offsetBy: offset)
        let end = written.index(start, offsetBy: length)
        return ChineseText.trimmed(String(String.UnicodeScalarView(written[start..<end])))
    }

    /// The sentences of ``half``: ranges ended by 。；;!?！？ outside brackets (the mark left out), empty ones skipped.
    var sentences: [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        var start = half.startIndex
        var index = half.startIndex
        var depth = 0
        while index < half.endIndex {
            let character = half[index]
            if "(《“[【".contains(character) { depth += 1 }
            if depth > 0 && ")》”]】".contains(character) { depth -= 1 }
            if depth == 0 && "。;!?".contains(character) {
                if start < index { result.append(start..<index) }
                start = half.index(after: index)
            }
            index = half.index(after: index)
        }
        if start < half.endIndex { result.append(start..<half.endIndex) }
        return result
    }
}
