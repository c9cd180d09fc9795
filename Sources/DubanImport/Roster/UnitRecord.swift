import DubanCore

/// One unit of the roster: who can be assigned a task and hold an account.
public struct UnitRecord: Codable, Sendable, Hashable {
    /// Stable short identifier (`czj`), ASCII letters, digits, `.`, `_` and `-`.
    public var code: String
    /// The official name (`区财政局`).
    public var name: String
    /// What kind of organisation it is.
    public var kind: UnitKind
    /// The unit it belongs to, if any (a bureau's district government).
    public var parentCode: String?
    /// Other names that notices use for it (`财政局`), so they resolve to this unit.
    public var aliases: [String]

    /// Makes a record; no validation (``UnitRoster/parseCSV(_:knownCodes:)`` validates a whole roster).
    public init(code: String, name: String, kind: UnitKind, parentCode: String? = nil, aliases: [String] = []) {
        self.code = code
        self.name = name
        self.kind = kind
        self.parentCode = parentCode
        self.aliases = aliases
    }
}
