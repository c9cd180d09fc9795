import DubanCore
import DubanImport
import Postgres

extension PlanImporter {
    /// What importing `plan` would do, read in a read-only transaction: units resolved against the stored roster
    /// (with this import's mappings), and, when a plan of the same year and title is stored, the tasks and nodes
    /// that would change. Nothing is written.
    public func preview(_ plan: ParsedPlan, on connection: PostgresConnection) async throws -> PlanPreview {
        try await connection.transaction { connection in
            try await connection.execute("SET TRANSACTION READ ONLY")
            return try await preview(plan, inTransaction: connection)
        }
    }

    /// The preview read in the caller's transaction (an admin's request, scoped to the admin).
    public func preview(_ plan: ParsedPlan, inTransaction connection: PostgresConnection) async throws -> PlanPreview {
        let catalog = try await UnitCatalog.load(on: connection)
        var preview = plan.preview(using: try directory(catalog))
        preview.changes = try await changes(plan, on: connection)
        return preview
    }

    /// Lines saying how `plan` differs from the stored plan of its year and title; nil when none is stored.
    private func changes(_ plan: ParsedPlan, on connection: PostgresConnection) async throws -> [String]? {
        let stored = try await connection.query("SELECT id FROM duban.plans WHERE year = \(plan.year) AND title = \(plan.title)")
        guard let row = stored.first else { return nil }
        let planID = try row.decode(Int64.self, at: 0)
        var titles: [Int: (title: String, reports: Int)] = [:]
        var closed: Set<Int> = []
        for row in try await connection.query("""
            SELECT t.number, t.title, (SELECT count(*) FROM duban.reports r WHERE r.task_id = t.id)::int, t.closed_at IS NOT NULL
              FROM duban.tasks t WHERE t.plan_id = \(planID) AND t.carried_from_task_id IS NULL
            """) {
            titles[try row.decode(Int.self, at: 0)] = (try row.decode(String.self, at: 1), try row.decode(Int.self, at: 2))
            if try row.decode(Bool.self, at: 3) { closed.insert(try row.decode(Int.self, at: 0)) }
        }
        var lines: [String] = []
        for task in plan.tasks {
            if let current = titles.removeValue(forKey: task.number) {
                if closed.contains(task.number) { lines.append("task \(task.number): closed; listed again, it is reopened") }
                if current.title != task.title { lines.append("task \(task.number): title \(current.title) → \(task.title)") }
            } else {
                lines.append("task \(task.number): new (\(task.title))")
            }
        }
        for (number, current) in titles.sorted(by: { $0.key < $1.key }) where !closed.contains(number) {
            lines.append("task \(number): not in this notice; it is closed, not deleted (\(current.reports) report(s) kept)")
        }
        var nodes: [Int: LocalDate] = [:]
        for row in try await connection.query("""
            SELECT ordinal, to_char(node_date, 'YYYY-MM-DD') FROM duban.reporting_nodes WHERE plan_id = \(planID)
            """) {
            nodes[try row.decode(Int.self, at: 0)] = LocalDate(iso: try row.decode(String.self, at: 1))
        }
        for node in plan.nodes where nodes[node.ordinal] != node.nodeDate {
            lines.append("node \(node.ordinal): \(nodes[node.ordinal].map(\.description) ?? "new") → \(node.nodeDate)")
        }
        return lines
    }
}
