import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand {
    /// `duban assignments`.
    struct Assignments: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the task assignments you may see (任务分工): your unit's, and those of the tasks it leads."
        )

        @OptionGroup var output: FormatOptions

        func run() async throws {
            let list = try await CLI.withSession { api, _ in try await api.assignments() }
            CLI.output(try Listing.assignments.render(list.assignments, body: list, format: output.format,
                                                      presentation: CLI.presentation))
        }
    }
}
