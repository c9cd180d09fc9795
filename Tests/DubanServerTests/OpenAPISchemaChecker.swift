import Foundation

/// A small checker for the OpenAPI 3.0 schemas of Deploy/openapi.json: `$ref`, `type` (with
/// `integer` apart from `number`), `nullable`, `enum`, `required`, `properties`,
/// `additionalProperties` (false or a schema), `items`, `minimum`/`maximum`, `pattern` and the
/// formats `date-time`, `date` and `uuid`. It answers every violation with its JSON path, so a
/// renamed, missing or mistyped field in an answer is named.
struct OpenAPISchemaChecker: Sendable {
    /// `components.schemas` of the document.
    let schemas: [String: OpenAPIJSONValue]

    init(document: OpenAPIJSONValue) {
        schemas = document["components"]?["schemas"]?.objectValue ?? [:]
    }

    /// Every violation of `schema` by `value`; empty when it conforms.
    func violations(of value: OpenAPIJSONValue, against schema: OpenAPIJSONValue, at path: String = "$") -> [String] {
        var found: [String] = []
        check(value, schema, path, &found, depth: 0)
        return found
    }

    private func resolve(_ schema: OpenAPIJSONValue) -> OpenAPIJSONValue? {
        guard let reference = schema["$ref"]?.stringValue else { return schema }
        let prefix = "#/components/schemas/"
        guard reference.hasPrefix(prefix) else { return nil }
        return schemas[String(reference.dropFirst(prefix.count))]
    }

    private func check(_ value: OpenAPIJSONValue, _ raw: OpenAPIJSONValue, _ path: String, _ found: inout [String], depth: Int) {
        guard depth < 64 else { found.append("\(path): schema nests too deep"); return }
        guard let schema = resolve(raw) else {
            found.append("\(path): unresolvable \(raw["$ref"]?.stringValue ?? "schema")")
            return
        }
        if value == .null {
            if schema["nullable"]?.boolValue != true { found.append("\(path): null is not allowed") }
            return
        }
        if let type = schema["type"]?.stringValue, !Self.matches(value, type: type) {
            found.append("\(path): expected \(type), got \(value)")
            return
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            found.append("\(path): \(value) is not one of \(options.map(\.description).joined(separator: ", "))")
        }
        if let text = value.stringValue {
            if let format = schema["format"]?.stringValue, !Self.conforms(text, format: format) {
                found.append("\(path): \"\(text)\" is not a \(format)")
            }
            if let pattern = schema["pattern"]?.stringValue, text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(path): \"\(text)\" does not match \(pattern)")
            }
        }
        if let number = value.doubleValue {
            if let minimum = schema["minimum"]?.doubleValue, number < minimum { found.append("\(path): \(number) < \(minimum)") }
            if let maximum = schema["maximum"]?.doubleValue, number > maximum { found.append("\(path): \(number) > \(maximum)") }
        }
        if let items = value.arrayValue, let itemSchema = schema["items"] {
            for (index, item) in items.enumerated() {
                check(item, itemSchema, "\(path)[\(index)]", &found, depth: depth + 1)
            }
        }
        if let members = value.objectValue {
            let properties = schema["properties"]?.objectValue ?? [:]
            for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
                found.append("\(path): required field \(name) is missing")
            }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                if let propertySchema = properties[name] {
                    check(member, propertySchema, "\(path).\(name)", &found, depth: depth + 1)
                } else if let additional = schema["additionalProperties"] {
                    if additional == .bool(false) {
                        found.append("\(path): field \(name) is not in the schema")
                    } else if additional != .bool(true) {
                        check(member, additional, "\(path).\(name)", &found, depth: depth + 1)
                    }
                }
            }
        }
    }

    static func matches(_ value: OpenAPIJSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("integer", .integer),
             ("number", .integer), ("number", .number):
            true
        case ("integer", .number(let number)):
            number.rounded() == number && abs(number) < 9.2e18
        default:
            false
        }
    }

    static func conforms(_ text: String, format: String) -> Bool {
        switch format {
        case "date-time":
            let pattern = #"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$"#
            return text.range(of: pattern, options: .regularExpression) != nil
        case "date":
            let parts = text.split(separator: "-")
            guard text.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#, options: .regularExpression) != nil,
                  let month = Int(parts[1]), let day = Int(parts[2]) else { return false }
            return (1...12).contains(month) && (1...31).contains(day)
        case "uuid":
            return UUID(uuidString: text) != nil
        default:
            return true
        }
    }
}
