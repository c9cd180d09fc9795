import DubanCore

/// What a service refuses, in the domain's terms: the kind of refusal, a code and a sentence in
/// both languages. Services (sync, supervision, assessment, accounts, plans …) throw it and never
/// speak HTTP; `APIError(_:)` is the one place that maps a kind to an HTTP status. Inside a sync,
/// a writer's `DomainError` is that mutation's refusal, never the batch's.
struct DomainError: Error, Sendable, CustomStringConvertible {
    enum Kind: Sendable, Equatable {
        /// The request is not well formed: a field missing or of the wrong type, an unknown protocol.
        case malformed
        /// Well formed, but it breaks a rule.
        case invalid
        /// A named record does not exist.
        case missing
        /// The record's state does not allow it (an illegal transition).
        case refused
        /// The caller is not who it says (a wrong password, an unknown login).
        case unauthenticated
        /// The caller may not do this.
        case forbidden
        /// Too many attempts: try again after `retryAfter` seconds.
        case throttled
        /// More than one request may carry.
        case tooLarge
        /// A kind of content not accepted.
        case unsupported
        /// The server's own data breaks the schema's rules.
        case inconsistent
    }

    var kind: Kind
    var code: String
    var message: LocalizedText
    /// Seconds after which trying again may succeed.
    var retryAfter: Int?

    init(_ kind: Kind, code: String, message: LocalizedText, retryAfter: Int? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    var description: String { "\(code): \(message.en)" }

    /// True when what was asked is at fault (it breaks a rule, names nothing, is not allowed): inside
    /// a sync, that mutation's stored refusal. False for what may pass by itself (a throttle) or is
    /// the server's fault, which must not be stored as a refusal.
    var isTheRequestsFault: Bool {
        switch kind {
        case .malformed, .invalid, .missing, .refused, .forbidden, .unsupported, .tooLarge: true
        case .unauthenticated, .throttled, .inconsistent: false
        }
    }

    static func invalid(_ code: String, en: String, zh: String) -> DomainError {
        DomainError(.invalid, code: code, message: .init(en: en, zh: zh))
    }

    static func missing(_ code: String, en: String, zh: String) -> DomainError {
        DomainError(.missing, code: code, message: .init(en: en, zh: zh))
    }

    static func refused(_ code: String, en: String, zh: String) -> DomainError {
        DomainError(.refused, code: code, message: .init(en: en, zh: zh))
    }

    /// A field missing or of the wrong type.
    static func badField(_ field: String) -> DomainError {
        DomainError(.malformed, code: "bad_field",
                    message: .init(en: "field \(field) is missing or has the wrong type", zh: "字段 \(field) 缺失或类型错误"))
    }

    /// Data that breaks the schema's own rules; the message names no value.
    static func internalInconsistency(_ what: String) -> DomainError {
        DomainError(.inconsistent, code: "server.inconsistent",
                    message: .init(en: "the server found inconsistent data (\(what))", zh: "服务器数据不一致（\(what)）"))
    }

    static func accountNotFound(_ login: String) -> DomainError {
        .missing("account.not_found", en: "no account \(login)", zh: "账号 \(login) 不存在")
    }

    static func unitNotFound(_ code: String) -> DomainError {
        .missing("unit.not_found", en: "no unit \(code)", zh: "单位 \(code) 不存在")
    }
}
