import Hummingbird

/// Gives every request an id (see ``RequestID``): puts it into the request's logger metadata as
/// `request_id`, so every log line of the request carries it, and into the `X-Request-Id` header of
/// every answer, errors and 404s included.
///
/// The outermost middleware: an error thrown inside becomes its answer here (``APIError`` writes the
/// id into its body), so that the header can be set on it.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = RequestID.accepting(request.headers[.requestID])
        var context = context
        context.logger[metadataKey: RequestID.metadataKey] = .string(id)
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            // `ErrorMiddleware` turns everything into an `HTTPResponseError`; this is the last resort.
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            response = try APIError(status: .internalServerError, code: "internal",
                                    message: .init(en: "internal error; it has been logged", zh: "服务器内部错误，已记录日志"))
                .response(from: request, context: context)
        }
        response.headers[.requestID] = id
        return response
    }
}
