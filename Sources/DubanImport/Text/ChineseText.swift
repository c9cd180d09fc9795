import Foundation

/// Small text rules shared by the notice parser, the roster and the unit directory.
enum ChineseText {
    /// Characters trimmed from both ends of a line: Unicode spaces (ideographic space U+3000 and
    /// no-break space included), line breaks, and the invisible BOM / zero-width marks Word leaves behind.
    static let padding: CharacterSet = CharacterSet.whitespacesAndNewlines
        .union(CharacterSet(charactersIn: "\u{FEFF}\u{200B}\u{200C}\u{200D}\u{2060}"))

    /// `text` without leading and trailing ``padding``.
    static func trimmed(_ text: some StringProtocol) -> String {
        String(text).trimmingCharacters(in: padding)
    }

    /// Full-width ASCII (`１２（）：`) to its half-width form and U+3000 to a plain space; everything else kept.
    /// Maps one scalar to one scalar, so positions stay comparable.
    static func halfWidth(_ text: some StringProtocol) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// `text` in half-width form with every space and invisible mark removed: the key two spellings
    /// of one name share (`区 住建局`, `区住建局`).
    static func compactKey(_ text: some StringProtocol) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in halfWidth(text).unicodeScalars where !padding.contains(scalar) {
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// Lines of `text` (LF, CRLF or CR).
    static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }

    /// The value of an ASCII decimal numeral (after ``halfWidth``), or `nil`.
    static func asciiInteger(_ text: some StringProtocol) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            return nil
        }
        return Int(String(text))
    }

    /// The value of a small Chinese numeral, 一 to 九十九 (两 counts as 二), or `nil`.
    static func chineseInteger(_ text: some StringProtocol) -> Int? {
        let digits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
                                         "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        let characters = Array(text)
        guard !characters.isEmpty else { return nil }
        if let tenIndex = characters.firstIndex(of: "十") {
            guard characters.lastIndex(of: "十") == tenIndex, tenIndex <= 1, characters.count - tenIndex <= 2 else {
                return nil
            }
            var tens = 1
            if tenIndex == 1 {
                guard let value = digits[characters[0]], value > 0 else { return nil }
                tens = value
            }
            var ones = 0
            if tenIndex + 1 < characters.count {
                guard let value = digits[characters[tenIndex + 1]], value > 0 else { return nil }
                ones = value
            }
            return tens * 10 + ones
        }
        guard characters.count == 1, let value = digits[characters[0]], value > 0 else { return nil }
        return value
    }
}
