/// How a listing is printed: `--format table|json|csv` on every listing command.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Aligned columns for a person at a terminal (the default).
    case table
    /// The API's own JSON body, pretty-printed (snake_case keys, ISO-8601 UTC times): for scripts.
    case json
    /// RFC 4180 CSV with a UTF-8 BOM, headers in the user's language: for spreadsheets.
    case csv
}
