import DubanCore

/// Why a notice could not be read or parsed: a machine-readable `code`, where in the document, and a
/// sentence for people.
///
/// Codes: `notice.no_table`, `notice.no_header`, `notice.row_too_few_cells`, `notice.no_task_text`,
/// `notice.bad_task_number`, `notice.duplicate_task_number`, `notice.no_tasks`, `notice.no_year`,
/// `notice.no_nodes`, `notice.bad_node_date`, `notice.bad_lead_days`, `import.bad_mapping`; from the Word reader `docx.not_zip`, `docx.no_document`, `docx.too_large`,
/// `docx.too_many_entries`, `docx.bad_xml`; from the plan spreadsheet reader `xlsx.<reason>` (the same zip
/// reasons, and `no_workbook`, `no_sheet`, `no_tasks_sheet`, `no_tasks`, `too_many_rows`, `too_many_columns`,
/// `cell_too_long`, `bad_reference`, `bad_shared_string`, `bad_number`, `cell_error`, `formula_without_value`,
/// `unknown_plan_key`, `bad_value`, `bad_date`, `bad_task_number`, `no_indicator_name`, `bad_target`,
/// `unknown_task`) and `csv.bad_syntax`, `csv.too_many_rows`, `csv.too_many_columns`.
public struct NoticeError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `notice.<reason>`, `docx.<reason>`, `xlsx.<reason>` or `csv.<reason>`.
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
