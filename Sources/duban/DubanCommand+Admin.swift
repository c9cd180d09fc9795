import ArgumentParser

extension DubanCommand {
    /// `duban admin …`: central administration. The server lets only accounts with the right role in.
    struct Admin: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage units, plans and accounts, and read the audit trail (管理).",
            discussion: "Units and accounts need the admin role; the audit trail admin, supervisor or oversight.",
            subcommands: [Unit.self, Plan.self, Account.self, Audit.self]
        )
    }
}
