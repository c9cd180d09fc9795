import ArgumentParser
import DubanClient
import DubanCore

extension DubanCommand {
    /// `duban accounts`: who holds an account in my unit, who created it, who last reset it.
    struct Accounts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the accounts of your unit (本单位账号): who holds one, who created it, who last reset its password.",
            discussion: """
                A unit's staff see their own unit's accounts; the supervision office, oversight and admins \
                see every unit's (--unit narrows the list). An account created or reset by an admin shows \
                here with the admin's login and the time, so a unit notices an account it did not ask for.
                """
        )

        @Option(help: "Only the accounts of this unit (its code); a unit's staff may name only their own.") var unit: String?
        @OptionGroup var output: FormatOptions

        func run() async throws {
            let list = try await CLI.withSession { api, _ in try await api.visibleAccounts(unit: unit) }
            CLI.output(try Listing.accounts.render(list.accounts, body: list, format: output.format,
                                                   presentation: CLI.presentation))
        }
    }
}
