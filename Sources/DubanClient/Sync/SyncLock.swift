import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One sync at a time per cache (`duban sync --watch` and a command's short sync may meet). An
/// advisory `flock` on `<cache>.lock`: the kernel releases it when the process dies, even by SIGKILL.
public final class SyncLock: @unchecked Sendable {
    private let fd: Int32

    private init(fd: Int32) {
        self.fd = fd
    }

    /// Takes the lock, waiting for another sync to end when `wait`; nil when not waiting and it is taken.
    public static func acquire(for cache: LocalCache, wait: Bool) throws -> SyncLock? {
        let path = cache.url.path + ".lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ClientError(code: "client.file_error", message: .init(en: "cannot open \(path)", zh: "无法打开 \(path)"))
        }
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            if errno == EINTR { continue }
            close(fd)
            return nil
        }
        return SyncLock(fd: fd)
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
