/// A sentence for people, in English and in Chinese.
public struct LocalizedText: Codable, Sendable, Hashable {
    /// The English sentence.
    public var en: String
    /// The Chinese sentence.
    public var zh: String

    /// Makes a text from its two translations.
    public init(en: String, zh: String) {
        self.en = en
        self.zh = zh
    }

    /// The sentence in `language`.
    public func text(for language: Language) -> String {
        switch language {
        case .en: en
        case .zh: zh
        }
    }
}
