import ArgumentParser
import DubanCore
import DubanServer
import Foundation
import Logging
import Postgres

extension DubanServerCommand {
    /// `duban-server bootstrap-admin`: creates the first admin account, once.
    struct BootstrapAdmin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bootstrap-admin",
            abstract: "Create the first admin account and print its one-time password.",
            discussion: """
                Runs once: it refuses when an admin account exists. Connect as the database owner (the role that
                runs `migrate`). The password is shown once and must be changed at the first sign-in
                (duban login, then duban password).
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The admin's login.") var login = "admin"
        @Option(help: "The admin's unit code (it must exist: import the roster first).") var unit: String
        @Option(help: "The admin's display name.") var name = "系统管理员"
        @Option(help: "text or json.") var format: OutputFormat = .text

        func run() async throws {
            try await CommandSupport.run {
                CommandSupport.bootstrapLogging(format: .text, level: .warning)
                let settings = try AuthSettings(environment: CommandSupport.environment)
                let connection = try await database.connect(logger: Logger(label: "duban.bootstrap"))
                defer { connection.close() }
                let result = try await AdminBootstrap(hasher: PasswordHasher(cost: settings.bcryptCost))
                    .run(login: login, unitCode: unit, displayName: name, on: connection)
                switch format {
                case .json:
                    print(String(decoding: try WireJSON.encoder(pretty: true).encode(result), as: UTF8.self))
                case .text:
                    CommandSupport.say(.init(en: "admin account \(result.account.login) created for unit \(result.account.unitCode)",
                                             zh: "已为单位 \(result.account.unitCode) 创建管理员账号 \(result.account.login)"))
                    print("one-time password: \(result.oneTimePassword)")
                }
            }
        }
    }
}
