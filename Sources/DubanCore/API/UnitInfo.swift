import Foundation

// Bodies of Duban's HTTP API (`/v1/...`), shared by duban-server and duban.
// On the wire: snake_case keys (WireJSON), ISO-8601 UTC times.

/// A unit as the API shows it.
public struct UnitInfo: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var kind: UnitKind
    public var parentCode: String?
    public var aliases: [String]
    public var active: Bool

    public init(code: String, name: String, kind: UnitKind, parentCode: String?, aliases: [String], active: Bool) {
        self.code = code
        self.name = name
        self.kind = kind
        self.parentCode = parentCode
        self.aliases = aliases
        self.active = active
    }
}

/// `GET /v1/units`.
public struct UnitList: Codable, Sendable, Equatable {
    public var units: [UnitInfo]
    public init(units: [UnitInfo]) { self.units = units }
}

/// `POST /v1/admin/units`.
public struct CreateUnitRequest: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var kind: UnitKind
    public var parentCode: String?
    public var aliases: [String]?

    public init(code: String, name: String, kind: UnitKind, parentCode: String? = nil, aliases: [String]? = nil) {
        self.code = code
        self.name = name
        self.kind = kind
        self.parentCode = parentCode
        self.aliases = aliases
    }
}
