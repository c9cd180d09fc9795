import DubanCore
import Foundation
import Hummingbird
import Synchronization

extension Request {
    /// Decodes a JSON object body strictly: at most `limit` bytes, valid UTF-8 JSON, the right types,
    /// and no field the type does not know. Every failure is a 4xx with a code and both languages.
    func decodeStrict<T: Codable>(_ type: T.Type, context: DubanRequestContext, limit: Int = 64 * 1024) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.bodyTooLarge(limit: limit)
        }
        let data = Data(buffer.readableBytesView)
        // UTF-8 only: Foundation would also take UTF-16 and UTF-32 (which, without a byte order mark,
        // are valid UTF-8 full of NUL bytes; JSON text never holds a raw NUL). Nesting deeper than
        // Foundation's parsers allow (512) is refused by them, not by a crash.
        guard !data.contains(0), String(validating: data, as: UTF8.self) != nil,
              let object = try? JSONSerialization.jsonObject(with: data, options: []) as? [String: Any] else {
            throw APIError(status: .badRequest, code: "bad_json",
                           message: .init(en: "the body must be a JSON object in UTF-8", zh: "请求内容必须是 UTF-8 编码的 JSON 对象"))
        }
        if JSONText.containsNUL(buffer.readableBytesView) { throw APIError.textWithNUL }
        let value: T
        do {
            value = try WireJSON.decoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError.badField(Self.describe(error))
        }
        // Unknown fields: keys that name no stored property of the type (a null may stand for an absent
        // optional). The names come from the value itself, so the body is parsed twice, never re-encoded.
        let known = Self.fieldNames(of: value)
        let unknown = object.filter { !known.contains($0.key) && !($0.value is NSNull) }.keys.sorted()
        if !unknown.isEmpty {
            throw APIError(status: .badRequest, code: "unknown_field",
                           message: .init(en: "unknown field(s): \(unknown.joined(separator: ", "))",
                                          zh: "未知字段：\(unknown.joined(separator: "、"))"))
        }
        return value
    }

    /// The wire names (snake_case, as WireJSON writes them) of a value's stored properties, cached per type.
    static func fieldNames<T>(of value: T) -> Set<String> {
        let key = ObjectIdentifier(T.self)
        if let cached = fieldNameCache.withLock({ $0[key] }) { return cached }
        let names = Set(Mirror(reflecting: value).children.compactMap { $0.label?.snakeCased })
        fieldNameCache.withLock { $0[key] = names }
        return names
    }

    private static let fieldNameCache = Mutex<[ObjectIdentifier: Set<String>]>([:])

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let names = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue.snakeCased }
            return names.isEmpty ? "body" : names.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return (context.codingPath.map(\.stringValue.snakeCased) + [key.stringValue.snakeCased]).joined(separator: ".")
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return path(context)
        @unknown default:
            return "body"
        }
    }
}

extension APIError {
    static func badField(_ field: String) -> APIError {
        APIError(status: .badRequest, code: "bad_field",
                 message: .init(en: "field \(field) is missing or has the wrong type", zh: "字段 \(field) 缺失或类型错误"))
    }

    static func invalid(_ code: String, en: String, zh: String) -> APIError {
        APIError(status: .unprocessableContent, code: code, message: .init(en: en, zh: zh))
    }
}

extension String {
    /// camelCase to snake_case, as WireJSON writes keys.
    var snakeCased: String {
        var result = ""
        for character in self {
            if character.isUppercase {
                if !result.isEmpty { result.append("_") }
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }
}
