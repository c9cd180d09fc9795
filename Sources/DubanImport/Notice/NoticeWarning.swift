import DubanCore

/// Something the import noticed and the admin should read before importing: a fact it had to assume
/// (no lead time in the notice, so responsible units report on the node), a part it left aside (a
/// column naming people, not units), a name it kept as written. Warnings never stop an import;
/// ``NoticeError``s do.
public struct NoticeWarning: Codable, Sendable, Equatable, Hashable {
    /// `notice.<reason>`, stable for scripts.
    public var code: String
    /// Where: `"table row 4 (task 3)"`, `"paragraph 7"`; `nil` for the whole document.
    public var location: String?
    /// What was seen and what follows from it, in English and Chinese.
    public var message: LocalizedText

    /// Makes a warning.
    public init(code: String, location: String? = nil, en: String, zh: String) {
        self.code = code
        self.location = location
        self.message = LocalizedText(en: en, zh: zh)
    }
}
