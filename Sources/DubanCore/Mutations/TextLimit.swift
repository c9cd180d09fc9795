/// The limits on what people write, measured as PostgreSQL's `length()` measures text: in Unicode
/// code points (a "\r\n" is two, an emoji with a skin tone two or more), never in Swift's
/// grapheme clusters. Each limit is stated here once; the SQL CHECK constraints on the same
/// columns carry the same numbers, and a test compares the two.
public enum TextLimit {
    /// A report revision's text (`report_revisions.text`).
    public static let reportText = 100_000
    /// A public summary (`report_revisions.public_summary`).
    public static let publicSummary = 2000
    /// A review's reason (`report_reviews.reason`).
    public static let reviewReason = 5000
    /// An extension request's reason (`extensions.reason`).
    public static let extensionReason = 5000
    /// An assessment sheet's comment and each reason for a changed score (`assessments.comment`).
    public static let assessmentComment = 5000
    /// An implementation plan's measures (`implementation_revisions.measures`).
    public static let implementationMeasures = 50_000
    /// A report's difficulties needing coordination (`report_revisions.difficulties`).
    public static let reportDifficulties = 20_000
    /// A quantity's name, as the office writes it.
    public static let quantityName = 40
    /// The supervision office's urge (`urges.message`).
    public static let urgeMessage = 5000
    /// A note or reason of the supervision office's decisions: supervision-order steps, extension
    /// decisions, assessment reviews (`supervision_order_events.note`, `extensions.decision_note`,
    /// `assessments.review_note`).
    public static let supervisionNote = 5000
    /// An inspection's findings, rectification and follow-up notes (`inspections.findings`,
    /// `inspections.rectification`, `inspection_events.note`).
    public static let inspectionText = 20_000
    /// An account's display name (`accounts.display_name`).
    public static let displayName = 100
    /// A task's numbering as the notice writes it (`tasks.label`).
    public static let noticeLabel = 40
    /// The chapter heading a task stands under (`tasks.group_name`).
    public static let noticeGroup = 200
    /// A task's deadline as written (`tasks.deadline_text`).
    public static let noticeDeadline = 500
    /// A notice's document number (`plans.document_number`).
    public static let documentNumber = 100
    /// The name of an imported file as stored (`tasks.closed_by_source`); longer names are cut.
    public static let sourceName = 200
    /// A unit's name and each of its aliases (`units.name`).
    public static let unitName = 200
    /// A circular's title and body (`circulars.title`, `circulars.body`).
    public static let circularTitle = 500
    public static let circularBody = 200_000

    /// The length PostgreSQL's `length()` gives `text`.
    public static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// Checks one text field: no NUL (which PostgreSQL text cannot hold) and at most `limit` code points.
    /// - Parameters:
    ///   - code: the violation's code, e.g. `report.text_too_long`.
    ///   - field: what the field is called, in both languages.
    public static func check(_ text: String, limit: Int, code: String, field: LocalizedText) throws(RuleViolation) {
        if text.unicodeScalars.contains("\u{0}") {
            throw RuleViolation("mutation.bad_text", en: "the \(field.en) holds the NUL character (U+0000), which no text may hold",
                                zh: "\(field.zh)包含空字符（U+0000），文本不能包含该字符")
        }
        let length = length(text)
        guard length <= limit else {
            throw RuleViolation(code, en: "the \(field.en) is longer than \(limit) characters (\(length))",
                                zh: "\(field.zh)超过 \(limit) 个字符（\(length) 个）")
        }
    }
}
