import DubanCore

/// Why a roster CSV was refused: a machine-readable `code`, the 1-based line, and a sentence for people.
public struct RosterError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `roster.<reason>`: `bad_csv`, `empty`, `missing_column`, `field_count`, `empty_code`, `bad_code`,
    /// `empty_name`, `unknown_kind`, `duplicate_code`, `duplicate_name`, `unknown_parent`, `cycle`.
    public var code: String
    /// The line of the CSV text where the offending record starts (the header is line 1).
    public var line: Int?
    /// What is wrong and what to do, in English and Chinese.
    public var message: LocalizedText

    /// Makes an error; the message should already name the line.
    public init(code: String, line: Int?, message: LocalizedText) {
        self.code = code
        self.line = line
        self.message = message
    }

    /// `"roster.unknown_kind: Line 5: …"` in English.
    public var description: String { "\(code): \(message.en)" }
}

extension RosterError {
    /// A per-line error whose sentences start with "Line N:" / "第N行：".
    static func at(_ line: Int, _ code: String, en: String, zh: String) -> RosterError {
        RosterError(code: "roster.\(code)", line: line,
                    message: LocalizedText(en: "Line \(line): \(en)", zh: "第\(line)行：\(zh)"))
    }
}
