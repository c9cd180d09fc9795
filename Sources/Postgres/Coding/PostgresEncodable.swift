import Foundation

/// A Swift value that can be sent as a bind parameter; interpolate it into a ``PostgresQuery``.
///
/// | Swift | PostgreSQL type (OID) | format |
/// | --- | --- | --- |
/// | `String` | unknown (0): PostgreSQL infers it from the statement | text |
/// | `Int`, `Int64` / `Int32` | bigint (20) / integer (23) | text |
/// | `Bool` | boolean (16) | text |
/// | `Double` | double precision (701) | text |
/// | `Data`, `[UInt8]` | bytea (17) | binary |
/// | `UUID` | uuid (2950) | text |
/// | `Date` | timestamptz (1184), ISO 8601 in UTC, microseconds | text |
/// | ``PostgresDate`` | date (1082) | text |
/// | `[String]`, `[Int]`, `[Bool]`, `[Double]`, `[UUID]`... | text[] (1009), bigint[] (1016)... | text |
///
/// Conform your own types by returning a ``PostgresBind`` (often one of the above's).
public protocol PostgresEncodable: Sendable {
    /// This value as a bind parameter.
    var postgresBind: PostgresBind { get }
}

extension String: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(text: self, typeOID: PostgresTypeOID.unknown) }
}

extension Int: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(text: String(self), typeOID: PostgresTypeOID.int8) }
}

extension Int64: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(text: String(self), typeOID: PostgresTypeOID.int8) }
}

extension Int32: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(text: String(self), typeOID: PostgresTypeOID.int4) }
}

extension Bool: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(text: self ? "t" : "f", typeOID: PostgresTypeOID.bool) }
}

extension Double: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(text: postgresText, typeOID: PostgresTypeOID.float8) }

    /// PostgreSQL's spelling; Swift's `description` would give "inf" and "nan".
    var postgresText: String {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return description
    }
}

extension Data: PostgresEncodable {
    public var postgresBind: PostgresBind {
        PostgresBind(bytes: [UInt8](self), typeOID: PostgresTypeOID.bytea, format: .binary)
    }
}

extension UUID: PostgresEncodable {
    public var postgresBind: PostgresBind {
        PostgresBind(text: uuidString.lowercased(), typeOID: PostgresTypeOID.uuid)
    }
}

extension Date: PostgresEncodable {
    public var postgresBind: PostgresBind {
        PostgresBind(text: PostgresTimestamp.format(self), typeOID: PostgresTypeOID.timestamptz)
    }
}

extension PostgresDate: PostgresEncodable {
    public var postgresBind: PostgresBind { PostgresBind(text: description, typeOID: PostgresTypeOID.date) }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public var postgresBind: PostgresBind { Element.postgresBind(forArray: self) }
}
