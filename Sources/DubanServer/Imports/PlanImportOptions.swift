import DubanCore
import DubanImport
import Foundation
import Hummingbird

/// The query parameters of `POST /v1/admin/plans/import`, the options `duban-server import-plan` takes:
/// `dry_run`, `create_missing` (`true` or `false`), `year`, `nodes` (comma-separated ISO dates),
/// `lead_days`, `issuer`, `title`, `map` (repeatable `NAME=CODE,CODE`) and `name` (the file's name).
struct PlanImportOptions: Sendable {
    var dryRun: Bool
    var createMissing: Bool
    /// Checked when applied over what the file states (``NoticeOptions/Supplied/applied(to:)``).
    var notice: NoticeOptions.Supplied
    var mappings: [String: [String]]
    /// The uploaded file's name: `.docx` or `.txt` detection, and the stored source name.
    var name: String

    init(_ parameters: Parameters) throws {
        dryRun = try Self.flag(parameters, "dry_run")
        createMissing = try Self.flag(parameters, "create_missing")
        let name = parameters["name"].map(String.init) ?? ""
        self.name = name.isEmpty ? "notice" : String(String.UnicodeScalarView(name.unicodeScalars.prefix(TextLimit.sourceName)))
        notice = NoticeOptions.Supplied(
            year: parameters["year"].map(String.init), nodes: parameters["nodes"].map(String.init),
            leadDays: parameters["lead_days"].map(String.init), issuer: parameters["issuer"].map(String.init),
            title: parameters["title"].map(String.init))
        let maps = parameters.getAll("map")
        do {
            mappings = try UnitMapping.parse(maps)
        } catch {
            throw APIError(status: .unprocessableContent, code: error.code, message: error.message)
        }
    }

    /// A `true`/`false` parameter; absent is false.
    static func flag(_ parameters: Parameters, _ name: String) throws -> Bool {
        guard let text = parameters[name[...]] else { return false }
        switch text {
        case "true", "1": return true
        case "false", "0", "": return false
        default: throw APIError.badField(name)
        }
    }
}
