import ArgumentParser
import DubanCore
import DubanServer

extension DubanServerCommand {
    /// `duban-server audit-key generate|show`: the Ed25519 key that signs audit checkpoints.
    struct AuditKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit-key",
            abstract: "Create or show the key that signs audit checkpoints (DUBAN_AUDIT_KEY_FILE).",
            discussion: """
                The server signs the audit chain's head with this Ed25519 key, so that a chain rewritten in \
                the database no longer matches what was signed. Keep the file readable by the service user \
                only, on the application host, never where the database owner's credentials are. Give the \
                printed public key to whoever checks the trail: duban admin audit verify --public-key KEY.
                """,
            subcommands: [Generate.self, Show.self]
        )

        struct Generate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write a new key file (mode 0600, never over an existing file) and print its public key.")

            @Option(help: "The key file to create.") var out: String

            func run() async throws {
                try await CommandSupport.run {
                    let key = AuditSigningKey.generate()
                    try key.write(to: out)
                    CommandSupport.say(.init(en: "wrote \(out) (mode 0600); set DUBAN_AUDIT_KEY_FILE=\(out)",
                                             zh: "已写入 \(out)（权限 0600）；请设置 DUBAN_AUDIT_KEY_FILE=\(out)"))
                    Show.print(key)
                }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print the public key and key id of a key file.")

            @Option(help: "The key file (default $DUBAN_AUDIT_KEY_FILE).") var file: String?

            func run() async throws {
                try await CommandSupport.run {
                    guard let path = file ?? CommandSupport.environment["DUBAN_AUDIT_KEY_FILE"], !path.isEmpty else {
                        throw ValidationError("give --file or set DUBAN_AUDIT_KEY_FILE")
                    }
                    Self.print(try AuditSigningKey(contentsOf: path))
                }
            }

            static func print(_ key: AuditSigningKey) {
                CommandSupport.say(.init(en: "public key: \(key.publicKey)", zh: "公钥：\(key.publicKey)"))
                CommandSupport.say(.init(en: "key id: \(key.keyID)", zh: "密钥编号：\(key.keyID)"))
            }
        }
    }
}
