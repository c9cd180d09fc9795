import Foundation

/// Any JSON value, decoded without losing the difference between `true`, `1` and `1.5`, so a schema
/// checker can tell booleans, integers and numbers apart.
enum OpenAPIJSONValue: Decodable, Equatable, Sendable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([OpenAPIJSONValue])
    case object([String: OpenAPIJSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([OpenAPIJSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: OpenAPIJSONValue].self))
        }
    }

    /// Parses JSON text.
    static func parse(_ data: Data) throws -> OpenAPIJSONValue {
        try JSONDecoder().decode(OpenAPIJSONValue.self, from: data)
    }

    subscript(key: String) -> OpenAPIJSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var objectValue: [String: OpenAPIJSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    var arrayValue: [OpenAPIJSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The value as a number, for `minimum`/`maximum`.
    var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let items): "[\(items.count) item(s)]"
        case .object(let members): "{\(members.keys.sorted().joined(separator: ", "))}"
        }
    }
}
