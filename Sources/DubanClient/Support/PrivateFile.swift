import DubanCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files only their owner may read, written so that a crash or a full disk leaves the old file or
/// the new one, never a half-written one, and never a moment where the secret is readable by others.
enum PrivateFile {
    /// Writes `data` to `url` with mode `mode` (default 0600): a temporary file created with that
    /// mode in the same folder, flushed, then renamed over `url`. Creates the folder with mode 0700
    /// when it does not exist.
    static func write(_ data: Data, to url: URL, mode: mode_t = 0o600) throws {
        let folder = url.deletingLastPathComponent()
        try createFolder(folder)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        // O_EXCL: never follow a planted symlink; the mode is set at creation, so no window where the
        // file has wider permissions (fchmod below undoes a umask that removed the owner's bits).
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure(writing: url, errno: errno) }
        var renamed = false
        defer {
            if !renamed { unlink(temporary.path) }
        }
        do {
            try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                var offset = 0
                while offset < buffer.count {
                    let written = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw failure(writing: url, errno: errno)
                    }
                    offset += written
                }
            }
            guard fchmod(fd, mode) == 0, fsync(fd) == 0 else { throw failure(writing: url, errno: errno) }
        } catch {
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw failure(writing: url, errno: errno) }
        guard rename(temporary.path, url.path) == 0 else { throw failure(writing: url, errno: errno) }
        renamed = true
        // Make the rename itself durable.
        let folderFD = open(folder.path, O_RDONLY | O_CLOEXEC)
        if folderFD >= 0 {
            _ = fsync(folderFD)
            close(folderFD)
        }
    }

    /// Creates `folder` (and its parents) with mode 0700 unless it exists.
    static func createFolder(_ folder: URL) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ClientError(code: "client.file_error",
                              message: .init(en: "cannot create the folder \(folder.path)",
                                             zh: "无法创建目录 \(folder.path)"))
        }
    }

    /// Removes `url`; a file that is not there is fine.
    static func remove(_ url: URL) throws {
        guard unlink(url.path) == 0 || errno == ENOENT else {
            let reason = String(cString: strerror(errno))
            throw ClientError(code: "client.file_error",
                              message: .init(en: "cannot remove \(url.path): \(reason)",
                                             zh: "无法删除 \(url.path)：\(reason)"))
        }
    }

    private static func failure(writing url: URL, errno code: Int32) -> ClientError {
        let reason = String(cString: strerror(code))
        return ClientError(code: "client.file_error",
                           message: .init(en: "cannot write \(url.path): \(reason)", zh: "无法写入 \(url.path)：\(reason)"))
    }

    private static func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, bytes, count)
        #else
        Darwin.write(fd, bytes, count)
        #endif
    }
}
