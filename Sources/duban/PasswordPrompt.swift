import DubanClient
import DubanCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks for a secret on the terminal (`/dev/tty`) with echo off, so it shows neither on screen nor
/// in the shell's history; standard input and output stay free for pipes. Ctrl-C while asking
/// restores the terminal before the process ends.
enum PasswordPrompt {
    /// The terminal and its settings while echo is off, for the signal handler to restore.
    nonisolated(unsafe) private static var restoring: (fd: Int32, settings: termios)?

    /// Shows `prompt` and reads one line from the terminal without echo.
    static func ask(_ prompt: String) throws -> String {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else {
            throw ClientError.invalidInput(.init(
                en: "no terminal to ask for the password; pass it on standard input with --password-stdin (or --stdin)",
                zh: "没有可用于输入密码的终端；请用 --password-stdin（或 --stdin）从标准输入提供"))
        }
        defer { close(fd) }
        emit(prompt, to: fd)

        var original = termios()
        let isTerminal = tcgetattr(fd, &original) == 0
        if isTerminal {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            silent.c_lflag |= tcflag_t(ICANON)
            restoring = (fd, original)
            let previousInterrupt = signal(SIGINT, restoreAndExit)
            let previousTerminate = signal(SIGTERM, restoreAndExit)
            _ = tcsetattr(fd, TCSAFLUSH, &silent)
            defer {
                _ = tcsetattr(fd, TCSAFLUSH, &original)
                restoring = nil
                signal(SIGINT, previousInterrupt)
                signal(SIGTERM, previousTerminate)
                emit("\n", to: fd)
            }
            return try readSecretLine(from: fd)
        }
        return try readSecretLine(from: fd)
    }

    private static func readSecretLine(from fd: Int32) throws -> String {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count < 0, errno == EINTR { continue }
            if count <= 0 {
                if bytes.isEmpty {
                    throw ClientError.invalidInput(.init(en: "no password was entered", zh: "未输入密码"))
                }
                break
            }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ClientError.invalidInput(.init(en: "the password is not valid UTF-8 text", zh: "密码不是有效的 UTF-8 文本"))
        }
        return text
    }

    private static func emit(_ text: String, to fd: Int32) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// A C signal handler: only async-signal-safe calls.
    private static let restoreAndExit: @convention(c) (Int32) -> Void = { signal in
        if var saved = PasswordPrompt.restoring {
            _ = tcsetattr(saved.fd, TCSAFLUSH, &saved.settings)
            var newline: UInt8 = 10
            _ = write(saved.fd, &newline, 1)
        }
        _exit(128 + signal)
    }
}
