import Foundation

/// A Swift value that can be read from a result column (PostgreSQL's text output format).
///
/// Supports the types of ``PostgresEncodable``. Results are read as text with the session in
/// UTC, ISO dates and hex bytea, which ``PostgresConnection`` sets up when it connects.
public protocol PostgresDecodable: Sendable {
    /// Creates a value from PostgreSQL's text output for it; nil when the text does not fit this type.
    init?(postgresText text: String)
}

extension String: PostgresDecodable {
    public init?(postgresText text: String) { self = text }
}

extension Int: PostgresDecodable {
    public init?(postgresText text: String) { self.init(text) }
}

extension Int64: PostgresDecodable {
    public init?(postgresText text: String) { self.init(text) }
}

extension Int32: PostgresDecodable {
    public init?(postgresText text: String) { self.init(text) }
}

extension Bool: PostgresDecodable {
    public init?(postgresText text: String) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension Double: PostgresDecodable {
    public init?(postgresText text: String) {
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default: self.init(text)
        }
    }
}

extension Data: PostgresDecodable {
    public init?(postgresText text: String) {
        guard let bytes = PostgresBytea.decodeHex(text) else { return nil }
        self.init(bytes)
    }
}

extension UUID: PostgresDecodable {
    public init?(postgresText text: String) { self.init(uuidString: text) }
}

extension Date: PostgresDecodable {
    /// From timestamptz (or timestamp, read as UTC); `infinity` and `-infinity` become
    /// `distantFuture` and `distantPast`.
    public init?(postgresText text: String) {
        guard let date = PostgresTimestamp.parse(text) else { return nil }
        self = date
    }
}

extension PostgresDate: PostgresDecodable {
    public init?(postgresText text: String) { self.init(text) }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    public init?(postgresText text: String) {
        guard let elements = Element.postgresArray(fromText: text) else { return nil }
        self = elements
    }
}

/// bytea's hex text format: `\x` then two hex digits per byte.
enum PostgresBytea {
    static func decodeHex(_ text: String) -> [UInt8]? {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable(decodeHex) ?? nil
    }

    private static func decodeHex(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard input.count >= 2, input[0] == UInt8(ascii: "\\"), input[1] == UInt8(ascii: "x"),
            input.count % 2 == 0
        else { return nil }
        let count = (input.count - 2) / 2
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { output, initialized in
            for index in 0..<count {
                guard let high = nibble(input[2 + 2 * index]), let low = nibble(input[3 + 2 * index]) else {
                    failed = true
                    break
                }
                output[index] = high << 4 | low
                initialized = index + 1
            }
        }
        return failed ? nil : bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
