import AsyncHTTPClient
import DubanCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOSSL

/// Duban's HTTP API (`/v1/...`) as Swift calls, over one AsyncHTTPClient that lives as long as
/// the closure given to ``with(server:token:timeouts:_:)``:
///
/// ```swift
/// let me = try await APIClient.with(server: credentials.server, token: credentials.token) { api in
///     try await api.me()
/// }
/// ```
///
/// Every failure is a ``ClientError``: the server's code and sentences for its error answers,
/// `client.unreachable` naming the server when the network failed.
public struct APIClient: Sendable {
    /// How long to wait for the network.
    public struct Timeouts: Sendable, Equatable {
        /// For a TCP (and TLS) connection to be set up.
        public var connect: Duration
        /// For the next bytes of an answer once the request is sent.
        public var read: Duration
        /// For one whole exchange, request sent and answer read: a link that trickles a byte now and
        /// then never trips `read`, but it trips this.
        public var total: Duration

        /// `total` defaults to ten times `read`.
        public init(connect: Duration, read: Duration, total: Duration? = nil) {
            self.connect = connect
            self.read = read
            self.total = total ?? read * 10
        }

        /// 10 s to connect, 30 s between reads, 300 s for one exchange (every request and answer
        /// is bounded: a page of changes, a 4 MiB chunk): long enough for a slow county link, short
        /// enough that a dead or trickling one is reported rather than waited on.
        public static let standard = Timeouts(connect: .seconds(10), read: .seconds(30))
    }

    /// The normalised base URL, e.g. `https://duban.example` (no trailing slash).
    public let server: String
    /// The bearer token, if signed in.
    public let token: String?
    public let timeouts: Timeouts
    let http: HTTPClient

    /// The largest answer body read; anything longer is refused rather than buffered.
    static let maximumBodySize = 64 * 1024 * 1024

