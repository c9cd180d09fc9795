import DubanCore
import Foundation
import Hummingbird

/// An error answered to an API client: an HTTP status, a machine-readable code and a sentence in
/// English and Chinese, as `{"error":{"code":…,"message":…,"message_zh":…},"requestId":…}`. Never a
/// stack trace. `requestId` is the request's id (``RequestID``), the same as its `X-Request-Id`.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: LocalizedText
    /// Seconds after which a retry may succeed (sent as `Retry-After`).
    public var retryAfter: Int?

    public init(status: HTTPResponse.Status, code: String, message: LocalizedText, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(code: code, message: message.en, messageZh: message.zh), requestId: RequestID.of(context))
        let data = try Body.encoder.encode(body)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension APIError {
    /// The error body as sent. The same as ``APIErrorBody`` with WireJSON's snake_case keys, except
    /// `requestId`, whose name the deployment contract fixes; so it is encoded with these keys as written.
    private struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            var messageZh: String

            enum CodingKeys: String, CodingKey {
                case code, message, messageZh = "message_zh"
            }
        }

        var error: Detail
        var requestId: String?

        enum CodingKeys: String, CodingKey {
            case error, requestId
        }

        static var encoder: JSONEncoder {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return encoder
        }
    }

    /// A code for an HTTP status the router answers by itself.
    static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .badRequest: "bad_request"
        case .contentTooLarge: "too_large"
        case .unsupportedMediaType: "unsupported_media_type"
        default: "http_\(status.code)"
        }
    }

    /// A sentence for an HTTP status the router answers by itself.
    static func message(for status: HTTPResponse.Status) -> LocalizedText {
        switch status {
        case .notFound: .init(en: "no such resource", zh: "请求的资源不存在")
        case .methodNotAllowed: .init(en: "this method is not allowed here", zh: "不支持该请求方法")
        case .badRequest: .init(en: "the request is malformed", zh: "请求格式错误")
        case .contentTooLarge: .init(en: "the request body is too large", zh: "请求内容过大")
        case .unsupportedMediaType: .init(en: "unsupported content type", zh: "不支持的内容类型")
        default: .init(en: "request failed (HTTP \(status.code))", zh: "请求失败（HTTP \(status.code)）")
        }
    }
}

