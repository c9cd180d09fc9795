import Crypto
import DubanCore
import Foundation

/// Checks the audit trail without trusting the database's own answer: recomputes every link of the
/// chain from the entries (``AuditChainEntry/canonicalText``, the rule `duban.audit_entry_text` also
/// follows) and checks every checkpoint's Ed25519 signature against a trusted public key and its
/// head hash against the recomputed chain.
///
/// The key is the one the user pinned (`--public-key`, as `duban-server audit-key generate` printed
/// it), else the one the server says it signs with. A chain rewritten and re-sealed in the database
/// is consistent with itself, but not with the checkpoints signed before: the verifier names the
/// entries between the last checkpoint that still matches and the first that does not.
public struct AuditChainVerifier: Sendable {
    /// The base64 raw public key the checkpoints must be signed with; nil: the server's.
    public var pinnedKey: String?

    public init(pinnedKey: String? = nil) {
        self.pinnedKey = pinnedKey
    }

    /// What the verification found.
    public struct Report: Sendable, Equatable {
        /// Entries whose links were recomputed.
        public var entries: Int
        /// Checkpoints whose signature and head hash matched.
        public var checkpoints: Int
        /// The newest checkpoint that matched.
        public var newest: AuditCheckpoint?
        /// The server's checkpoint status (`signed`, `unsigned`, `broken`).
        public var status: String
    }

    /// Why the trail does not verify: a code and a sentence in both languages.
    public func verify(entries: [AuditChainEntry], checkpoints list: AuditCheckpointList) throws(ClientError) -> Report {
        let trusted = pinnedKey ?? list.publicKey
        if let pinnedKey, let server = list.publicKey, server != pinnedKey {
            throw Self.failure("client.audit_key_mismatch",
                en: "the server signs with key \(server), not the pinned key \(pinnedKey)",
                zh: "服务器使用的签名公钥 \(server) 与指定的公钥 \(pinnedKey) 不符")
        }
        // Signatures first: a checkpoint that is not ours proves nothing about the chain.
        var key: Curve25519.Signing.PublicKey?
        if let trusted {
            guard let raw = Data(base64Encoded: trusted), let parsed = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else {
                throw Self.failure("client.audit_bad_key",
                    en: "\(trusted) is not an Ed25519 public key (base64 of 32 bytes)",
                    zh: "\(trusted) 不是有效的 Ed25519 公钥（32 字节的 base64）")
            }
            key = parsed
        }
        for checkpoint in list.checkpoints {
            let signature = Data(base64Encoded: checkpoint.signature) ?? Data()
            guard let key, key.isValidSignature(signature, for: Data(checkpoint.signedText.utf8)) else {
                throw Self.failure("client.audit_bad_signature",
                    en: "the checkpoint of seq \(checkpoint.seq) signed at \(Self.time(checkpoint.signedAt)) does not carry a valid signature of key \(trusted ?? "?")",
                    zh: "链序号 \(checkpoint.seq) 的检查点（签署于 \(Self.time(checkpoint.signedAt))）没有公钥 \(trusted ?? "?") 的有效签名")
            }
        }
        if pinnedKey != nil && list.checkpoints.isEmpty {
            throw Self.failure("client.audit_unsigned",
                en: "the server holds no signed checkpoint to check against the pinned key",
                zh: "服务器没有可用指定公钥核验的已签署检查点")
        }

        // The chain, recomputed link by link.
        var hashes: [Int64: String] = [:]
        var previous = AuditChainEntry.genesis
        var expected: Int64 = 1
        let checkpointSeqs = Set(list.checkpoints.map(\.seq))
        for entry in entries {
            if entry.seq != expected {
                throw Self.failure("client.audit_missing_entry",
                    en: "the audit chain has no entry at seq \(expected) (the next is seq \(entry.seq)): an entry was removed",
                    zh: "审计链缺少链序号 \(expected) 的条目（下一条为 \(entry.seq)）：有条目被删除")
            }
            let computed = Self.sha256Hex(AuditChainEntry.linkInput(previous: previous, text: entry.canonicalText))
            if computed != entry.hash {
                throw Self.failure("client.audit_entry_changed",
                    en: "entry \(entry.id) (seq \(entry.seq)) no longer matches its hash: it was changed after it was sealed",
                    zh: "条目 \(entry.id)（链序号 \(entry.seq)）与其哈希不符：封存后被修改")
            }
            if checkpointSeqs.contains(entry.seq) { hashes[entry.seq] = computed }
            previous = computed
            expected += 1
        }

        // Each checkpoint against the recomputed chain; a mismatch names the rewritten range.
        var lastGood: AuditCheckpoint?
        for checkpoint in list.checkpoints.sorted(by: { $0.seq < $1.seq }) {
            guard hashes[checkpoint.seq] == checkpoint.headHash else {
                let from = (lastGood?.seq ?? 0) + 1
                let good = lastGood.map { checkpoint in
                    LocalizedText(en: "; the checkpoint of seq \(checkpoint.seq) signed at \(Self.time(checkpoint.signedAt)) still matches",
                                  zh: "；链序号 \(checkpoint.seq) 的检查点（签署于 \(Self.time(checkpoint.signedAt))）仍然一致")
                } ?? LocalizedText(en: "", zh: "")
                let missing = hashes[checkpoint.seq] == nil
                throw Self.failure("client.audit_rewritten",
                    en: "entries \(from)–\(checkpoint.seq) no longer match the checkpoint of seq \(checkpoint.seq) signed at "
                        + "\(Self.time(checkpoint.signedAt))\(missing ? " (the chain now ends at seq \(expected - 1))" : ""): "
                        + "they were changed, removed or re-sealed in the database\(good.en)",
                    zh: "条目 \(from)–\(checkpoint.seq) 与链序号 \(checkpoint.seq) 的检查点（签署于 \(Self.time(checkpoint.signedAt))）不再一致"
                        + "\(missing ? "（审计链现止于链序号 \(expected - 1)）" : "")：这些条目已在数据库中被修改、删除或重新封存\(good.zh)")
            }
            lastGood = checkpoint
        }
        if list.status == "broken" {
            throw Self.failure("client.audit_checkpoints_broken",
                en: "the server stopped signing checkpoints: \(list.problem ?? "the chain no longer extends its newest checkpoint")",
                zh: "服务器已停止签署检查点：审计链与其最新检查点不再一致（\(list.problem ?? "")）")
        }
        return Report(entries: entries.count, checkpoints: list.checkpoints.count, newest: lastGood, status: list.status)
    }

    /// A failure whose sentence ends with its code, so scripts and people quote the same thing.
    static func failure(_ code: String, en: String, zh: String) -> ClientError {
        ClientError(code: code, message: .init(en: "\(en) (\(code))", zh: "\(zh)（\(code)）"))
    }

    /// SHA-256 of the text's UTF-8, as lower-case hex (what `duban.audit_link` stores).
    public static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func time(_ date: Date) -> String { date.formatted(.iso8601) }
}
