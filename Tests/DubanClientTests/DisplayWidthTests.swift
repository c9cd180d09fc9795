@testable import DubanClient
import Testing

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("", 0),
        ("admin", 5),
        ("鱼峰区", 6),
        ("区住建局 zjj", 12),
        ("jd-tianma 天马街道办事处", 10 + 14),
        ("（一）、。", 10),  // fullwidth parentheses and CJK punctuation
        ("ＡＢ１", 6),  // fullwidth ASCII
        ("한국어", 6),  // Hangul syllables
        ("カタカナ", 8),
        ("𠀀", 2),  // CJK Extension B
        ("e\u{301}", 1),  // e + combining acute accent
        ("👍", 2),
        ("\u{2764}\u{FE0F}", 2),  // ❤️: text-default heart asked to show as emoji
        ("a\u{200B}b", 2),  // zero-width space
        ("·①", 2),  // East Asian ambiguous: one column
        ("tab\there", 7),  // control characters take none
    ])
    func width(of text: String, is expected: Int) {
        #expect(DisplayWidth.of(text) == expected, "\(text)")
    }

    @Test func truncateCountsColumnsNotCharacters() {
        #expect(DisplayWidth.truncate("鱼峰区人民政府", to: 7) == "鱼峰区…")
        #expect(DisplayWidth.of(DisplayWidth.truncate("鱼峰区人民政府", to: 7)) <= 7)
        #expect(DisplayWidth.truncate("abcdef", to: 4) == "abc…")
        #expect(DisplayWidth.truncate("abc", to: 3) == "abc")
        #expect(DisplayWidth.truncate("abc", to: 0) == "")
    }

    @Test func padded() {
        #expect(DisplayWidth.padded("区", to: 4) == "区  ")
        #expect(DisplayWidth.padded("区住建局", to: 4) == "区住建局")
    }
}
