import Foundation

/// The server's "now": when a report was received, whether a unit is late, when an urge was made.
///
/// Production uses ``system``. `DUBAN_CLOCK_FILE` makes the server read the time from a file at each
/// use (an ISO-8601 instant such as `2022-06-27T23:59:59+08:00`), so a drill or an end-to-end test
/// can play a reporting node on the plan's dates; tests in-process pass their own closure.
public struct ServerClock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock that asks `read` each time.
    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// The current instant.
    public func now() -> Date { read() }

    /// The machine's clock.
    public static let system = ServerClock { Date() }

    /// A clock read from `path` at each use. A file that is missing or does not hold an ISO-8601
    /// instant gives the machine's clock, so a drill never stops the server.
    public static func file(_ path: String) -> ServerClock {
        ServerClock {
            guard let data = FileManager.default.contents(atPath: path),
                  let date = parse(String(decoding: data, as: UTF8.self)) else { return Date() }
            return date
        }
    }

    /// Parses an ISO-8601 instant with an offset, with or without fractional seconds.
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: trimmed) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: trimmed)
    }
}
