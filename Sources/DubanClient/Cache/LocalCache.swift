import Crypto
import DubanCore
import Foundation
import GRDB

/// The offline copy of what one account on one server may see, and what it wrote but has not yet
/// synced: one SQLite file (WAL mode) per server and account,
/// `$DUBAN_HOME/cache/<first 16 hex of sha256("server|login")>.sqlite`.
///
/// Every change that must survive a crash together happens in one immediate transaction, so a
/// process killed at any moment leaves the file in a state the next `duban sync` continues from.
public final class LocalCache: Sendable {
    /// How long confirmed mutations are kept, to re-send them after the server's data was restored.
    public static let resendWindow: TimeInterval = 30 * 86_400

    public let url: URL
    let queue: DatabaseQueue

    /// Opens (creating and migrating when needed) the cache at `url`.
    public init(url: URL) throws {
        self.url = url
        try PrivateFile.createFolder(url.deletingLastPathComponent())
        var configuration = Configuration()
        configuration.journalMode = .wal
        // `duban sync --watch` and a command run by hand may meet: wait for each other.
        configuration.busyMode = .timeout(15)
        configuration.foreignKeysEnabled = false
        // Reports are the unit's work: readable by its owner only (SQLite gives -wal and -shm the same mode).
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        do {
            queue = try DatabaseQueue(path: url.path, configuration: configuration)
            try CacheSchema.migrator.migrate(queue)
        } catch {
            throw ClientError(code: "client.cache_error",
                              message: .init(en: "cannot open the local cache \(url.path): \(error)",
                                             zh: "无法打开本地缓存 \(url.path)：\(error)"))
        }
    }

    /// The cache file for `login` on `server` in the data folder.
    public static func url(paths: ClientPaths, server: String, login: String) -> URL {
        let digest = SHA256.hash(data: Data("\(server)|\(login)".utf8)).hexString
        return paths.home.appendingPathComponent("cache").appendingPathComponent(String(digest.prefix(16)) + ".sqlite")
    }

    /// Opens the cache of the signed-in session.
    public convenience init(paths: ClientPaths, credentials: Credentials) throws {
        try self.init(url: Self.url(paths: paths, server: credentials.server, login: credentials.login))
        try write { db in
            try db.execute(sql: "UPDATE state SET server = ?, login = ? WHERE id = 1",
                           arguments: [credentials.server, credentials.login])
        }
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: all of it is stored, or none.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    /// Runs `body` on a consistent snapshot.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.read(body)
    }

    /// Runs raw SQL, for tests and repairs.
    public func execute(_ sql: String) throws {
        try write { db in try db.execute(sql: sql) }
    }

    /// One integer from raw SQL, for tests.
    public func integer(_ sql: String) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension SHA256.Digest {
    var hexString: String { Array(self).hexString }
}

/// SHA-256 in lower-case hex.
public enum SHA256Hex {
    public static func of(_ text: String) -> String { SHA256.hash(data: Data(text.utf8)).hexString }
    public static func of(_ data: Data) -> String { SHA256.hash(data: data).hexString }
}

/// A UUID as the cache and the wire's checksums write it: lower case.
extension UUID {
    var lowercased: String { uuidString.lowercased() }
}
