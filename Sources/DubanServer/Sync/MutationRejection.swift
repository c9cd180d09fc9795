import DubanCore
import Foundation

/// Why a mutation was rejected: a code and a sentence in both languages, stored with the mutation so
/// a replay gets the same answer.
struct MutationRejection: Error, Sendable {
    var code: String
    var message: LocalizedText

    init(_ code: String, en: String, zh: String) {
        self.code = code
        self.message = LocalizedText(en: en, zh: zh)
    }

    func result(for id: UUID) -> MutationResult {
        MutationResult(id: id, status: .rejected, code: code, message: message.en, messageZh: message.zh)
    }
}
