import DubanCore
import Hummingbird

extension APIError {
    /// 409: the request is well formed but the record's state does not allow it (an illegal transition).
    static func refused(_ code: String, en: String, zh: String) -> APIError {
        APIError(status: .conflict, code: code, message: .init(en: en, zh: zh))
    }

    /// 404 for a named record.
    static func missing(_ code: String, en: String, zh: String) -> APIError {
        APIError(status: .notFound, code: code, message: .init(en: en, zh: zh))
    }

    /// 500 for data that breaks the schema's own rules; the message names no value.
    static func internalInconsistency(_ what: String) -> APIError {
        APIError(status: .internalServerError, code: "server.inconsistent",
                 message: .init(en: "the server found inconsistent data (\(what))", zh: "服务器数据不一致（\(what)）"))
    }
}
