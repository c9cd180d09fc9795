import DubanCore

/// What a name written in a unit cell stands for.
public enum UnitResolution: Sendable, Equatable {
    /// One unit of the roster, by its name or an alias.
    case unit(code: String)
    /// A generic collective term (各街道办事处) for every roster unit of `kind`, in roster order.
    /// `codes` is empty when the roster has no unit of that kind.
    /// `kind` is nil for a name the import maps to several units (`--map`).
    case collective(kind: UnitKind?, codes: [String])
    /// Nothing in the roster matches.
    case unknown

    /// The units this resolution stands for (none for `.unknown`).
    public var codes: [String] {
        switch self {
        case .unit(let code): [code]
        case .collective(_, let codes): codes
        case .unknown: []
        }
    }
}
