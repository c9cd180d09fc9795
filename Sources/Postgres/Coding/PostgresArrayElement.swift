import Foundation

/// A type whose Swift arrays are PostgreSQL values: `[String]` is text[], `[Int]` bigint[],
/// `[Bool]` boolean[], `[Double]` double precision[], `[UUID]` uuid[], and `[UInt8]` is bytea.
///
/// One-dimensional arrays without NULL elements only; decoding anything else fails.
public protocol PostgresArrayElement: Sendable {
    /// The bind parameter for a Swift array of this type.
    static func postgresBind(forArray elements: [Self]) -> PostgresBind
    /// Decodes a Swift array of this type from PostgreSQL's text output; nil when it does not fit.
    static func postgresArray(fromText text: String) -> [Self]?
}

extension UInt8: PostgresArrayElement {
    public static func postgresBind(forArray elements: [UInt8]) -> PostgresBind {
        PostgresBind(bytes: elements, typeOID: PostgresTypeOID.bytea, format: .binary)
    }

    public static func postgresArray(fromText text: String) -> [UInt8]? {
        PostgresBytea.decodeHex(text)
    }
}

extension String: PostgresArrayElement {
    public static func postgresBind(forArray elements: [String]) -> PostgresBind {
        PostgresArrayLiteral.bind(elements, typeOID: PostgresTypeOID.textArray)
    }

    public static func postgresArray(fromText text: String) -> [String]? {
        PostgresArrayLiteral.decode(text)
    }
}

extension Int: PostgresArrayElement {
    public static func postgresBind(forArray elements: [Int]) -> PostgresBind {
        PostgresArrayLiteral.bind(elements, typeOID: PostgresTypeOID.int8Array)
    }

    public static func postgresArray(fromText text: String) -> [Int]? {
        PostgresArrayLiteral.decode(text)
    }
}

extension Int64: PostgresArrayElement {
    public static func postgresBind(forArray elements: [Int64]) -> PostgresBind {
        PostgresArrayLiteral.bind(elements, typeOID: PostgresTypeOID.int8Array)
    }

    public static func postgresArray(fromText text: String) -> [Int64]? {
        PostgresArrayLiteral.decode(text)
    }
}

extension Int32: PostgresArrayElement {
    public static func postgresBind(forArray elements: [Int32]) -> PostgresBind {
        PostgresArrayLiteral.bind(elements, typeOID: PostgresTypeOID.int4Array)
    }

    public static func postgresArray(fromText text: String) -> [Int32]? {
        PostgresArrayLiteral.decode(text)
    }
}

extension Bool: PostgresArrayElement {
    public static func postgresBind(forArray elements: [Bool]) -> PostgresBind {
        PostgresArrayLiteral.bind(elements, typeOID: PostgresTypeOID.boolArray)
    }

    public static func postgresArray(fromText text: String) -> [Bool]? {
        PostgresArrayLiteral.decode(text)
    }
}

extension Double: PostgresArrayElement {
    public static func postgresBind(forArray elements: [Double]) -> PostgresBind {
        PostgresArrayLiteral.bind(elements, typeOID: PostgresTypeOID.float8Array)
    }

    public static func postgresArray(fromText text: String) -> [Double]? {
        PostgresArrayLiteral.decode(text)
    }
}

extension UUID: PostgresArrayElement {
    public static func postgresBind(forArray elements: [UUID]) -> PostgresBind {
        PostgresArrayLiteral.bind(elements, typeOID: PostgresTypeOID.uuidArray)
    }

    public static func postgresArray(fromText text: String) -> [UUID]? {
        PostgresArrayLiteral.decode(text)
    }
}

/// PostgreSQL's array literal, `{"a","b \"c\"",NULL}`, for one-dimensional arrays.
enum PostgresArrayLiteral {
    /// Every element quoted, `\` and `"` escaped: valid for any element text.
    static func encode(_ elements: [String]) -> String {
        var literal = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { literal += "," }
            literal += "\""
            for character in element.unicodeScalars {
                if character == "\\" || character == "\"" { literal += "\\" }
                literal.unicodeScalars.append(character)
            }
            literal += "\""
        }
        return literal + "}"
    }

    static func bind<Element: PostgresEncodable>(_ elements: [Element], typeOID: UInt32) -> PostgresBind {
        let texts = elements.map { String(decoding: $0.postgresBind.bytes ?? [], as: UTF8.self) }
        return PostgresBind(text: encode(texts), typeOID: typeOID)
    }

    static func decode<Element: PostgresDecodable>(_ text: String) -> [Element]? {
        guard let texts = parse(text) else { return nil }
        var elements: [Element] = []
        elements.reserveCapacity(texts.count)
        for text in texts {
            guard let text, let element = Element(postgresText: text) else { return nil }
            elements.append(element)
        }
        return elements
    }

    /// The elements of a one-dimensional array literal, nil for a NULL element; nil when malformed
    /// or multi-dimensional. Works on UTF-8 bytes: multi-byte characters never contain ASCII bytes.
    static func parse(_ text: String) -> [String?]? {
        let bytes = Array(text.utf8)
        var index = 0
        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }
        func skipSpaces() {
            while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") {
                index += 1
            }
        }

        // Explicit bounds such as "[0:2]={...}".
        if peek() == UInt8(ascii: "[") {
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            index = equals + 1
        }
        guard peek() == UInt8(ascii: "{") else { return nil }
        index += 1
        skipSpaces()
        var elements: [String?] = []
        if peek() == UInt8(ascii: "}") {
            index += 1
            return index == bytes.count ? elements : nil
        }
        while true {
            skipSpaces()
            guard let first = peek() else { return nil }
            if first == UInt8(ascii: "{") { return nil }  // multi-dimensional
            var element: [UInt8] = []
            if first == UInt8(ascii: "\"") {
                index += 1
                while true {
                    guard var byte = peek() else { return nil }
                    index += 1
                    if byte == UInt8(ascii: "\"") { break }
                    if byte == UInt8(ascii: "\\") {
                        guard let escaped = peek() else { return nil }
                        byte = escaped
                        index += 1
                    }
                    element.append(byte)
                }
                elements.append(String(decoding: element, as: UTF8.self))
            } else {
                var sawEscape = false
                while let byte = peek(), byte != UInt8(ascii: ","), byte != UInt8(ascii: "}") {
                    index += 1
                    if byte == UInt8(ascii: "\\") {
                        guard let escaped = peek() else { return nil }
                        element.append(escaped)
                        sawEscape = true
                        index += 1
                    } else {
                        element.append(byte)
                    }
                }
                while let last = element.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
                    element.removeLast()
                }
                let value = String(decoding: element, as: UTF8.self)
                elements.append(!sawEscape && value.uppercased() == "NULL" ? nil : value)
            }
            skipSpaces()
            guard let separator = peek() else { return nil }
            index += 1
            if separator == UInt8(ascii: "}") { break }
            guard separator == UInt8(ascii: ",") else { return nil }
        }
        return index == bytes.count ? elements : nil
    }
}
