import DubanCore

/// Everything that can go wrong for the CLI, as one line a person can act on: a machine-readable
/// code (the server's own code when the server said no, `client.*` otherwise) and a sentence in
/// English and Chinese.
public struct ClientError: Error, CustomStringConvertible, Sendable {
    /// `client.*` for the client's own errors, the server's code (`auth.locked`) for its answers.
    public var code: String
    /// The sentence to show, hint included.
    public var message: LocalizedText
    /// The HTTP status when the server answered with an error; nil for the client's own errors.
    public var status: Int?
    /// Seconds after which trying again may succeed (the server's `Retry-After`).
    public var retryAfter: Int?
    /// The id the server gave the failed request (its error body's `requestId`, else its
    /// `X-Request-Id`), which finds the request in the server's log; nil for the client's own errors.
    public var requestId: String?

    public init(code: String, message: LocalizedText, status: Int? = nil, retryAfter: Int? = nil, requestId: String? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.retryAfter = retryAfter
        self.requestId = requestId
    }

    public var description: String { message.en }
}

extension ClientError {
    static func badConfiguration(_ path: String) -> Self {
        .init(code: "client.bad_configuration",
              message: .init(en: "the configuration file \(path) is damaged; fix or delete it",
                             zh: "配置文件 \(path) 已损坏，请修复或删除"))
    }

    static func badCredentials(_ path: String) -> Self {
        .init(code: "client.bad_credentials",
              message: .init(en: "the credentials file \(path) is damaged; delete it and run `duban login`",
                             zh: "登录凭据文件 \(path) 已损坏，请删除后运行 `duban login`"))
    }

    static func badServerURL(_ text: String) -> Self {
        .init(code: "client.bad_server_url",
              message: .init(en: "\(text) is not a server address (expected http://host:port or https://host)",
                             zh: "\(text) 不是有效的服务器地址（应为 http://主机:端口 或 https://主机）"))
    }

    /// No server given and none configured.
    public static let noServer = ClientError(
        code: "client.no_server",
        message: .init(en: "no server is set: pass --server URL or run `duban config set-server URL`",
                       zh: "尚未设置服务器：请使用 --server 指定，或运行 `duban config set-server 地址`"))

    /// A command that needs a session ran without one.
    public static let notSignedIn = ClientError(
        code: "client.not_signed_in",
        message: .init(en: "not signed in: run `duban login` first", zh: "尚未登录：请先运行 `duban login`"))

    /// The network failed before the server answered.
    static func unreachable(_ server: String, reason: LocalizedText) -> Self {
        .init(code: "client.unreachable",
              message: .init(en: "cannot reach the server \(server): \(reason.en)",
                             zh: "无法连接服务器 \(server)：\(reason.zh)"))
    }

    /// The server answered something that is not Duban's API.
    static func badResponse(_ server: String, status: Int, detail: String) -> Self {
        .init(code: "client.bad_response",
              message: .init(en: "the server \(server) gave an answer this client cannot read (HTTP \(status)): \(detail)",
                             zh: "服务器 \(server) 的应答无法识别（HTTP \(status)）：\(detail)"),
              status: status)
    }

    /// `DUBAN_CA_FILE` names a file that cannot be used as trust roots.
    static func badCAFile(_ path: String, reason: LocalizedText) -> Self {
        .init(code: "client.bad_ca_file",
              message: .init(en: "DUBAN_CA_FILE=\(path) cannot be used: \(reason.en)",
                             zh: "DUBAN_CA_FILE=\(path) 无法使用：\(reason.zh)"))
    }

    /// Bad input caught before anything was sent.
    public static func invalidInput(_ message: LocalizedText) -> Self {
        .init(code: "client.invalid_input", message: message)
    }
}
