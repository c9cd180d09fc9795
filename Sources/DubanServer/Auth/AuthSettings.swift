import Foundation

/// Sign-in and session rules. Every number is configuration (environment variables of `serve`).
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `DUBAN_BCRYPT_COST` | 12 | bcrypt cost for new password hashes |
/// | `DUBAN_SESSION_TTL_DAYS` | 60 | a token expires this long after its last use (sliding) |
/// | `DUBAN_SIGNIN_WINDOW_SECONDS` | 900 | failures older than this are forgotten |
/// | `DUBAN_SIGNIN_SLOW_AFTER` | 3 | failures (per login or address) before answers are slowed |
/// | `DUBAN_SIGNIN_LOCK_AFTER` | 10 | attempts per login from devices it does not know before it is refused, right password or not |
/// | `DUBAN_SIGNIN_ADDRESS_LOCK_AFTER` | 50 | attempts per client address before it is refused |
/// | `DUBAN_SIGNIN_LOCK_SECONDS` | 900 | how long a refusal lasts |
/// | `DUBAN_SIGNIN_DEVICE_LOCK_AFTER` | 10 | failures with one device cookie before the cookie is void |
/// | `DUBAN_SIGNIN_DEVICE_DAYS` | 365 | a device cookie lapses this long after its last sign-in |
///
/// An attempt is counted before its password is checked (failed and unfinished attempts count; a
/// success gives its count back), so parallel guesses check at most the limit's number of passwords.
public struct AuthSettings: Sendable {
    public var bcryptCost: UInt8 = 12
    public var sessionTTL: Duration = .seconds(60 * 86_400)
    public var failureWindow: Duration = .seconds(900)
    public var slowAfter = 3
    public var lockAfter = 10
    public var addressLockAfter = 50
    public var lockDuration: Duration = .seconds(900)
    public var deviceLockAfter = 10
    public var deviceCookieTTL: Duration = .seconds(365 * 86_400)
    /// The longest delay added to a failed sign-in.
    public var maxDelay: Duration = .seconds(5)

    public init() {}

    /// Reads the settings from the environment; bad values are errors.
    public init(environment: [String: String]) throws {
        func int(_ name: String, _ value: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let text = environment[name], !text.isEmpty else { return value }
            guard let number = Int(text), range.contains(number) else {
                throw ConfigurationError(variable: name, value: text)
            }
            return number
        }
        bcryptCost = UInt8(try int("DUBAN_BCRYPT_COST", 12, 4...31))
        sessionTTL = .seconds(try int("DUBAN_SESSION_TTL_DAYS", 60, 1...3650) * 86_400)
        failureWindow = .seconds(try int("DUBAN_SIGNIN_WINDOW_SECONDS", 900, 1...86_400))
        slowAfter = try int("DUBAN_SIGNIN_SLOW_AFTER", 3, 1...1000)
        lockAfter = try int("DUBAN_SIGNIN_LOCK_AFTER", 10, 1...1000)
        addressLockAfter = try int("DUBAN_SIGNIN_ADDRESS_LOCK_AFTER", 50, 1...100_000)
        lockDuration = .seconds(try int("DUBAN_SIGNIN_LOCK_SECONDS", 900, 1...86_400))
        deviceLockAfter = try int("DUBAN_SIGNIN_DEVICE_LOCK_AFTER", 10, 1...1000)
        deviceCookieTTL = .seconds(try int("DUBAN_SIGNIN_DEVICE_DAYS", 365, 1...3650) * 86_400)
    }
}

extension Duration {
    /// Whole seconds, for SQL intervals and Retry-After.
    var wholeSeconds: Int64 { components.seconds }
}
