import DubanCore
import Foundation

extension APIClient {
    /// What `duban admin plan import` sends besides the file: the options of `duban-server import-plan`.
    public struct PlanImportOptions: Sendable, Equatable {
        public var dryRun = false
        public var createMissing = false
        public var year: Int?
        /// Comma-separated ISO dates, as given on the command line.
        public var nodes: String?
        public var leadDays: Int?
        public var issuer: String?
        public var title: String?
        /// `NAME=CODE,CODE`, repeatable.
        public var maps: [String] = []

        public init() {}
    }

    /// `POST /v1/admin/plans/import?…`: uploads a notice (.docx or .txt) named `name`.
    public func importPlan(_ data: Data, name: String, options: PlanImportOptions) async throws -> PlanImportResult {
        var query: [(String, String?)] = [
            ("dry_run", String(options.dryRun)), ("create_missing", String(options.createMissing)), ("name", name),
            ("year", options.year.map(String.init)), ("nodes", options.nodes),
            ("lead_days", options.leadDays.map(String.init)), ("issuer", options.issuer), ("title", options.title),
        ]
        query += options.maps.map { ("map", $0) }
        return try await send(.POST, ["v1", "admin", "plans", "import"], query: query, raw: data,
                              contentType: "application/octet-stream")
    }

    /// `POST /v1/admin/units/import[?dry_run=true]`: uploads a roster CSV.
    public func importUnits(_ data: Data, dryRun: Bool) async throws -> UnitImportResult {
        try await send(.POST, ["v1", "admin", "units", "import"], query: [("dry_run", String(dryRun))], raw: data,
                       contentType: "application/octet-stream")
    }

    /// `POST /v1/admin/plans/carry-over`: carries an unfinished task of an earlier plan into a later one.
    public func carryOver(_ request: CarryOverRequest) async throws -> CarryOverResult {
        try await send(.POST, ["v1", "admin", "plans", "carry-over"], body: request)
    }
}
