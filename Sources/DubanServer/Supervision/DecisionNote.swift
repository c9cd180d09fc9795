import DubanCore

/// The note an office's decision carries (a sheet's review, an extension decision): trimmed, at
/// most `TextLimit.supervisionNote` characters, and required for the decisions that send something
/// back (a return, a refusal).
enum DecisionNote {
    /// The note as stored (nil when none was given).
    /// - Parameters:
    ///   - required: whether this decision needs a note; `missing` is thrown when it has none.
    ///   - tooLongCode: the code of the refusal for a note over the limit.
    static func checked(_ text: String?, required: Bool, missing: DomainError, tooLongCode: String) throws -> String? {
        let note = text?.trimmingCharacters(in: .whitespacesAndNewlines)
        if required && (note ?? "").isEmpty { throw missing }
        guard TextLimit.length(note ?? "") <= TextLimit.supervisionNote else {
            throw DomainError.invalid(tooLongCode, en: "the note is longer than \(TextLimit.supervisionNote) characters",
                                      zh: "说明超过 \(TextLimit.supervisionNote) 个字符")
        }
        return note
    }
}
