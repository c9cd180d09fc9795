import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand.Admin {
    /// `duban admin account add|list|disable|enable|reset-password|revoke-sessions`.
    struct Account: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage accounts (账号): each belongs to one unit and has one role.",
            subcommands: [Add.self, List.self, Disable.self, Enable.self, ResetPassword.self, RevokeSessions.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create an account and print its one-time password.",
                discussion: """
                    The one-time password is shown only here; the user must change it at the first \
                    sign-in. Example: duban admin account add --login tianma01 --name 张三 --role staff --unit jd-tianma
                    """
            )

            @Option(help: "The login name.") var login: String
            @Option(help: "The person's name as colleagues know it.") var name: String
            @Option(help: "One of: \(AccountRole.allCases.map(\.rawValue).joined(separator: ", ")).") var role: AccountRole
            @Option(help: "The code of the unit the account works for.") var unit: String

            func run() async throws {
                let request = CreateAccountRequest(login: login, displayName: name, role: role, unitCode: unit)
                let created = try await CLI.withSession { api, _ in try await api.createAccount(request) }
                let account = created.account
                print(CLI.text(
                    en: "account created: \(account.login) (\(account.displayName), \(account.role.rawValue), \(account.unitCode) \(account.unitName))",
                    zh: "账号已创建：\(account.login)（\(account.displayName)，\(account.role.rawValue)，\(account.unitCode) \(account.unitName)）"))
                OneTimePassword.print(created.oneTimePassword)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List accounts.")

            @Option(help: "Only the accounts of this unit (its code).") var unit: String?
            @OptionGroup var output: FormatOptions

            func run() async throws {
                let list = try await CLI.withSession { api, _ in try await api.accounts(unit: unit) }
                CLI.output(try Listing.accounts.render(list.accounts, body: list, format: output.format,
                                                       presentation: CLI.presentation))
            }
        }

        struct Disable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Disable an account: it can no longer sign in, and its sessions stop working.")

            @Argument(help: "The login name.") var login: String

            func run() async throws {
                let account = try await CLI.withSession { api, _ in try await api.disableAccount(login: login) }
                print(CLI.text(en: "account disabled: \(account.login)", zh: "账号已停用：\(account.login)"))
            }
        }

        struct Enable: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Enable a disabled account again.")

            @Argument(help: "The login name.") var login: String

            func run() async throws {
                let account = try await CLI.withSession { api, _ in try await api.enableAccount(login: login) }
                print(CLI.text(en: "account enabled: \(account.login)", zh: "账号已启用：\(account.login)"))
            }
        }

        struct ResetPassword: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "reset-password",
                abstract: "Give an account a new one-time password and print it.",
                discussion: "The user must change it at the next sign-in.")

            @Argument(help: "The login name.") var login: String

            func run() async throws {
                let reset = try await CLI.withSession { api, _ in try await api.resetPassword(login: login) }
                print(CLI.text(en: "password reset: \(reset.account.login)", zh: "密码已重置：\(reset.account.login)"))
                OneTimePassword.print(reset.oneTimePassword)
            }
        }

        struct RevokeSessions: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "revoke-sessions",
                abstract: "Sign an account out everywhere: every session token it holds stops working.")

            @Argument(help: "The login name.") var login: String

            func run() async throws {
                let revoked = try await CLI.withSession { api, _ in try await api.revokeSessions(login: login) }
                print(CLI.text(en: "\(revoked.revoked) session(s) of \(login) revoked",
                               zh: "已撤销 \(login) 的 \(revoked.revoked) 个会话"))
            }
        }
    }
}

/// How a freshly made one-time password is shown: on its own line, easy to copy, with what to do next.
enum OneTimePassword {
    static func print(_ password: String) {
        Swift.print(CLI.text(en: "one-time password: \(password)", zh: "一次性密码：\(password)"))
        Swift.print(CLI.text(
            en: "give it to the user in person; it is shown only once and must be changed at the first sign-in",
            zh: "请当面交给本人；该密码只显示这一次，首次登录后必须修改"))
    }
}
