import Foundation
import Logging
import Synchronization

/// A connection of its own that `LISTEN`s on some channels and hands every `NOTIFY` to an
/// `AsyncStream`, reconnecting (with back-off) whenever the connection is lost.
///
/// It must reach PostgreSQL directly: `LISTEN` belongs to a session, which a transaction pooler
/// does not keep. Notifications sent while it was disconnected are lost, so after every
/// ``Event/connected`` a consumer should look again at whatever it waits for.
///
/// The connection lives on a thread of its own, blocked in `poll(2)`, never on Swift's cooperative pool.
///
/// ```swift
/// let listener = PostgresListener(configuration: .environment, channels: ["duban_changes"], logger: logger)
/// for await event in listener.start() { … }
/// ```
public final class PostgresListener: Sendable {
    /// What the listener saw.
    public enum Event: Sendable, Equatable {
        /// Listening (the first time, or again after a loss): earlier notifications may have been missed.
        case connected
        /// A notification on one of the channels.
        case notification(PostgresNotification)
        /// The connection could not be opened or was lost; it is tried again after a delay.
        case disconnected(String)
    }

    private let configuration: PostgresConfiguration
    private let channels: [String]
    private let logger: Logger
    private let maxReconnectDelay: Duration
    private let stopped = Atomic<Bool>(false)

    /// A listener on `channels`; nothing is opened until ``start()``.
    public init(configuration: PostgresConfiguration, channels: [String], logger: Logger,
                maxReconnectDelay: Duration = .seconds(5)) {
        var direct = configuration
        direct.transactionPooling = false
        self.configuration = direct
        self.channels = channels
        self.logger = logger
        self.maxReconnectDelay = maxReconnectDelay
    }

    /// Starts listening on a new thread; the stream ends after ``stop()``.
    public func start() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let thread = Thread { [self] in
            self.loop(continuation)
            continuation.finish()
        }
        thread.name = "postgres-listener"
        thread.start()
        return stream
    }

    /// Stops listening within a quarter of a second; idempotent.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    private var isStopped: Bool { stopped.load(ordering: .relaxed) }

    private func loop(_ continuation: AsyncStream<Event>.Continuation) {
        var delay = 0.1
        let maximum = Double(maxReconnectDelay.components.seconds) + Double(maxReconnectDelay.components.attoseconds) / 1e18
        while !isStopped {
            do {
                let handle = try ConnectionHandle.open(configuration, logger: logger)
                defer { handle.finish() }
                let statements = channels.map { "LISTEN " + Self.quoteIdentifier($0) }.joined(separator: "; ")
                try handle.executeSimple(statements, cancellation: nil)
                continuation.yield(.connected)
                delay = 0.1
                while !isStopped {
                    for notification in try handle.awaitNotifications(timeoutMilliseconds: 250) {
                        continuation.yield(.notification(notification))
                    }
                }
            } catch {
                guard !isStopped else { return }
                continuation.yield(.disconnected("\(error)"))
                // Sleep in short steps so stop() is honoured promptly.
                let until = Date().addingTimeInterval(delay)
                while !isStopped && Date() < until { Thread.sleep(forTimeInterval: 0.05) }
                delay = min(maximum, delay * 2)
            }
        }
    }

    /// `name` as a quoted SQL identifier.
    static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
