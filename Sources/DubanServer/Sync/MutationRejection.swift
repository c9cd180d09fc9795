import DubanCore
import Foundation

/// Why a mutation was rejected: a code and a sentence in both languages, stored with the mutation so
/// a replay gets the same answer. The same type as the rules of `DubanCore` throw, so a payload's
/// own `validate()` and a writer's checks against the database answer alike.
typealias MutationRejection = RuleViolation

extension RuleViolation {
    func result(for id: UUID) -> MutationResult {
        MutationResult(id: id, status: .rejected, code: code, message: message.en, messageZh: message.zh)
    }
}
