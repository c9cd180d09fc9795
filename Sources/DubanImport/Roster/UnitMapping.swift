import DubanCore

/// `各相关单位=zjj,czj`: a name of the notice and the roster units it stands for, for one import.
public enum UnitMapping {
    /// Parses one mapping; throws a readable error for `NAME` without `=`, an empty name or no codes.
    public static func parse(_ text: String) throws(NoticeError) -> (name: String, codes: [String]) {
        let halfWidth = ChineseText.halfWidth(text)
        guard let equals = halfWidth.firstIndex(of: "=") else {
            throw NoticeError(code: "import.bad_mapping", en: "--map \"\(text)\" is not NAME=CODE[,CODE…].",
                              zh: "--map “\(text)”格式应为“名称=单位代码[,单位代码…]”。")
        }
        let name = ChineseText.trimmed(halfWidth[..<equals])
        let codes = halfWidth[halfWidth.index(after: equals)...]
            .split(whereSeparator: { ",、; ".contains($0) }).map { ChineseText.trimmed($0) }.filter { !$0.isEmpty }
        guard !name.isEmpty, !codes.isEmpty else {
            throw NoticeError(code: "import.bad_mapping", en: "--map \"\(text)\" needs a name and at least one unit code: NAME=CODE[,CODE…].",
                              zh: "--map “\(text)”须有名称和至少一个单位代码：“名称=单位代码[,单位代码…]”。")
        }
        return (name, codes)
    }

    /// Several mappings, later ones for the same name replacing earlier ones.
    public static func parse(_ texts: [String]) throws(NoticeError) -> [String: [String]] {
        var mappings: [String: [String]] = [:]
        for text in texts {
            let mapping = try parse(text)
            mappings[mapping.name] = mapping.codes
        }
        return mappings
    }
}
