import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand {
    /// `duban password`.
    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change your password (修改密码).",
            discussion: """
                Asks for the current password, the new one and the new one again, without echo. With \
                --stdin, reads two lines instead: the current password, then the new one. The new \
                password needs at least \(minimumLength) characters here; the server may ask for more.
                """
        )

        /// The one rule checked before asking the server, which decides the rest.
        static let minimumLength = 8

        @Flag(help: "Read two lines from standard input: the current password, then the new one.")
        var stdin = false

        func run() async throws {
            let current: String
            let new: String
            if stdin {
                current = try Secrets.standardInputLine(what: .init(en: "the current password", zh: "当前密码"))
                new = try Secrets.standardInputLine(what: .init(en: "the new password", zh: "新密码"))
            } else {
                _ = try CredentialStore(paths: CLI.paths).require()  // before asking for anything
                current = try PasswordPrompt.ask(CLI.text(en: "Current password: ", zh: "当前密码："))
                new = try PasswordPrompt.ask(CLI.text(en: "New password: ", zh: "新密码："))
                let again = try PasswordPrompt.ask(CLI.text(en: "New password again: ", zh: "再次输入新密码："))
                guard again == new else {
                    throw ClientError.invalidInput(.init(en: "the two new passwords differ", zh: "两次输入的新密码不一致"))
                }
            }
            guard !current.isEmpty else {
                throw ClientError.invalidInput(.init(en: "the current password is empty", zh: "当前密码为空"))
            }
            guard new.count >= Self.minimumLength else {
                throw ClientError.invalidInput(.init(
                    en: "the new password needs at least \(Self.minimumLength) characters",
                    zh: "新密码至少需要 \(Self.minimumLength) 个字符"))
            }
            try await CLI.withSession { api, _ in
                try await api.changePassword(ChangePasswordRequest(currentPassword: current, newPassword: new))
            }
            print(CLI.text(en: "password changed", zh: "密码已修改"))
        }
    }
}
