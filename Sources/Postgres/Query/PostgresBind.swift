/// One bind parameter (`$n`) as sent to PostgreSQL: its bytes (nil for SQL NULL), type OID and format.
///
/// You rarely build one: interpolating a ``PostgresEncodable`` value into a ``PostgresQuery``
/// does it. Its `description` never shows the value.
public struct PostgresBind: Sendable, Hashable, CustomStringConvertible {
    /// How ``bytes`` are to be read by the server.
    public enum Format: Sendable, Hashable {
        /// PostgreSQL's text input syntax for the type; must not contain a NUL byte.
        case text
        /// PostgreSQL's binary send format for the type (bytea: the raw bytes).
        case binary
    }

    /// The value's bytes, or nil for SQL NULL.
    public var bytes: [UInt8]?
    /// The parameter's type OID; 0 lets PostgreSQL infer the type from the statement.
    public var typeOID: UInt32
    /// The format of ``bytes``.
    public var format: Format

    /// A parameter from raw bytes.
    public init(bytes: [UInt8]?, typeOID: UInt32 = 0, format: Format = .text) {
        self.bytes = bytes
        self.typeOID = typeOID
        self.format = format
    }

    /// A parameter in text format.
    public init(text: String, typeOID: UInt32 = 0) {
        self.init(bytes: Array(text.utf8), typeOID: typeOID, format: .text)
    }

    /// SQL NULL, of unknown type (PostgreSQL infers it).
    public static let null = PostgresBind(bytes: nil)

    /// True for SQL NULL.
    public var isNull: Bool { bytes == nil }

    public var description: String {
        let value = bytes.map { "\($0.count) bytes" } ?? "NULL"
        return "PostgresBind(typeOID: \(typeOID), \(format), \(value))"
    }
}

/// Type OIDs (`pg_type.oid`) used by this module's encoders.
enum PostgresTypeOID {
    static let unknown: UInt32 = 0
    static let bool: UInt32 = 16
    static let bytea: UInt32 = 17
    static let int8: UInt32 = 20
    static let int2: UInt32 = 21
    static let int4: UInt32 = 23
    static let text: UInt32 = 25
    static let float8: UInt32 = 701
    static let boolArray: UInt32 = 1000
    static let int4Array: UInt32 = 1007
    static let textArray: UInt32 = 1009
    static let int8Array: UInt32 = 1016
    static let float8Array: UInt32 = 1022
    static let date: UInt32 = 1082
    static let timestamptz: UInt32 = 1184
    static let uuid: UInt32 = 2950
    static let uuidArray: UInt32 = 2951
}
