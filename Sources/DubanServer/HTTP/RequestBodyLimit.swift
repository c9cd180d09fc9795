import Hummingbird

/// The largest request body each route takes, enforced in one place (``APIRoutes``) before its handler
/// runs: a declared `Content-Length` over the limit is refused without reading the body, and a body
/// sent without a length is read only up to the limit. Either way the answer is 413 `too_large`.
enum RequestBodyLimit {
    /// The limit of a JSON body unless a route declares another (sign-in, urges, notes, …).
    static let json = 64 * 1024

    /// A route's limit when it declares none: no body for `GET`, `HEAD` and `DELETE`, a small JSON
    /// body for the rest. Routes that take no body with `POST` declare 0 themselves.
    static func defaultLimit(for method: HTTPRequest.Method) -> Int {
        switch method {
        case .get, .head, .delete: 0
        default: json
        }
    }

    /// Refuses a body over `limit` bytes; otherwise returns the request with its body read into memory
    /// (at most `limit` bytes), so the handler's own reading cannot run past it.
    static func enforce(_ request: Request, limit: Int) async throws -> Request {
        if let declared = request.headers[.contentLength], let length = Int(declared), length > limit {
            throw APIError.bodyTooLarge(limit: limit)
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.bodyTooLarge(limit: limit)
        }
        return request
    }
}

extension APIError {
    /// 413 `too_large`: the body is over the route's limit (or the route takes none).
    static func bodyTooLarge(limit: Int) -> APIError {
        if limit == 0 {
            return APIError(status: .contentTooLarge, code: "too_large",
                            message: .init(en: "this request takes no body", zh: "该请求不接受请求内容"))
        }
        let size = limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(limit / 1024) KiB"
        return APIError(status: .contentTooLarge, code: "too_large",
                        message: .init(en: "the request body is larger than \(size)", zh: "请求内容超过 \(size)"))
    }
}
