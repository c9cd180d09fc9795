/// Resolves names written in unit cells to roster units.
///
/// A name matches, in this order: a unit's name exactly, then one of its aliases (so 财政局 finds 区财政局
/// when the roster lists that alias), then a collective term (各街道办事处 → every subdistrict office,
/// 各镇人民政府 / 各乡镇 → every town). Comparison ignores spaces (half- and full-width), full-width
/// letters and digits, and punctuation left at either end (区执法局。).
public struct UnitDirectory: Sendable {
    /// The roster, in the order given.
    public let units: [UnitRecord]
    private let codeByName: [String: String]
    private let codeByAlias: [String: String]
    private let indexByCode: [String: Int]

    /// Builds the lookup tables. When two units share a name or alias (a roster that
    /// ``UnitRoster/parseCSV(_:knownCodes:)`` would refuse), the earlier unit wins.
    public init(units: [UnitRecord]) {
        self.units = units
        var byName: [String: String] = [:]
        var byAlias: [String: String] = [:]
        var byCode: [String: Int] = [:]
        for (index, unit) in units.enumerated() {
            if byCode[unit.code] == nil { byCode[unit.code] = index }
            let nameKey = Self.key(unit.name)
            if byName[nameKey] == nil { byName[nameKey] = unit.code }
            for alias in unit.aliases {
                let aliasKey = Self.key(alias)
                if byAlias[aliasKey] == nil { byAlias[aliasKey] = unit.code }
            }
        }
        codeByName = byName
        codeByAlias = byAlias
        indexByCode = byCode
    }

    /// What `name` (one name from a unit cell) stands for.
    public func resolve(_ name: String) -> UnitResolution {
        let key = Self.key(name)
        guard !key.isEmpty else { return .unknown }
        if let code = codeByName[key] ?? codeByAlias[key] { return .unit(code: code) }
        if let kind = CollectiveUnitTerm.kinds[key] {
            return .collective(kind: kind, codes: units.filter { $0.kind == kind }.map(\.code))
        }
        return .unknown
    }

    /// The unit with `code`, if the roster has it.
    public func unit(code: String) -> UnitRecord? {
        indexByCode[code].map { units[$0] }
    }

    private static let strayPunctuation: Set<Character> = ["。", ".", "，", ",", "、", ";", "；", ":", "：", "等"]

    /// The compact key with punctuation (and a trailing 等, "etc.") stripped from the ends.
    static func key(_ name: String) -> String {
        var key = Substring(ChineseText.compactKey(name))
        while let last = key.last, strayPunctuation.contains(last) { key = key.dropLast() }
        while let first = key.first, strayPunctuation.contains(first), first != "等" { key = key.dropFirst() }
        return String(key)
    }
}
