import DubanCore
import Foundation

/// How values are shown to a person: their language and their time zone.
public struct Presentation: Sendable {
    public var language: Language
    public var timeZone: TimeZone
    /// True for a terminal table: long ids may be shortened there (CSV and JSON keep them whole).
    public var abbreviates: Bool

    public init(language: Language, timeZone: TimeZone = .current, abbreviates: Bool = false) {
        self.language = language
        self.timeZone = timeZone
        self.abbreviates = abbreviates
    }

    /// `yyyy-MM-dd HH:mm:ss` in the user's time zone (what a spreadsheet reads as a time too);
    /// empty for nil.
    public func time(_ date: Date?) -> String {
        guard let date else { return "" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", parts.year!, parts.month!, parts.day!,
                      parts.hour!, parts.minute!, parts.second!)
    }

    public func text(_ text: LocalizedText) -> String { text.text(for: language) }

    public func text(en: String, zh: String) -> String { language == .zh ? zh : en }

    public func yesNo(_ value: Bool) -> String { value ? text(en: "yes", zh: "是") : text(en: "no", zh: "否") }
}
