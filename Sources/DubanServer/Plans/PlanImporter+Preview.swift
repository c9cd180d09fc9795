import DubanCore
import DubanImport
import Postgres

extension PlanImporter {
    /// What importing `plan` would do: units resolved against the stored roster (with this import's
    /// mappings), and, when a plan of the same year and title is stored, every change the import would
    /// make. Nothing is written: the import runs inside a savepoint that is rolled back.
    public func preview(_ plan: ParsedPlan, on connection: PostgresConnection) async throws -> PlanPreview {
        try await connection.transaction { connection in
            try await preview(plan, inTransaction: connection)
        }
    }

    /// The preview in the caller's transaction (an admin's request, scoped to the admin), which must be
    /// able to write: the import runs and is rolled back to a savepoint, so the changes listed are the
    /// ones the import itself finds.
    public func preview(_ plan: ParsedPlan, inTransaction connection: PostgresConnection) async throws -> PlanPreview {
        let catalog = try await UnitCatalog.load(on: connection)
        var preview = plan.preview(using: try directory(catalog))
        let stored = try await connection.query("SELECT 1 FROM duban.plans WHERE year = \(plan.year) AND title = \(plan.title)")
        // A first import lists its tasks already; with unresolved names the import cannot run.
        guard !stored.isEmpty, preview.unresolved.isEmpty || createMissingUnits else { return preview }
        try await connection.execute("SAVEPOINT duban_plan_preview")
        do {
            let summary = try await importPlan(plan, sourceName: nil, inTransaction: connection)
            try await connection.execute("ROLLBACK TO SAVEPOINT duban_plan_preview")
            preview.changes = summary.details
        } catch {
            try? await connection.execute("ROLLBACK TO SAVEPOINT duban_plan_preview")
            throw error
        }
        return preview
    }
}
