import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand.Admin {
    /// `duban admin audit list|verify`.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read and check the audit trail (审计记录): who changed what, from which unit and device, when.",
            subcommands: [List.self, Verify.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List audit entries, oldest first.",
                discussion: """
                    Times are ISO-8601 (2024-03-28T09:00:00+08:00), or a date or a date and time without \
                    a zone, read in your time zone (2024-03-28 is that day's midnight). Pages are \
                    followed up to --limit entries; when more match, the id to continue from is shown \
                    (pass it as --after-id).
                    """
            )

            @Option(help: "Only entries of this unit (its code).") var unit: String?
            @Option(help: "Only entries made by this login.") var account: String?
            @Option(help: "Only entries about this kind of thing, e.g. account, unit, session.") var entityType: String?
            @Option(help: "Only entries about this one thing (with --entity-type), e.g. a login.") var entityId: String?
            @Option(help: "Only entries received at or after this time.") var since: String?
            @Option(help: "Only entries received before this time.") var until: String?
            @Option(help: "Only entries after this id (to continue a listing).") var afterId: Int64?
            @Option(help: "At most this many entries.") var limit: Int = 100
            @OptionGroup var output: FormatOptions

            func validate() throws {
                guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
            }

            func run() async throws {
                let query = AuditQuery(unit: unit, account: account, entityType: entityType, entityId: entityId,
                                       since: try since.map { try Self.time($0, option: "--since") },
                                       until: try until.map { try Self.time($0, option: "--until") },
                                       afterId: afterId)
                let list = try await CLI.withSession { api, _ in try await api.audit(query, limit: limit) }
                CLI.output(try Listing.audit.render(list.entries, body: list, format: output.format,
                                                    presentation: CLI.presentation))
                if let next = list.nextAfterId, output.format == .table {
                    CLI.printError(CLI.text(en: "more entries match: continue with --after-id \(next)",
                                            zh: "还有更多记录：请加 --after-id \(next) 继续"))
                }
            }

            static func time(_ text: String, option: String) throws -> Date {
                guard let date = TimeInput.parse(text) else {
                    throw ClientError.invalidInput(.init(
                        en: "\(option) \(text) is not a time (expected e.g. 2024-03-28 or 2024-03-28T09:00:00+08:00)",
                        zh: "\(option) \(text) 不是有效的时间（例如 2024-03-28 或 2024-03-28T09:00:00+08:00）"))
                }
                return date
            }
        }

        struct Verify: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check the audit trail's hash chain from its first entry.",
                discussion: "Exits 0 when the chain is intact; 1 naming the first entry that was changed, removed or moved."
            )

            func run() async throws {
                let result = try await CLI.withSession { api, _ in try await api.verifyAudit() }
                if result.ok, result.firstBroken == nil {
                    print(CLI.text(en: "audit trail intact: \(result.checked) entries checked",
                                   zh: "审计记录完整：已校验 \(result.checked) 条"))
                    return
                }
                throw ClientError(code: "client.audit_broken", message: Self.brokenMessage(result))
            }

            static func brokenMessage(_ result: AuditVerification) -> LocalizedText {
                guard let broken = result.firstBroken else {
                    return .init(en: "the server reports the audit trail as broken but names no entry",
                                 zh: "服务器报告审计记录已被破坏，但未指明条目")
                }
                let reason: LocalizedText = switch broken.reason {
                case "hash_mismatch": .init(en: "its content does not match its hash", zh: "内容与其哈希不符")
                case "missing_entry": .init(en: "an entry is missing from the chain", zh: "链中缺少条目")
                case "link_mismatch": .init(en: "it does not link to the entry before it", zh: "与前一条目的链接不符")
                default: .init(en: broken.reason, zh: broken.reason)
                }
                let entry = broken.id.map { "id \($0), seq \(broken.seq)" } ?? "seq \(broken.seq)"
                let entryZh = broken.id.map { "编号 \($0)，链序号 \(broken.seq)" } ?? "链序号 \(broken.seq)"
                return .init(
                    en: "the audit trail is broken at entry \(entry): \(reason.en) (\(broken.reason)); \(result.checked) entries checked",
                    zh: "审计记录在条目（\(entryZh)）处被破坏：\(reason.zh)（\(broken.reason)）；已校验 \(result.checked) 条")
            }
        }
    }
}
