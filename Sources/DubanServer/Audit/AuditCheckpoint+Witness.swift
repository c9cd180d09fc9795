import DubanCore
import Foundation
import Postgres

extension AuditCheckpoint {
    /// The checkpoint as the public page and the foot of an issued circular print it, so that paper
    /// and screenshots witness the chain's head: position, short hash, time signed and key id.
    func witnessText(timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: signedAt)
        let time = String(format: "%04d年%d月%d日 %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0,
                          c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        return "审计链检查点：第 \(seq) 条，哈希 \(shortHash)，\(time) 签署（密钥 \(keyId)）"
    }

    /// What is printed when no checkpoint has been signed yet.
    static let noWitnessText = "审计链检查点：尚无签署的检查点"

    /// The newest checkpoint, read in the caller's transaction.
    static func newest(on connection: PostgresConnection) async throws -> AuditCheckpoint? {
        try await AuditCheckpointer.checkpoints(newestOnly: true, on: connection).first
    }
}
