internal import CLibPQ
import Logging

/// Sends the server's notices and warnings (`RAISE NOTICE`, "there is no transaction in
/// progress"...) to the connection's Logger instead of libpq's default, stderr.
///
/// Used only on its connection's queue, like the `PGconn` that calls it.
final class NoticeReceiver: @unchecked Sendable {
    let logger: Logger
    /// A FATAL or PANIC message arrived outside a statement: the server is closing the connection.
    private(set) var sawFatalError = false

    init(logger: Logger) {
        self.logger = logger
    }

    /// A non-capturing C callback; `context` is an unretained `NoticeReceiver` that outlives the `PGconn`.
    static let callback: PQnoticeReceiver = { context, result in
        guard let context, let result else { return }
        Unmanaged<NoticeReceiver>.fromOpaque(context).takeUnretainedValue().receive(result)
    }

    private func receive(_ result: OpaquePointer) {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        let severity = field(DUBAN_PG_DIAG_SEVERITY_NONLOCALIZED) ?? "NOTICE"
        let message =
            field(DUBAN_PG_DIAG_MESSAGE_PRIMARY)
            ?? PQresultErrorMessage(result).map { ConnectionHandle.tidy(String(cString: $0)) } ?? ""
        if severity == "FATAL" || severity == "PANIC" { sawFatalError = true }
        var metadata: Logger.Metadata = ["postgres.severity": "\(severity)"]
        if let sqlState = field(DUBAN_PG_DIAG_SQLSTATE) {
            metadata["postgres.sqlstate"] = "\(sqlState)"
        }
        logger.log(level: Self.level(forSeverity: severity), "\(message)", metadata: metadata)
    }

    static func level(forSeverity severity: String) -> Logger.Level {
        switch severity {
        case "DEBUG": .debug
        case "LOG", "INFO": .info
        case "NOTICE": .notice
        case "WARNING": .warning
        default: .error  // ERROR, FATAL, PANIC arriving outside a statement, e.g. a terminated backend
        }
    }
}
