import DubanCore
import Foundation
import Postgres

/// The one rule for evidence a mutation cites: every file on the server, whole, and held by the
/// writer's unit (uploaded or declared by it).
enum EvidenceHolding {
    /// The distinct hashes, sorted, once each is held by `unitID`; a refusal with `code` otherwise.
    static func require(_ hashes: [String]?, unitID: Int64, code: String, on connection: PostgresConnection) async throws -> [String] {
        let evidence = Array(Set(hashes ?? [])).sorted()
        guard !evidence.isEmpty else { return [] }
        let held = try await connection.query("""
            SELECT count(*) FROM duban.evidence_files f JOIN duban.evidence_holders h ON h.sha256 = f.sha256
             WHERE f.sha256 = ANY(\(evidence)) AND f.complete AND h.unit_id = \(unitID)
            """)[0].decode(Int.self, at: 0)
        guard held == evidence.count else {
            throw MutationRejection(code, en: "an evidence file named by the mutation is not (completely) uploaded",
                                    zh: "引用的佐证材料尚未（完整）上传")
        }
        return evidence
    }
}
