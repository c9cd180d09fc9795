import Foundation

/// The name a device gives an evidence file, kept for people only. The server stores evidence bytes in
/// PostgreSQL by SHA-256 and never uses a name as a path; the name is still cut down to what a person
/// needs, so nothing downstream can take it for one.
enum EvidenceFileName {
    /// The most characters a name keeps after neutralising (a file system's limit for one component).
    static let maxCharacters = 255

    /// The last component after `/` or `\`, without control characters (NUL included), trimmed; `nil`
    /// when nothing usable is left (empty, `.` or `..`). The caller refuses one over ``maxCharacters``.
    static func neutralised(_ name: String) -> String? {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: last.unicodeScalars.filter { $0.properties.generalCategory != .control })
        let trimmed = String(scalars).trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty || trimmed == "." || trimmed == ".." ? nil : trimmed
    }
}
