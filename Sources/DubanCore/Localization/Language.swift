/// A language that Duban speaks to people in: every user-facing message exists in both.
public enum Language: String, Codable, Sendable, CaseIterable {
    case en
    case zh

    /// The language chosen by the POSIX locale variables, in their precedence order:
    /// `LC_ALL`, then `LC_MESSAGES`, then `LANG`; the first one that is set and non-empty decides.
    /// A value starting with "zh" (`zh_CN.UTF-8`, `zh-Hans`) gives `.zh`; anything else, or nothing, `.en`.
    public static func from(environment: [String: String]) -> Language {
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[variable], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? .zh : .en
        }
        return .en
    }
}
