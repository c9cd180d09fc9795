/// Evidence is named by the SHA-256 of its bytes: 64 lower-case hex digits.
public enum EvidenceHash {
    /// How many evidence files one report revision or assessment sheet may name.
    public static let maxPerEntity = 50

    /// True for 64 lower-case hex digits.
    public static func isValid(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Checks a list of evidence hashes.
    public static func check(_ hashes: [String]) throws(RuleViolation) {
        guard hashes.count <= maxPerEntity, hashes.allSatisfy(isValid) else {
            throw RuleViolation("report.bad_evidence",
                                en: "evidence must be at most \(maxPerEntity) SHA-256 hashes (64 lower-case hex digits)",
                                zh: "佐证材料最多 \(maxPerEntity) 个，须为 SHA-256 值（64 位小写十六进制）")
        }
    }
}
