import Hummingbird

extension APIError {
    /// The HTTP answer to a service's refusal.
    init(_ error: DomainError) {
        let status: HTTPResponse.Status = switch error.kind {
        case .malformed: .badRequest
        case .invalid: .unprocessableContent
        case .missing: .notFound
        case .refused: .conflict
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .throttled: .tooManyRequests
        case .tooLarge: .contentTooLarge
        case .unsupported: .unsupportedMediaType
        case .inconsistent: .internalServerError
        }
        self.init(status: status, code: error.code, message: error.message, retryAfter: error.retryAfter)
    }
}
