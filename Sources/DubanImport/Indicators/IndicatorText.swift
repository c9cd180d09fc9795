import Foundation

/// A text prepared for the indicator scan: NFC, without spaces, as two aligned scalar arrays — the
/// notice's own scalars (names and phrases are cut from these) and their half-width forms (which the
/// scan reads, so `１２％` and `12%` read alike).
struct IndicatorText {
    let original: [Unicode.Scalar]
    let scan: [Unicode.Scalar]

    init(_ text: String) {
        var kept: [Unicode.Scalar] = []
        let scalars = Array(text.precomposedStringWithCanonicalMapping.unicodeScalars)
        for (index, scalar) in scalars.enumerated() where !ChineseText.padding.contains(scalar) {
            // A thousands separator (1,000) goes; a list comma between numbers (5，30) stays.
            if scalar == ",", index > 0, Self.isDigit(scalars[index - 1]), index + 3 < scalars.count,
               scalars[(index + 1)...(index + 3)].allSatisfy(Self.isDigit),
               index + 4 == scalars.count || !Self.isDigit(scalars[index + 4]) {
                continue
            }
            kept.append(scalar)
        }
        original = kept
        scan = Array(ChineseText.halfWidth(String(String.UnicodeScalarView(kept))).unicodeScalars)
    }

    var count: Int { scan.count }

    /// The scan form's scalar at `index`, or nil past either end.
    subscript(index: Int) -> Unicode.Scalar? {
        scan.indices.contains(index) ? scan[index] : nil
    }

    /// The notice's own words in `range`, NFC.
    func words(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(original[range])).precomposedStringWithCanonicalMapping
    }

    /// The scan form in `range`.
    func scanned(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(scan[range]))
    }

    /// Whether the scan form has `word` at `index`.
    func has(_ word: String, at index: Int) -> Bool {
        let scalars = Array(word.unicodeScalars)
        guard index >= 0, index + scalars.count <= scan.count else { return false }
        return Array(scan[index..<(index + scalars.count)]) == scalars
    }

    /// The longest of `words` at `index`, or nil.
    func longest(of words: [String], at index: Int) -> String? {
        words.filter { has($0, at: index) }.max { $0.unicodeScalars.count < $1.unicodeScalars.count }
    }

    /// The longest of `words` that ends just before `index`, or nil.
    func longest(of words: [String], endingAt index: Int) -> String? {
        words.filter { has($0, at: index - $0.unicodeScalars.count) }
            .max { $0.unicodeScalars.count < $1.unicodeScalars.count }
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar) || (0xFF10...0xFF19).contains(scalar.value)
    }
}
