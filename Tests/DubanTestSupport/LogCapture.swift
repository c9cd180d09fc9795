import Logging
import Synchronization

/// Collects what a `Logger` logs, so a test can check it.
///
/// ```swift
/// let logs = LogCapture()
/// let connection = try await PostgresConnection.connect(configuration, logger: logs.logger())
/// #expect(logs.entries.contains { $0.message == "hello" })
/// ```
public final class LogCapture: Sendable {
    /// One log call.
    public struct Entry: Sendable, CustomStringConvertible {
        /// The level it was logged at.
        public let level: Logger.Level
        /// The message text.
        public let message: String
        /// The handler's and the call's metadata, values as strings.
        public let metadata: [String: String]

        public var description: String { "[\(level)] \(message) \(metadata)" }
    }

    private let storage = Mutex<[Entry]>([])

    /// An empty capture.
    public init() {}

    /// Everything logged so far, oldest first.
    public var entries: [Entry] { storage.withLock { $0 } }

    /// A logger that records into this capture at `level` and above.
    public func logger(label: String = "duban.tests.capture", level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: label) { _ in CapturingLogHandler(capture: self) }
        logger.logLevel = level
        return logger
    }

    fileprivate func append(_ entry: Entry) {
        storage.withLock { $0.append(entry) }
    }
}

private struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        capture.append(
            LogCapture.Entry(
                level: event.level, message: event.message.description,
                metadata: merged.mapValues { "\($0)" }))
    }
}
