import DubanCore

/// The roster importer: the CSV that lists a district's units.
public enum UnitRoster {
    /// The columns a roster must have; `parent_code` and `aliases` may be left out.
    public static let requiredColumns = ["code", "name", "kind"]
    /// The columns a roster may have besides the required ones. Other columns are ignored.
    public static let optionalColumns = ["parent_code", "aliases"]

    /// Parses the roster CSV (header `code,name,kind,parent_code,aliases`, RFC 4180 quoting, UTF-8 with or
    /// without BOM, CRLF ok; aliases separated by `|`) into units in file order.
    ///
    /// Refuses, with the line: bad quoting, a missing column, a record with more fields than the header,
    /// an empty or malformed code, an empty name, an unknown kind, a duplicate code, a name or alias used by
    /// two units (compared ignoring spaces and full-width forms), a `parent_code` that is neither in the file
    /// nor in `knownCodes` (units already in the database), and a parent cycle.
    public static func parseCSV(_ text: String, knownCodes: Set<String> = []) throws(RosterError) -> [UnitRecord] {
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(in: text)
        } catch {
            throw .at(error.line, "bad_csv", en: error.reason.en + ".", zh: error.reason.zh + "。")
        }
        guard let header = records.first else {
            throw RosterError(code: "roster.empty", line: nil, message: LocalizedText(
                en: "The roster is empty; it needs the header line code,name,kind,parent_code,aliases.",
                zh: "单位名册为空，第一行应为表头 code,name,kind,parent_code,aliases。"))
        }
        let columns = header.fields.map { ChineseText.trimmed($0).lowercased() }
        var index: [String: Int] = [:]
        for (position, column) in columns.enumerated() where index[column] == nil { index[column] = position }
        let missing = requiredColumns.filter { index[$0] == nil }
        guard missing.isEmpty else {
            throw .at(header.line, "missing_column",
                      en: "the header lacks the column(s) \(missing.joined(separator: ", ")); it should be code,name,kind,parent_code,aliases.",
                      zh: "表头缺少列 \(missing.joined(separator: "、"))，应为 code,name,kind,parent_code,aliases。")
        }

        var units: [UnitRecord] = []
        var lineOfCode: [String: Int] = [:]
        var ownerOfName: [String: (code: String, line: Int)] = [:]
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ ChineseText.trimmed($0).isEmpty }) { continue }  // blank line
            let unit = try unit(from: record, columns: index, width: columns.count)
            if let first = lineOfCode[unit.code] {
                throw .at(record.line, "duplicate_code",
                          en: "the code \"\(unit.code)\" is already used on line \(first).",
                          zh: "代码“\(unit.code)”已在第\(first)行使用。")
            }
            lineOfCode[unit.code] = record.line
            for written in [unit.name] + unit.aliases {
                let key = UnitDirectory.key(written)
                if let owner = ownerOfName[key], owner.code != unit.code {
                    throw .at(record.line, "duplicate_name",
                              en: "the name \"\(written)\" is already used by unit \(owner.code) on line \(owner.line); a name or alias must point to one unit.",
                              zh: "名称“\(written)”已被第\(owner.line)行的单位 \(owner.code) 使用；名称和别名只能对应一个单位。")
                }
                ownerOfName[key] = (unit.code, record.line)
            }
            units.append(unit)
        }

        for unit in units {
            guard let parent = unit.parentCode else { continue }
            if lineOfCode[parent] == nil && !knownCodes.contains(parent) {
                throw .at(lineOfCode[unit.code]!, "unknown_parent",
                          en: "the parent_code \"\(parent)\" is neither in this file nor an existing unit.",
                          zh: "上级单位代码“\(parent)”既不在本文件中，也不是已有单位。")
            }
        }
        try checkCycles(units, lineOfCode: lineOfCode)
        return units
    }

    private static func unit(from record: CSVRecord, columns: [String: Int], width: Int) throws(RosterError) -> UnitRecord {
        guard record.fields.count <= width else {
            throw .at(record.line, "field_count",
                      en: "\(record.fields.count) fields but the header has \(width); quote a value that contains a comma.",
                      zh: "有\(record.fields.count)个字段，但表头只有\(width)列；含逗号的值请加引号。")
        }
        func value(_ column: String) -> String {
            guard let position = columns[column], position < record.fields.count else { return "" }
            return ChineseText.trimmed(record.fields[position])
        }
        let code = value("code")
        guard !code.isEmpty else {
            throw .at(record.line, "empty_code", en: "the code is empty.", zh: "代码为空。")
        }
        guard code.count <= 64, code.unicodeScalars.allSatisfy(isCodeScalar) else {
            throw .at(record.line, "bad_code",
                      en: "the code \"\(code)\" may hold only ASCII letters, digits, \".\", \"_\" and \"-\" (at most 64).",
                      zh: "代码“\(code)”只能包含英文字母、数字、“.”、“_”和“-”（最多64个字符）。")
        }
        let name = value("name")
        guard !name.isEmpty else {
            throw .at(record.line, "empty_name", en: "the name of unit \(code) is empty.", zh: "单位 \(code) 的名称为空。")
        }
        let kindText = value("kind")
        guard let kind = UnitKind(rawValue: kindText.lowercased()) else {
            let known = UnitKind.allCases.map(\.rawValue)
            throw .at(record.line, "unknown_kind",
                      en: "unknown kind \"\(kindText)\"; use one of \(known.joined(separator: ", ")).",
                      zh: "未知的单位类型“\(kindText)”，应为 \(known.joined(separator: "、")) 之一。")
        }
        let parent = value("parent_code")
        var aliases: [String] = []
        for alias in value("aliases").split(separator: "|").map(ChineseText.trimmed)
        where !alias.isEmpty && alias != name && !aliases.contains(alias) {
            aliases.append(alias)
        }
        return UnitRecord(code: code, name: name, kind: kind, parentCode: parent.isEmpty ? nil : parent, aliases: aliases)
    }

    private static func isCodeScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "." || scalar == "_" || scalar == "-"
    }

    /// Follows each unit's parents inside the file; meeting a unit twice is a cycle.
    private static func checkCycles(_ units: [UnitRecord], lineOfCode: [String: Int]) throws(RosterError) {
        let parentOf = Dictionary(units.map { ($0.code, $0.parentCode) }, uniquingKeysWith: { first, _ in first })
        var cleared: Set<String> = []  // units whose chain is known to end
        for unit in units {
            var chain: [String] = []
            var current: String? = unit.code
            while let code = current, parentOf[code] != nil, !cleared.contains(code) {
                if let start = chain.firstIndex(of: code) {
                    let cycle = chain[start...] + [code]
                    throw .at(lineOfCode[code]!, "cycle",
                              en: "parent_code forms a cycle: \(cycle.joined(separator: " → ")).",
                              zh: "上级单位形成循环：\(cycle.joined(separator: " → "))。")
                }
                chain.append(code)
                current = parentOf[code] ?? nil
            }
            cleared.formUnion(chain)
        }
    }
}
