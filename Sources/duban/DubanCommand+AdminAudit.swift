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
                abstract: "Check the audit trail: recompute its hash chain and check every signed checkpoint.",
                discussion: """
                    Does not take the database's word for it: the entries are fetched and every link is \
                    recomputed here, and each checkpoint's Ed25519 signature is checked against the server's \
                    public key, or against --public-key (as `duban-server audit-key generate` printed it) so \
                    that a replaced key is noticed too. A chain rewritten and re-sealed in the database no \
                    longer matches the checkpoints signed before: the entries between the last checkpoint \
                    that matches and the first that does not are named. Exits 0 when everything matches, \
                    1 otherwise.
                    """
            )

            @Option(name: .customLong("public-key"), help: "The Ed25519 public key (base64) the checkpoints must be signed with.")
            var publicKey: String?

            func run() async throws {
                let (database, checkpoints, entries) = try await CLI.withSession { api, _ in
                    // The server seals what is committed and signs the head first; its own recomputation
                    // is reported, but the verdict is this command's.
                    let database = try await api.verifyAudit()
                    return (database, try await api.auditCheckpoints(), try await api.auditChain())
                }
                let report = try AuditChainVerifier(pinnedKey: publicKey).verify(entries: entries, checkpoints: checkpoints)
                if !database.ok || database.firstBroken != nil {
                    throw ClientError(code: "client.audit_broken", message: Self.brokenMessage(database))
                }
                if let newest = report.newest {
                    print(CLI.text(
                        en: "audit trail intact: \(report.entries) entries recomputed, \(report.checkpoints) signed checkpoint(s) match; "
                            + "newest: seq \(newest.seq), \(newest.shortHash), signed at \(newest.signedAt.formatted(.iso8601)) by key \(newest.keyId)",
                        zh: "审计记录完整：已重新计算 \(report.entries) 条，\(report.checkpoints) 个已签署检查点一致；"
                            + "最新：链序号 \(newest.seq)，\(newest.shortHash)，\(newest.signedAt.formatted(.iso8601)) 由密钥 \(newest.keyId) 签署"))
                } else {
                    print(CLI.text(en: "audit trail intact: \(report.entries) entries recomputed",
                                   zh: "审计记录完整：已重新计算 \(report.entries) 条"))
                    CLI.printError(CLI.text(
                        en: "warning: checkpoints: \(report.status) — no signed checkpoint anchors the chain outside the database",
                        zh: "警告：检查点：\(report.status == "unsigned" ? "未签名" : report.status)——数据库之外没有已签署的检查点可证明审计链未被改写"))
                }
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
