import DubanCore
import Foundation

/// Finds a circular by what people type: its document number (〔2022〕3号), `YEAR-N` (or `YEAR/N`), its
/// id, or (when no id matches) its number in the newest year that has numbered ones (`3`, `3号`).
public enum CircularLookup {
    public static func find(_ text: String, in circulars: [CircularRecord]) throws -> CircularRecord {
        let wanted = text.trimmingCharacters(in: .whitespaces)
        if let found = circulars.first(where: { $0.documentNumber == wanted }) { return found }
        let parts = wanted.split(whereSeparator: { $0 == "-" || $0 == "/" }).map(String.init)
        if parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1].replacingOccurrences(of: "号", with: "")),
           let found = circulars.first(where: { $0.planYear == year && $0.number == number }) {
            return found
        }
        if let id = Int64(wanted), let found = circulars.first(where: { $0.id == id }) { return found }
        if let number = Int(wanted.replacingOccurrences(of: "号", with: "")),
           let year = circulars.filter({ $0.number != nil }).map(\.planYear).max(),
           let found = circulars.first(where: { $0.planYear == year && $0.number == number }) {
            return found
        }
        throw ClientError.invalidInput(.init(en: "no circular \(text) here (`duban circular list`; `duban sync` brings new ones)",
                                             zh: "本地没有通报 \(text)（见 `duban circular list`；新通报请先 `duban sync`）"))
    }
}
