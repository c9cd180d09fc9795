import Hummingbird

/// Refuses a request whose path or query holds an encoded NUL (`%00`) with 400 `bad_text`, before any
/// route hands it to PostgreSQL, whose text cannot hold one (the bind would fail as a 500). A raw NUL
/// cannot reach here: the HTTP parser refuses it.
struct URITextMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let uri = request.uri.description
        if uri.utf8.contains(UInt8(ascii: "%")), uri.range(of: "%00") != nil {
            throw APIError.textWithNUL
        }
        return try await next(request, context)
    }
}
