import DubanCore

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
    /// Names resolved for one import (`--map "各相关单位=zjj,czj"`), by key.
    private var codesByMapping: [String: [String]] = [:]

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

    /// The same directory with `mappings` (a name as written → unit codes) resolved before the roster.
    public func mapping(_ mappings: [String: [String]]) -> UnitDirectory {
        var copy = self
        for (name, codes) in mappings { copy.codesByMapping[Self.key(name)] = codes }
        return copy
    }

    /// What `name` (one name from a unit cell) stands for.
    public func resolve(_ name: String) -> UnitResolution {
        let key = Self.key(name)
        guard !key.isEmpty else { return .unknown }
        if let codes = codesByMapping[key] {
            return codes.count == 1 ? .unit(code: codes[0]) : .collective(kind: nil, codes: codes)
        }
        if let code = codeByName[key] ?? codeByAlias[key] { return .unit(code: code) }
        if let kind = CollectiveUnitTerm.kinds[key] {
            return .collective(kind: kind, codes: units.filter { $0.kind == kind }.map(\.code))
        }
        return .unknown
    }

    /// How `name` resolves, for a preview: by name, alias, collective term, the import's mapping, or not at all
    /// (then the nearest roster names, and whether it is a vague group term that must be mapped, never guessed).
    public func match(_ name: String) -> UnitMatch {
        let key = Self.key(name)
        let resolution = resolve(name)
        let how: UnitMatch.How
        if codesByMapping[key] != nil {
            how = .mapped
        } else if codeByName[key] != nil {
            how = .name
        } else if codeByAlias[key] != nil {
            how = .alias
        } else if case .collective = resolution {
            how = .collective
        } else {
            how = .unresolved
        }
        let codes = resolution.codes
        return UnitMatch(written: name, how: how, codes: codes,
                         names: codes.map { unit(code: $0)?.name ?? $0 },
                         nearest: how == .unresolved ? nearest(to: name) : [],
                         vague: how == .unresolved && VagueUnitTerm.isVague(name))
    }

    /// Up to three roster names closest to `name` (most characters in common, in order), for a name that
    /// matched none.
    public func nearest(to name: String, limit: Int = 3) -> [String] {
        let target = Array(Self.key(name))
        guard !target.isEmpty else { return [] }
        var scored: [(score: Double, name: String)] = []
        for unit in units {
            // Sharing only the frame of a name (区…局) is no likeness: at least three characters and 60 %.
            let best = ([unit.name] + unit.aliases).map { candidate -> Double in
                let other = Array(Self.key(candidate))
                let common = Self.commonSubsequence(target, other)
                return common >= 3 ? Double(common) / Double(max(target.count, other.count)) : 0
            }.max() ?? 0
            if best >= 0.6 { scored.append((best, unit.name)) }
        }
        return scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.name < $1.name }.prefix(limit).map(\.name)
    }

    /// The length of the longest common subsequence of two short names.
    static func commonSubsequence(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty, !b.isEmpty, a.count <= 200, b.count <= 200 else { return 0 }
        var previous = Array(repeating: 0, count: b.count + 1)
        for x in a {
            var current = Array(repeating: 0, count: b.count + 1)
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            previous = current
        }
        return previous[b.count]
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
