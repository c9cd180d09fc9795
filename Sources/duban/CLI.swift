import ArgumentParser
import DubanClient
import DubanCore
import Foundation

/// Shared by every command: the user's language, one clear line for errors, the signed-in session.
enum CLI {
    static let environment = ProcessInfo.processInfo.environment
    static let language = Language.from(environment: environment)
    static var paths: ClientPaths { ClientPaths.from(environment: environment) }
    static var presentation: Presentation { Presentation(language: language) }

    /// The sentence in the user's language.
    static func text(en: String, zh: String) -> String { language == .zh ? zh : en }

    /// What the command line answers for an error a command threw: a client error or anything
    /// unexpected is printed (in the user's language) and becomes exit code 1; ArgumentParser's
    /// own errors (usage, `--help`, exit codes) pass through to be printed by it.
    static func answer(_ error: any Error) -> any Error {
        switch error {
        case let error as ClientError: failure(error)
        case is ExitCode, is ValidationError, is CleanExit: error
        case is CancellationError: failure(text(en: "interrupted", zh: "已中断"))
        // `duban help …` and the like throw ArgumentParser's own (internal) error types from `run()`.
        case _ where String(reflecting: type(of: error)).hasPrefix("ArgumentParser."): error
        default: failure(String(describing: error))
        }
    }

    /// Prints a client error: its message as the error line, then, when the server answered, the
    /// request's id on its own line (`request id: …` / `请求编号：…`), to quote when reporting it.
    static func failure(_ error: ClientError) -> ExitCode {
        let exit = failure(error.message.text(for: language))
        if let line = requestIdLine(error) { printError(line) }
        return exit
    }

    /// `request id: …` / `请求编号：…` for an error the server answered with an id; nil otherwise.
    static func requestIdLine(_ error: ClientError) -> String? {
        error.requestId.map { text(en: "request id: ", zh: "请求编号：") + $0 }
    }

    /// Prints `message` as the one error line; throw the answer to exit 1.
    static func failure(_ message: String) -> ExitCode {
        printError(text(en: "error: ", zh: "错误：") + message)
        return .failure
    }

    /// A line on stderr.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// A note on stderr that does not change the exit status.
    static func warn(_ en: String, _ zh: String) {
        printError(text(en: "warning: ", zh: "警告：") + text(en: en, zh: zh))
    }

    /// Runs `body` with a client signed in as the stored credentials.
    static func withSession<T: Sendable>(_ body: (APIClient, Credentials) async throws -> T) async throws -> T {
        let credentials = try CredentialStore(paths: paths).require()
        return try await APIClient.with(server: credentials.server, token: credentials.token) { api in
            try await body(api, credentials)
        }
    }

    /// Prints text exactly (it carries its own line ends).
    static func output(_ text: String) {
        print(text, terminator: "")
    }

    /// One line from standard input without its line end, or nil at end of input.
    static func readStandardInputLine() -> String? {
        guard var line = readLine(strippingNewline: true) else { return nil }
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }
}

/// `--format table|json|csv`, the same on every listing.
struct FormatOptions: ParsableArguments {
    @Option(help: "Output format: table (aligned columns), json (the API's JSON), csv (UTF-8 with BOM, for Excel).")
    var format: OutputFormat = .table
}

extension OutputFormat: ExpressibleByArgument {}
extension UnitKind: ExpressibleByArgument {}
extension AccountRole: ExpressibleByArgument {}
