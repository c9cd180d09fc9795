import ArgumentParser
import DubanCore
import DubanImport
import DubanServer
import Foundation
import Logging
import Postgres

/// What every command needs: the user's language, a logger, and a way to turn errors into one clear
/// line and a non-zero exit.
enum CommandSupport {
    static let environment = ProcessInfo.processInfo.environment
    static let language = Language.from(environment: environment)

    /// Sets up logging once: JSON lines for `serve`, plain text for one-shot commands.
    static func bootstrapLogging(format: ServerConfiguration.LogFormat, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            switch format {
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }

    static func say(_ text: LocalizedText) {
        print(text.text(for: language))
    }

    /// Runs a command body; known errors print their sentence and exit 1 (no stack traces).
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data((message(for: error) + "\n").utf8))
            throw ExitCode.failure
        }
    }

    static func message(for error: any Error) -> String {
        let prefix = language == .zh ? "错误：" : "error: "
        switch error {
        case let error as ImportError: return prefix + error.message.text(for: language)
        case let error as MigrationError: return prefix + error.message.text(for: language)
        case let error as BootstrapError: return prefix + error.message.text(for: language)
        case let error as ServerRoleCheck.Refusal: return prefix + error.message.text(for: language)
        case let error as NoticeError:
            return prefix + error.message.text(for: language) + (error.location.map { " (\($0))" } ?? "")
        case let error as RosterError:
            let line = error.line.map { language == .zh ? "（第 \($0) 行）" : " (line \($0))" } ?? ""
            return prefix + error.message.text(for: language) + line
        case let error as PostgresError:
            if error.code == .connectionFailed {
                return prefix + (language == .zh ? "无法连接数据库：" : "cannot connect to the database: ") + error.message
            }
            return prefix + "\(error)"
        case let error as ConfigurationError: return prefix + error.description
        default: return prefix + "\(error)"
        }
    }
}
