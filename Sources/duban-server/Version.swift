import ArgumentParser
import DubanCore

extension DubanServerCommand {
    /// `duban-server version`.
    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the version.")
        func run() { print("duban-server \(DubanVersion.current)") }
    }
}
