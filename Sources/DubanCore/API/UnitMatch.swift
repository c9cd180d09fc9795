/// How one name written in a notice resolves against the roster, as the import preview shows it.
public struct UnitMatch: Codable, Sendable, Equatable {
    /// How the name was matched.
    public enum How: String, Codable, Sendable {
        /// A unit's name.
        case name
        /// One of a unit's aliases.
        case alias
        /// A collective term (各街道办事处) for every unit of a kind.
        case collective
        /// The import's own mapping (`--map`).
        case mapped
        /// Nothing matches.
        case unresolved
    }

    /// The name as written.
    public var written: String
    public var how: How
    /// The units it stands for (none when unresolved).
    public var codes: [String]
    /// Their names, in the same order.
    public var names: [String]
    /// For an unresolved name, the roster names closest to it.
    public var nearest: [String]
    /// An unresolved group term (各相关单位, 区直各部门) that names no unit: map it (`--map`), never create it.
    public var vague: Bool

    /// Makes a match from its fields.
    public init(written: String, how: How, codes: [String], names: [String], nearest: [String], vague: Bool) {
        self.written = written
        self.how = how
        self.codes = codes
        self.names = names
        self.nearest = nearest
        self.vague = vague
    }
}
