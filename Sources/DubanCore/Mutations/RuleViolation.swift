/// A rule broken by what someone wrote: a machine-readable code and a sentence in both languages.
/// The same value is what the client shows before saving and what the server answers a mutation
/// with (`rejected`), so an office reads the same words offline and online.
public struct RuleViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// E.g. `report.text_too_long`.
    public var code: String
    public var message: LocalizedText

    public init(_ code: String, en: String, zh: String) {
        self.code = code
        self.message = LocalizedText(en: en, zh: zh)
    }

    public var description: String { "\(code): \(message.en)" }
}
