/// Checks on JSON text before its strings reach PostgreSQL.
enum JSONText {
    /// Whether some string of the JSON text `bytes` holds U+0000 (PostgreSQL text cannot): in valid JSON
    /// a NUL can only be written as the escape `\u0000`, so this looks for that escape, skipping `\\`.
    static func containsNUL<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool where Bytes.Index == Int {
        let backslash = UInt8(ascii: "\\"), u = UInt8(ascii: "u"), zero = UInt8(ascii: "0")
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            guard bytes[index] == backslash else {
                index += 1
                continue
            }
            // An escape: `\u0000` is a NUL; any other escape (including `\\`) is skipped whole.
            if index + 5 < end, bytes[index + 1] == u, bytes[index + 2] == zero, bytes[index + 3] == zero,
               bytes[index + 4] == zero, bytes[index + 5] == zero {
                return true
            }
            index += 2
        }
        return false
    }
}

extension APIError {
    /// 400 `bad_text`: a text holds the NUL character, which no field may hold.
    static let textWithNUL = APIError(
        status: .badRequest, code: "bad_text",
        message: .init(en: "text may not contain the NUL character (U+0000)", zh: "文本不能包含空字符（U+0000）"))
}
