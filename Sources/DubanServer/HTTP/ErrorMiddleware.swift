import DubanCore
import Hummingbird
import NIOHTTP1
import Postgres

/// Turns what handlers throw into clear answers: `APIError` and Hummingbird's own HTTP errors pass
/// through; a service's `DomainError` becomes its HTTP answer; an unreachable database becomes 503 with a retry hint; anything else becomes a 500 whose
/// body says nothing about internals (the details go to the log).
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as DomainError {
            if error.kind == .inconsistent {
                context.logger.error("inconsistent data", metadata: ["error": "\(error)"])
            }
            throw APIError(error)
        } catch let error as HTTPResponseError {
            // The framework's own refusals (no such route, wrong method, body too large) in the same JSON shape.
            throw APIError(status: error.status, code: APIError.code(for: error.status),
                           message: APIError.message(for: error.status))
        } catch let error as HTTPParserError {
            // The client went away mid-request (its body cut short): nothing of ours failed, and no
            // one is left to read the answer.
            context.logger.info("request cut off by the client", metadata: ["error": "\(error)"])
            throw APIError(status: .badRequest, code: "bad_request",
                           message: .init(en: "the request was cut off before its end", zh: "请求在结束前被中断"))
        } catch let error as PostgresError where error.isStorageFull {
            // A full disk under the database refuses writes, not the service: reads go on, and a client
            // keeps what it wanted to write and sends it again later.
            context.logger.error("database storage full", metadata: ["error": "\(error)"])
            throw APIError(status: .serviceUnavailable, code: "storage_full",
                           message: .init(en: "the database has no space left; writing is refused until space is freed (reading still works); try again later",
                                          zh: "数据库存储空间已满，暂时无法写入（仍可读取），请稍后重试"),
                           retryAfter: 60)
        } catch let error as PostgresError where error.isSerializationFailure {
            // A deadlock or serialisation failure that retries did not end: nothing was stored; again shortly.
            context.logger.warning("database conflict", metadata: ["error": "\(error)"])
            throw APIError(status: .serviceUnavailable, code: "database_busy",
                           message: .init(en: "the database was busy with a conflicting change; nothing was stored, try again",
                                          zh: "数据库正在处理冲突的修改，本次未保存任何内容，请重试"),
                           retryAfter: 1)
        } catch let error as PostgresError where error.isConnectionProblem {
            context.logger.warning("database unavailable", metadata: ["error": "\(error)"])
            throw APIError(status: .serviceUnavailable, code: "database_unavailable",
                           message: .init(en: "the database is unavailable; try again shortly",
                                          zh: "数据库暂时不可用，请稍后重试"),
                           retryAfter: 5)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError(status: .internalServerError, code: "internal",
                           message: .init(en: "internal error; it has been logged", zh: "服务器内部错误，已记录日志"))
        }
    }
}

extension PostgresError {
    /// True when PostgreSQL could not extend a file (SQLSTATE 53100 disk_full): a condition of the
    /// server's storage, not of the request.
    var isStorageFull: Bool { sqlState == "53100" }

    /// True for errors that mean "no database right now" rather than "this request is wrong".
    var isConnectionProblem: Bool {
        if code == .connectionFailed || code == .connectionLost || code == .timeout || code == .poolClosed { return true }
        // Class 08 (connection exception) and 57P (operator intervention: shutdown, crash recovery).
        guard let state = sqlState else { return false }
        return state.hasPrefix("08") || state.hasPrefix("57P")
    }
}
