import ArgumentParser
import DubanClient
import DubanCore
import Foundation

/// `duban`: the Duban (督办) command-line client for units, lead units, the supervision office and oversight.
@main
struct DubanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duban",
        abstract: "Duban (督办) client: read your unit's tasks and deadlines, write progress reports offline, sync.",
        discussion: """
            Start with `duban login --server URL --login NAME`. Data lives in $DUBAN_HOME (default \
            ~/.local/share/duban): config.json (server, device id) and credentials.json (the session \
            token, mode 0600). Messages are in Chinese when LC_ALL, LC_MESSAGES or LANG starts with zh, \
            in English otherwise.
            """,
        version: DubanVersion.current,
        subcommands: [
            Login.self, Logout.self, Whoami.self, Password.self,
            Tasks.self, TaskCommand.self, Target.self, Implementation.self, Report.self, Review.self, Sync.self, Status.self, Outbox.self, Evidence.self,
            ExtensionCommand.self, Circular.self, AssessmentCommand.self, Supervise.self, Oversight.self,
            Assignments.self, Accounts.self, Admin.self,
            Config.self, Version.self,
        ]
    )
}

extension DubanCommand {
    /// Parses the command line and runs the command; every error a command throws is answered
    /// here, once (`CLI.answer`).
    static func main() async {
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var command = command
                try command.run()
            }
        } catch {
            exit(withError: CLI.answer(error))
        }
    }
}

extension DubanCommand {
    /// `duban version`.
    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the version of this client.")
        func run() { print("duban \(DubanVersion.current)") }
    }

    /// `duban config show|set-server`.
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or change this installation's settings.",
            subcommands: [Show.self, SetServer.self]
        )

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print the data folder, the server and the device id.")
            func run() throws {
                let paths = ClientPaths.from(environment: CLI.environment)
                let configuration = try ClientConfiguration.load(from: paths)
                let zh = CLI.language == .zh
                print((zh ? "数据目录：" : "data folder: ") + paths.home.path)
                print((zh ? "服务器：" : "server: ") + (configuration.server ?? (zh ? "（未设置）" : "(not set)")))
                print((zh ? "设备编号：" : "device id: ") + configuration.deviceID.uuidString.lowercased())
            }
        }

        struct SetServer: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "set-server", abstract: "Set the server's address.")
            @Argument(help: "e.g. http://127.0.0.1:8080") var url: String
            func run() throws {
                let paths = ClientPaths.from(environment: CLI.environment)
                var configuration = try ClientConfiguration.load(from: paths)
                configuration.server = try ClientConfiguration.normalizedServer(url)
                try configuration.save(to: paths)
                print(CLI.language == .zh ? "服务器已设为 \(configuration.server!)" : "server set to \(configuration.server!)")
            }
        }
    }
}
