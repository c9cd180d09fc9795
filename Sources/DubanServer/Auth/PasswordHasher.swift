import Dispatch
import HummingbirdBcrypt

/// bcrypt password hashing, run on a Dispatch queue so its deliberate slowness never blocks Swift's
/// cooperative thread pool.
public struct PasswordHasher: Sendable {
    /// bcrypt's cost (log2 of rounds): 12 by default (about a quarter second here); tests use 4.
    public var cost: UInt8

    /// The longest password bcrypt reads; longer ones are refused rather than silently truncated.
    public static let maxPasswordBytes = 72
    public static let minPasswordLength = 8

    public init(cost: UInt8 = 12) {
        self.cost = cost
    }

    public func hash(_ password: String) async -> String {
        let cost = cost
        return await Self.offPool { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async -> Bool {
        await Self.offPool { Bcrypt.verify(password, hash: hash) }
    }

    /// A hash to verify against when the login does not exist, so both answers take as long.
    func decoyHash() async -> String {
        await hash("duban-decoy-password")
    }

    private static let queue = DispatchQueue(label: "duban.bcrypt", attributes: .concurrent)

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
