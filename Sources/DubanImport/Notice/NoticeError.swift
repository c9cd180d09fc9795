import DubanCore

/// Why a notice could not be read or parsed: a machine-readable `code`, where in the document, and a
/// sentence for people.
///
/// Codes: `notice.no_table`, `notice.no_header`, `notice.row_too_few_cells`, `notice.no_task_text`,
/// `notice.bad_task_number`, `notice.duplicate_task_number`, `notice.no_tasks`,
/// `notice.no_year`, `notice.no_nodes`, `notice.bad_node_date`, `notice.bad_lead_days`, `import.bad_mapping`; and from the Word reader `docx.not_zip`, `docx.no_document`, `docx.too_large`,
/// `docx.bad_xml`.
public struct NoticeError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `notice.<reason>` or `docx.<reason>`.
    public var code: String
    /// Where: `"table row 4 (task 3)"`, `"paragraph 7"`, `"paragraphs 1–14"`; `nil` for the whole document.
    public var location: String?
    /// What is wrong and what to do, in English and Chinese (without the location).
    public var message: LocalizedText

    /// Makes an error.
    public init(code: String, location: String? = nil, message: LocalizedText) {
        self.code = code
        self.location = location
        self.message = message
    }

    /// Makes an error from its two sentences.
    public init(code: String, location: String? = nil, en: String, zh: String) {
        self.init(code: code, location: location, message: LocalizedText(en: en, zh: zh))
    }

    /// `"notice.bad_node_date at paragraph 9: …"` in English.
    public var description: String {
        if let location { "\(code) at \(location): \(message.en)" } else { "\(code): \(message.en)" }
    }
}