    /// Runs `body` with a client for `server`, then shuts the HTTP client down (also when `body` throws).
    public static func with<T: Sendable>(
        server: String, token: String? = nil, timeouts: Timeouts = .standard,
        _ body: (APIClient) async throws -> T
    ) async throws -> T {
        var configuration = HTTPClient.Configuration(
            // A redirect would carry the bearer token to wherever it points: never follow one.
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(timeouts.connect), read: TimeAmount(timeouts.read))
        )
        // One person, one request at a time: a refused connection is reported at once (the office is
        // offline, or the address is wrong) instead of being retried until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        // Large pulls come gzip-compressed (the client says it accepts gzip); a bomb stops at 512 MiB.
        configuration.decompression = .enabled(limit: .size(512 << 20))
        if let tls = try tlsConfiguration(environment: ProcessInfo.processInfo.environment) {
            configuration.tlsConfiguration = tls
        }
        return try await HTTPClient.withHTTPClient(configuration: configuration) { http in
            try await body(APIClient(server: server, token: token, timeouts: timeouts, http: http))
        }
    }

    /// The TLS settings for https servers: the system's trust roots, plus the certificates of the PEM
    /// file `DUBAN_CA_FILE` names (a private CA, or a cluster's self-signed certificate). Nil when
    /// the variable is unset or empty (AsyncHTTPClient's defaults). An unreadable file, or one
    /// without a certificate, is an error: silently trusting only the system roots would fail later
    /// with a less helpful TLS message.
    public static func tlsConfiguration(environment: [String: String]) throws -> TLSConfiguration? {
        guard let path = environment["DUBAN_CA_FILE"], !path.isEmpty else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ClientError.badCAFile(path, reason: .init(en: "the file cannot be read", zh: "无法读取该文件"))
        }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(Array(data))
        } catch {
            throw ClientError.badCAFile(path, reason: .init(en: "it holds no valid PEM certificate (\(error))",
                                                            zh: "其中没有有效的 PEM 证书（\(error)）"))
        }
        guard !certificates.isEmpty else {
            throw ClientError.badCAFile(path, reason: .init(en: "it holds no PEM certificate", zh: "其中没有 PEM 证书"))
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.certificates(certificates)]
        return tls
    }

    private init(server: String, token: String?, timeouts: Timeouts, http: HTTPClient) {
        self.server = server
        self.token = token
        self.timeouts = timeouts
        self.http = http
    }

    // MARK: Requests

    /// One step of a request's path. Literal steps are written as strings; values (a login, a unit
    /// code) are percent-encoded, so `a/b` stays one step.
    public typealias PathComponent = String

    /// Sends a request and decodes a JSON answer.
    func send<Response: Decodable>(
        _ method: HTTPMethod, _ path: [PathComponent], query: [(String, String?)] = [],
        body: (any Encodable & Sendable)? = nil, authenticated: Bool = true,
        as type: Response.Type = Response.self
    ) async throws -> Response {
        let (status, data) = try await exchange(method, path, query: query, body: body, authenticated: authenticated)
        do {
            return try WireJSON.decoder().decode(Response.self, from: data)
        } catch {
            throw ClientError.badResponse(server, status: status, detail: "\(Response.self) expected")
        }
    }

    /// Sends a request whose answer has no body worth reading (204).
    func send(
        _ method: HTTPMethod, _ path: [PathComponent], body: (any Encodable & Sendable)? = nil,
        authenticated: Bool = true
    ) async throws {
        _ = try await exchange(method, path, query: [], body: body, authenticated: authenticated)
    }

    private func exchange(
        _ method: HTTPMethod, _ path: [PathComponent], query: [(String, String?)],
        body: (any Encodable & Sendable)?, authenticated: Bool
    ) async throws -> (status: Int, body: Data) {
        var raw: (bytes: Data, contentType: String)?
        if let body {
            raw = (try WireJSON.encoder().encode(body), "application/json")
        }
        return try await exchange(method, path, query: query, raw: raw, authenticated: authenticated)
    }

    /// Sends `raw` bytes (a file chunk) and decodes a JSON answer.
    func send<Response: Decodable>(
        _ method: HTTPMethod, _ path: [PathComponent], query: [(String, String?)] = [],
        raw: Data, contentType: String, as type: Response.Type = Response.self
    ) async throws -> Response {
        let (status, data) = try await exchange(method, path, query: query, raw: (raw, contentType), authenticated: true)
        do {
            return try WireJSON.decoder().decode(Response.self, from: data)
        } catch {
            throw ClientError.badResponse(server, status: status, detail: "\(Response.self) expected")
        }
    }

    private func exchange(
        _ method: HTTPMethod, _ path: [PathComponent], query: [(String, String?)],
        raw: (bytes: Data, contentType: String)?, authenticated: Bool
    ) async throws -> (status: Int, body: Data) {
        var request = HTTPClientRequest(url: url(path, query: query))
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Accept-Encoding", value: "gzip")
        request.headers.add(name: "User-Agent", value: "duban/\(DubanVersion.current)")
        let sendsToken = authenticated && token != nil
        if sendsToken, let token {
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
        }
        if let raw {
            request.headers.add(name: "Content-Type", value: raw.contentType)
            request.body = .bytes(ByteBuffer(bytes: raw.bytes))
        }

        let status: Int
        let retryAfter: String?
        let requestId: String?
        let data: Data
        do {
            let (http, prepared) = (http, request)
            let answer = try await Self.within(timeouts.total) {
                let response = try await http.execute(prepared, deadline: .distantFuture)
                let buffer = try await response.body.collect(upTo: Self.maximumBodySize)
                return (Int(response.status.code), response.headers.first(name: "Retry-After"),
                        response.headers.first(name: "X-Request-Id"), Data(buffer.readableBytesView))
            }
            status = answer.0
            retryAfter = answer.1
            requestId = answer.2
            data = answer.3
        } catch is ExchangeDeadlineExceeded {
            throw ClientError.unreachable(server, reason: .init(
                en: "no complete answer within \(timeouts.total.wholeSeconds) s (the link is too slow or stalled)",
                zh: "\(timeouts.total.wholeSeconds) 秒内未收到完整应答（网络过慢或中断）"))
        } catch let error as ClientError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ClientError.unreachable(server, reason: Self.reason(for: error, timeouts: timeouts))
        }
        guard (200..<300).contains(status) else {
            throw Self.error(status: status, retryAfter: retryAfter, body: data, server: server, authenticated: sendsToken,
                             requestId: requestId)
        }
        return (status, data)
    }

    /// Thrown by ``within(_:_:)`` when time ran out.
    struct ExchangeDeadlineExceeded: Error {}

    /// Runs `body`, cancelling it (and throwing ``ExchangeDeadlineExceeded``) after `limit`.
    static func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw ExchangeDeadlineExceeded() }
            return value
        }
    }

    /// The full URL for `path` and `query` (nil values left out), each value percent-encoded.
    func url(_ path: [PathComponent], query: [(String, String?)] = []) -> String {
        var url = server
        for component in path {
            url += "/" + PercentEncoding.encode(component)
        }
        let items = query.compactMap { name, value in value.map { PercentEncoding.encode(name) + "=" + PercentEncoding.encode($0) } }
        if !items.isEmpty {
            url += "?" + items.joined(separator: "&")
        }
        return url
    }

    // MARK: Errors

    /// The ``ClientError`` for an error answer: the server's code and both sentences when the body
    /// is an ``APIErrorBody``, plus what to do next where the CLI knows it. The request id is the
    /// body's `requestId`, else `requestId` (the `X-Request-Id` header: a proxy's own error page has
    /// no body of ours), when it is printable.
    static func error(status: Int, retryAfter: String?, body: Data, server: String, authenticated: Bool,
                      requestId: String? = nil) -> ClientError {
        let seconds = retryAfter.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        var error: ClientError
        if let decoded = try? WireJSON.decoder().decode(APIErrorBody.self, from: body) {
            error = ClientError(code: decoded.error.code,
                                message: .init(en: decoded.error.message, zh: decoded.error.messageZh),
                                status: status, retryAfter: seconds)
            error.requestId = Self.printableRequestId(decoded.requestId)
        } else {
            let reason = HTTPResponseStatus(statusCode: status).reasonPhrase
            error = ClientError(code: "client.http_\(status)",
                                message: .init(en: "the server \(server) answered HTTP \(status) \(reason)",
                                               zh: "服务器 \(server) 返回 HTTP \(status) \(reason)"),
                                status: status, retryAfter: seconds)
        }
        error.requestId = error.requestId ?? Self.printableRequestId(requestId)
        // What to do next, unless the server's sentence already says it.
        if status == 401, authenticated, !error.message.en.contains("duban login") {
            error.message = error.message.appending(
                en: "; sign in again with `duban login`", zh: "；请运行 `duban login` 重新登录")
        } else if status == 403, error.code == "auth.password_change_required", !error.message.en.contains("duban password") {
            error.message = error.message.appending(
                en: "; run `duban password` to set a new password", zh: "；请运行 `duban password` 设置新密码")
        }
        if let seconds, status == 429 || status == 503 {
            error.message = error.message.appending(
                en: " (try again in \(seconds) s)", zh: "（请在 \(seconds) 秒后重试）")
        }
        return error
    }

    /// `id` when it is short and plain enough to print on a terminal (1–128 visible ASCII
    /// characters), else nil: a hostile server does not get to write control characters.
    static func printableRequestId(_ id: String?) -> String? {
        guard let id, (1...128).contains(id.utf8.count), id.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        return id
    }

    /// Why the network failed, in words a person at a county office can act on.
    static func reason(for error: any Error, timeouts: Timeouts) -> LocalizedText {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout:
                return .init(en: "no connection within \(timeouts.connect.wholeSeconds) s; check the network and the address",
                             zh: "\(timeouts.connect.wholeSeconds) 秒内未能建立连接，请检查网络和地址")
            case .readTimeout, .deadlineExceeded:
                return .init(en: "no answer within \(timeouts.read.wholeSeconds) s", zh: "\(timeouts.read.wholeSeconds) 秒内没有应答")
            case .remoteConnectionClosed:
                return .init(en: "the connection was closed before the answer", zh: "连接在应答前被关闭")
            case .bodyLengthMismatch:
                return .init(en: "the answer was cut off or too large", zh: "应答不完整或过大")
            default:
                break
            }
        }
        let text = String(describing: error)
        if text.contains("Connection refused") || text.contains("connection refused") {
            return .init(en: "connection refused (is duban-server running there?)", zh: "连接被拒绝（服务器是否在运行？）")
        }
        if text.lowercased().contains("dns") || text.contains("resolve") {
            return .init(en: "the host name could not be resolved", zh: "无法解析主机名")
        }
        return .init(en: text, zh: text)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

extension Duration {
    var wholeSeconds: Int64 { components.seconds }
}

extension LocalizedText {
    func appending(en: String, zh: String) -> LocalizedText {
        LocalizedText(en: self.en + en, zh: self.zh + zh)
    }
}
