import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand {
    /// `duban login`.
    struct Login: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign in to a Duban server (登录) and keep the session token in the data folder.",
            discussion: """
                The password is asked for on the terminal without echo. In scripts, pass it on standard \
                input with --password-stdin (one line). The server is remembered in config.json, the \
                session token in credentials.json (mode 0600). After an admin created or reset your \
                account, the server requires a new password first: run `duban password`.
                """
        )

        @Option(help: "The server's address, e.g. https://duban.example or http://127.0.0.1:8080 (default: the configured one).")
        var server: String?

        @Option(help: "Your login name.")
        var login: String

        @Flag(help: "Read the password from standard input (one line) instead of asking.")
        var passwordStdin = false

        func run() async throws {
            let paths = CLI.paths
            var configuration = try ClientConfiguration.load(from: paths)
            guard let typed = server ?? configuration.server else { throw ClientError.noServer }
            let server = try ClientConfiguration.normalizedServer(typed)
            guard !login.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ClientError.invalidInput(.init(en: "the login name is empty", zh: "登录名为空"))
            }
            let password = try passwordStdin
                ? Secrets.standardInputLine(what: .init(en: "the password", zh: "密码"))
                : PasswordPrompt.ask(CLI.text(en: "Password for \(login): ", zh: "\(login) 的密码："))
            guard !password.isEmpty else {
                throw ClientError.invalidInput(.init(en: "the password is empty", zh: "密码为空"))
            }

            let store = CredentialStore(paths: paths)
            // A device that signed in to this login here before says so: strangers' failures do not lock it out.
            let request = SignInRequest(login: login, password: password, deviceId: configuration.deviceID,
                                        deviceName: ProcessInfo.processInfo.hostName,
                                        deviceCookie: store.deviceCookie(server: server, login: login))
            let answer = try await APIClient.with(server: server) { api in try await api.signIn(request) }
            if let cookie = answer.deviceCookie {
                try store.saveDeviceCookie(cookie, server: server, login: answer.account.login)
            }

            // The device id is saved with the server, so the next sign-in presents the same one.
            configuration.server = server
            try configuration.save(to: paths)
            try store.save(Credentials(
                server: server, login: answer.account.login, token: answer.token, expiresAt: answer.expiresAt))

            let account = answer.account
            // The cache learns the account's unit now, so the offline commands know it before a sync.
            if let cache = try? LocalCache(paths: paths, credentials: Credentials(
                server: server, login: account.login, token: answer.token, expiresAt: answer.expiresAt)) {
                try? cache.setAccount(unitCode: account.unitCode, role: account.role.rawValue)
            }
            let until = CLI.presentation.time(answer.expiresAt)
            print(CLI.text(
                en: "signed in to \(server) as \(account.login) (\(account.displayName), \(account.role.rawValue), \(account.unitName)); session valid until \(until)",
                zh: "已登录 \(server)，账号 \(account.login)（\(account.displayName)，\(account.role.rawValue)，\(account.unitName)）；会话有效期至 \(until)"))
            if answer.mustChangePassword {
                print(CLI.text(
                    en: "you must change your password before anything else: run `duban password`",
                    zh: "须先修改密码才能进行其他操作：请运行 `duban password`"))
            }
        }
    }

    /// `duban logout`.
    struct Logout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign out (退出登录): revoke this session's token on the server and forget it here.",
            discussion: """
                Without a connection the token is still removed from this machine, but stays valid on \
                the server until it expires or an admin runs `duban admin account revoke-sessions LOGIN`.
                """
        )

        func run() async throws {
            let store = CredentialStore(paths: CLI.paths)
            guard let credentials = try store.load() else {
                print(CLI.text(en: "not signed in", zh: "当前未登录"))
                return
            }
            var revoked = true
            do {
                try await APIClient.with(server: credentials.server, token: credentials.token) { api in
                    try await api.signOut()
                }
            } catch let error as ClientError where error.status == 401 {
                // Already expired or revoked: nothing left to revoke.
            } catch let error as ClientError {
                revoked = false
                CLI.warn(
                    "\(error.message.en); the session token stays valid on the server until it expires or an admin runs `duban admin account revoke-sessions \(credentials.login)`",
                    "\(error.message.zh)；该会话令牌在服务器上仍然有效，直到过期或管理员运行 `duban admin account revoke-sessions \(credentials.login)`")
            }
            try store.remove()
            print(revoked
                  ? CLI.text(en: "signed out of \(credentials.server)", zh: "已退出 \(credentials.server)")
                  : CLI.text(en: "signed out on this machine", zh: "已在本机退出登录"))
        }
    }

    /// `duban whoami`.
    struct Whoami: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the signed-in account, its unit and this session (当前账号).",
            discussion: "Asks the server, so a disabled account or a revoked session shows here at once."
        )

        @OptionGroup var output: FormatOptions

        func run() async throws {
            let store = CredentialStore(paths: CLI.paths)
            let (me, credentials) = try await CLI.withSession { api, credentials in (try await api.me(), credentials) }
            // Expiry slides on the server; keep the hint in step.
            if me.session.expiresAt != credentials.expiresAt {
                var updated = credentials
                updated.expiresAt = me.session.expiresAt
                try store.save(updated)
            }
            switch output.format {
            case .table:
                CLI.output(Listing.me.renderRecord(me, presentation: CLI.presentation))
                if me.account.mustChangePassword {
                    CLI.warn("you must change your password: run `duban password`", "须修改密码：请运行 `duban password`")
                }
            case .json, .csv:
                CLI.output(try Listing.me.render([me], body: me, format: output.format, presentation: CLI.presentation))
            }
        }
    }
}

/// Secrets read from standard input, for scripts.
enum Secrets {
    /// The next line of standard input, or an error naming `what` was missing.
    static func standardInputLine(what: LocalizedText) throws -> String {
        guard let line = CLI.readStandardInputLine() else {
            throw ClientError.invalidInput(.init(en: "\(what.en) was expected on standard input", zh: "标准输入中缺少\(what.zh)"))
        }
        return line
    }
}
