import DubanCore
import DubanImport
import Foundation
import Logging
import Postgres

/// Loads a parsed notice into the database: the plan, its reporting nodes, its tasks and the
/// district-level assignments.
///
/// An import is a reconciliation by (year, title), task number and node ordinal, in one transaction:
/// importing the same notice twice changes nothing; a corrected notice updates what changed. It never
/// deletes a task: one the notice no longer lists is closed (its reports and history stay) and
/// reopened when a later notice lists it again. When a unit name matches no unit of the roster, nothing is written and the names
/// are listed, unless `createMissingUnits` asks to create them (they are returned for review).
public struct PlanImporter: Sendable {
    /// Create units for names the roster lacks instead of refusing the import.
    public var createMissingUnits: Bool
    /// Who the audit trail names for the import's changes (``AuditActor``).
    public var actor: String
    /// Names resolved for this import only (`--map "各相关单位=zjj,czj"`): name as written → unit codes.
    public var mappings: [String: [String]]
    /// When a task the notice no longer lists is closed.
    public var clock: ServerClock

    public init(createMissingUnits: Bool = false, actor: String = AuditActor.command("import-plan"),
                mappings: [String: [String]] = [:], clock: ServerClock = .system) {
        self.createMissingUnits = createMissingUnits
        self.actor = actor
        self.mappings = mappings
        self.clock = clock
    }

    /// The roster as this import resolves names: the catalog with the import's mappings, whose codes must exist.
    func directory(_ catalog: UnitCatalog) throws -> UnitDirectory {
        for (name, codes) in mappings.sorted(by: { $0.key < $1.key }) {
            let unknown = codes.filter { catalog.id(of: $0) == nil }
            if !unknown.isEmpty { throw ImportError.badMapping(name, unknownCodes: unknown) }
        }
        return UnitDirectory(units: catalog.records).mapping(mappings)
    }

    /// What an import changed.
    public struct Summary: Codable, Sendable, Equatable {
        public var planID: Int64 = 0
        public var year: Int = 0
        public var title: String = ""
        public var planCreated = false
        public var planUpdated = false
        public var tasksCreated = 0
        public var tasksUpdated = 0
        public var tasksUnchanged = 0
        /// Numbers of the tasks closed because the notice no longer lists them.
        public var tasksClosed: [Int] = []
        /// Numbers of closed tasks the notice lists again.
        public var tasksReopened: [Int] = []
        public var nodesCreated = 0
        public var nodesUpdated = 0
        public var nodesRemoved = 0
        public var assignmentsAdded = 0
        public var assignmentsUpdated = 0
        public var assignmentsRemoved = 0
        /// Indicators proposed from the tasks' completion standards, waiting for the office to confirm them.
        public var indicatorsProposed = 0
        /// Units created by `createMissingUnits`: check their kind and parent.
        public var unitsCreated: [UnitRecord] = []
        /// Each change, in the order the import made it (what a preview lists).
        public var details: [PlanChange] = []

        /// False when the import was a no-op.
        public var changed: Bool {
            planCreated || planUpdated || !tasksClosed.isEmpty || !tasksReopened.isEmpty
                || tasksCreated + tasksUpdated + nodesCreated + nodesUpdated + nodesRemoved
                + assignmentsAdded + assignmentsUpdated + assignmentsRemoved + indicatorsProposed > 0 || !unitsCreated.isEmpty
        }
    }

    /// Imports `plan` in one transaction.
    public func importPlan(_ plan: ParsedPlan, sourceName: String?, on connection: PostgresConnection) async throws -> Summary {
        guard TimeZone(identifier: plan.timeZone) != nil else { throw ImportError.badTimeZone(plan.timeZone) }
        return try await connection.transaction { connection in
            try await importPlan(plan, sourceName: sourceName, inTransaction: connection)
        }
    }

    /// Imports `plan` in the caller's transaction (an admin's request, scoped to the admin, so row-level
    /// security and the audit trail know who imports); the caller rolls back when this throws.
    public func importPlan(_ plan: ParsedPlan, sourceName: String?, inTransaction connection: PostgresConnection) async throws
        -> Summary
    {
        guard TimeZone(identifier: plan.timeZone) != nil else { throw ImportError.badTimeZone(plan.timeZone) }
        let reserved = plan.tasks.map(\.number).filter { $0 >= CarryOverRule.firstNumber }
        if !reserved.isEmpty { throw ImportError.reservedNumbers(reserved) }
        try await AuditActor.set(actor, on: connection)
        try await ImportLock.take(on: connection)
        var summary = Summary(year: plan.year, title: plan.title)
        var catalog = try await UnitCatalog.load(on: connection)
        var resolved = plan.assignments(using: try directory(catalog))
        if !resolved.unresolved.isEmpty {
            guard createMissingUnits else { throw ImportError.unknownUnits(resolved.unresolved) }
            let created = Self.unitsFor(resolved.unresolved, catalog: catalog)
            _ = try await UnitRosterImporter().write(created, catalog: catalog, on: connection)
            summary.unitsCreated = created
            summary.details += created.map { PlanChange(.unitCreated, unit: $0.code, to: $0.name) }
            catalog = try await UnitCatalog.load(on: connection)
            resolved = plan.assignments(using: try directory(catalog))
            // What is left are collective names (各镇人民政府) with no unit of that kind: the roster must say.
            guard resolved.unresolved.isEmpty else { throw ImportError.unknownUnits(resolved.unresolved) }
        }
        let planID = try await upsertPlan(plan, sourceName: sourceName, summary: &summary, on: connection)
        summary.planID = planID
        try await reconcileNodes(plan.nodes, planID: planID, summary: &summary, on: connection)
        let taskIDs = try await reconcileTasks(plan, planID: planID, sourceName: sourceName, summary: &summary, on: connection)
        try await reconcileAssignments(resolved.assignments, taskIDs: taskIDs, catalog: catalog,
                                       summary: &summary, on: connection)
        try await proposeIndicators(plan, planID: planID, taskIDs: taskIDs, summary: &summary, on: connection)
        return summary
    }

    // MARK: Plan

    private func upsertPlan(_ plan: ParsedPlan, sourceName: String?, summary: inout Summary,
                            on connection: PostgresConnection) async throws -> Int64 {
        let digest = try Self.contentDigest(of: plan)
        let existing = try await connection.query("""
            SELECT id, content_sha256 FROM duban.plans WHERE year = \(plan.year) AND title = \(plan.title) FOR UPDATE
            """)
        if let row = existing.first {
            let id = try row.decode(Int64.self, at: 0)
            if try row.decode(String.self, at: 1) != digest {
                summary.planUpdated = true
                summary.details.append(PlanChange(.planFacts))
                try await connection.execute("""
                    UPDATE duban.plans
                       SET issuer = \(plan.issuer), document_number = \(plan.documentNumber),
                           issued_on = \(plan.issuedOn.map(PostgresDate.init)), plan_dates = \(try Self.json(plan.planDates))::jsonb,
                           time_zone = \(plan.timeZone),
                           responsible_lead_days = \(plan.responsibleLeadDays), content_sha256 = \(digest),
                           source_name = \(sourceName), imported_at = now()
                     WHERE id = \(id)
                    """)
            }
            return id
        }
        summary.planCreated = true
        let rows = try await connection.query("""
            INSERT INTO duban.plans (year, title, issuer, document_number, issued_on, plan_dates, time_zone,
                                     responsible_lead_days, content_sha256, source_name)
            VALUES (\(plan.year), \(plan.title), \(plan.issuer), \(plan.documentNumber), \(plan.issuedOn.map(PostgresDate.init)),
                    \(try Self.json(plan.planDates))::jsonb, \(plan.timeZone), \(plan.responsibleLeadDays),
                    \(digest), \(sourceName))
            RETURNING id
            """)
        return try rows[0].decode(Int64.self, at: 0)
    }

    /// `2022-03-28`.
    static func dayText(_ date: PostgresDate) -> String {
        LocalDate(year: date.year, month: date.month, day: date.day)?.description ?? "\(date)"
    }

    /// `value` as JSON text (sorted keys), for a jsonb column.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// JSON text re-encoded with sorted keys, so the database's jsonb text and ours compare.
    static func canonicalJSON(_ text: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        else { return text }
        return String(decoding: data, as: UTF8.self)
    }

    /// SHA-256 of the plan's canonical JSON (sorted keys): the same notice gives the same digest
    /// whether it came as .txt or .docx.
    static func contentDigest(of plan: ParsedPlan) throws -> String {
        // What the notice states, not how it was read: warnings and the phrases facts came from are left out,
        // so the same notice as .txt or .docx (or with a reworded warning) digests the same.
        var stated = plan
        stated.warnings = []
        stated.responsibleLeadDaysSource = nil
        for index in stated.nodes.indices { stated.nodes[index].source = nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return SHA256Digest.hex(of: try encoder.encode(stated))
    }

    // MARK: Nodes

    private func reconcileNodes(_ nodes: [ParsedNode], planID: Int64, summary: inout Summary,
                                on connection: PostgresConnection) async throws {
        var existing: [Int: (PostgresDate, PostgresDate, PostgresDate)] = [:]
        for row in try await connection.query("""
            SELECT ordinal, node_date, lead_due_date, responsible_due_date FROM duban.reporting_nodes WHERE plan_id = \(planID)
            """) {
            existing[try row.decode(Int.self, at: 0)] = (
                try row.decode(PostgresDate.self, at: 1), try row.decode(PostgresDate.self, at: 2),
                try row.decode(PostgresDate.self, at: 3)
            )
        }
        var changed: [ParsedNode] = []
        for node in nodes {
            let wanted = (PostgresDate(node.nodeDate), PostgresDate(node.leadDueDate), PostgresDate(node.responsibleDueDate))
            if let current = existing.removeValue(forKey: node.ordinal) {
                if current != wanted {
                    changed.append(node)
                    summary.details.append(PlanChange(.nodeMoved, node: node.ordinal, from: Self.dayText(current.0),
                                                      to: node.nodeDate.description))
                }
            } else {
                summary.nodesCreated += 1
                changed.append(node)
                summary.details.append(PlanChange(.nodeCreated, node: node.ordinal, to: node.nodeDate.description))
            }
        }
        for (ordinal, current) in existing.sorted(by: { $0.key < $1.key }) {
            summary.details.append(PlanChange(.nodeRemoved, node: ordinal, from: Self.dayText(current.0)))
            summary.nodesRemoved += 1
            try await connection.execute("DELETE FROM duban.reporting_nodes WHERE plan_id = \(planID) AND ordinal = \(ordinal)")
        }
        for node in changed {
            let updated = try await connection.execute("""
                UPDATE duban.reporting_nodes
                   SET node_date = \(PostgresDate(node.nodeDate)), lead_due_date = \(PostgresDate(node.leadDueDate)),
                       responsible_due_date = \(PostgresDate(node.responsibleDueDate))
                 WHERE plan_id = \(planID) AND ordinal = \(node.ordinal)
                """)
            if updated > 0 {
                summary.nodesUpdated += 1
            } else {
                try await connection.execute("""
                    INSERT INTO duban.reporting_nodes (plan_id, ordinal, node_date, lead_due_date, responsible_due_date)
                    VALUES (\(planID), \(node.ordinal), \(PostgresDate(node.nodeDate)), \(PostgresDate(node.leadDueDate)),
                            \(PostgresDate(node.responsibleDueDate)))
                    """)
            }
        }
    }

    // MARK: Tasks

    private func reconcileTasks(_ plan: ParsedPlan, planID: Int64, sourceName: String?, summary: inout Summary,
                                on connection: PostgresConnection) async throws -> [Int: Int64] {
        var existing: [Int: (id: Int64, fingerprint: [String], closed: Bool)] = [:]
        for row in try await connection.query("""
            SELECT number, id, title, content, completion_standard, city_lead_written, city_responsible_written,
                   district_lead_written, district_responsible_written, not_applicable::text,
                   coalesce(not_applicable_text, ''), array_to_string(city_lead_units, E'\\n'),
                   array_to_string(city_responsible_units, E'\\n'), coalesce(label, ''), coalesce(group_name, ''),
                   coalesce(deadline_text, ''), details::text, closed_at IS NOT NULL
              FROM duban.tasks WHERE plan_id = \(planID) AND carried_from_task_id IS NULL
            """) {
            var fingerprint: [String] = []
            for column in 2..<16 { fingerprint.append(row[column] ?? "") }
            fingerprint.append(Self.canonicalJSON(row[16] ?? "{}"))
            existing[try row.decode(Int.self, at: 0)] = (try row.decode(Int64.self, at: 1), fingerprint,
                                                         try row.decode(Bool.self, at: 17))
        }
        // Closed, not deleted: its reports, reviews and history stay, and nothing more is expected of it.
        let listed = Set(plan.tasks.map(\.number))
        for (number, current) in existing.sorted(by: { $0.key < $1.key }) where !listed.contains(number) && !current.closed {
            summary.tasksClosed.append(number)
            summary.details.append(PlanChange(.taskClosed, task: number, from: current.fingerprint.first))
            try await connection.execute("""
                UPDATE duban.tasks SET closed_at = \(clock.now()), closed_by_source = \(sourceName.map { String(String.UnicodeScalarView($0.unicodeScalars.prefix(TextLimit.sourceName))) })
                 WHERE id = \(current.id)
                """)
        }

        var ids: [Int: Int64] = [:]
        for task in plan.tasks {
            let details = try Self.json(TaskDetails(task))
            let fingerprint = [
                task.title, task.content, task.completionStandard, task.cityLead.written, task.cityResponsible.written,
                task.districtLead.written, task.districtResponsible.written, task.notApplicable ? "true" : "false",
                task.notApplicableText ?? "", task.cityLead.names.joined(separator: "\n"),
                task.cityResponsible.names.joined(separator: "\n"), task.label ?? "", task.group ?? "",
                task.deadline ?? "", Self.canonicalJSON(details),
            ]
            if let current = existing[task.number] {
                ids[task.number] = current.id
                if current.closed {
                    summary.tasksReopened.append(task.number)
                    summary.details.append(PlanChange(.taskReopened, task: task.number))
                    try await connection.execute("""
                        UPDATE duban.tasks SET closed_at = NULL, closed_by_source = NULL WHERE id = \(current.id)
                        """)
                }
                if current.fingerprint == fingerprint {
                    summary.tasksUnchanged += 1
                    continue
                }
                summary.tasksUpdated += 1
                summary.details.append(PlanChange(.taskUpdated, task: task.number, from: current.fingerprint.first, to: task.title))
                try await connection.execute("""
                    UPDATE duban.tasks
                       SET title = \(task.title), content = \(task.content), completion_standard = \(task.completionStandard),
                           city_lead_written = \(task.cityLead.written), city_lead_units = \(task.cityLead.names),
                           city_responsible_written = \(task.cityResponsible.written),
                           city_responsible_units = \(task.cityResponsible.names),
                           district_lead_written = \(task.districtLead.written),
                           district_responsible_written = \(task.districtResponsible.written),
                           not_applicable = \(task.notApplicable), not_applicable_text = \(task.notApplicableText),
                           label = \(task.label), group_name = \(task.group), deadline_text = \(task.deadline),
                           details = \(details)::jsonb
                     WHERE id = \(current.id)
                    """)
            } else {
                summary.tasksCreated += 1
                summary.details.append(PlanChange(.taskCreated, task: task.number, to: task.title))
                let rows = try await connection.query("""
                    INSERT INTO duban.tasks (plan_id, number, title, content, completion_standard,
                                             city_lead_written, city_lead_units, city_responsible_written, city_responsible_units,
                                             district_lead_written, district_responsible_written, not_applicable, not_applicable_text,
                                             label, group_name, deadline_text, details)
                    VALUES (\(planID), \(task.number), \(task.title), \(task.content), \(task.completionStandard),
                            \(task.cityLead.written), \(task.cityLead.names), \(task.cityResponsible.written),
                            \(task.cityResponsible.names), \(task.districtLead.written), \(task.districtResponsible.written),
                            \(task.notApplicable), \(task.notApplicableText), \(task.label), \(task.group), \(task.deadline),
                            \(details)::jsonb)
                    RETURNING id
                    """)
                ids[task.number] = try rows[0].decode(Int64.self, at: 0)
            }
        }
        return ids
    }

    // MARK: Indicators

    /// Stores each task's proposed indicators (from the city's completion standard, unconfirmed)
    /// once: a task proposed for before is left as the office made it, even when it removed them.
    private func proposeIndicators(_ plan: ParsedPlan, planID: Int64, taskIDs: [Int: Int64], summary: inout Summary,
                                   on connection: PostgresConnection) async throws {
        let pending = Set(try await connection.query("""
            SELECT number FROM duban.tasks WHERE plan_id = \(planID) AND NOT indicators_proposed
            """).map { try $0.decode(Int.self, at: 0) })
        for task in plan.tasks where pending.contains(task.number) {
            guard let taskID = taskIDs[task.number] else { continue }
            for (position, proposal) in task.proposedIndicators.enumerated() {
                let phrase = String(String.UnicodeScalarView(proposal.phrase.unicodeScalars.prefix(500)))
                let inserted = try await connection.query("""
                    INSERT INTO duban.indicators (task_id, name, measure, target, cumulative, source, confirmed, phrase, position)
                    VALUES (\(taskID), \(proposal.name), \(proposal.measure), \(proposal.target), true, 'city_standard', false,
                            \(phrase), \(position))
                    ON CONFLICT (task_id, name) DO NOTHING
                    RETURNING id
                    """)
                summary.indicatorsProposed += inserted.count
            }
            try await connection.execute("UPDATE duban.tasks SET indicators_proposed = true WHERE id = \(taskID)")
        }
    }

    // MARK: Assignments

    private func reconcileAssignments(_ wanted: [PlannedAssignment], taskIDs: [Int: Int64], catalog: UnitCatalog,
                                      summary: inout Summary, on connection: PostgresConnection) async throws {
        struct Key: Hashable { var taskID: Int64; var unitID: Int64 }
        let numbers = Dictionary(taskIDs.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
        let codes = Dictionary(catalog.entries.values.map { ($0.id, $0.record.code) }, uniquingKeysWith: { first, _ in first })
        var existing: [Key: (role: String, writtenAs: String)] = [:]
        let allTaskIDs = Array(taskIDs.values)
        for row in try await connection.query("""
            SELECT task_id, unit_id, role, written_as FROM duban.assignments WHERE task_id = ANY(\(allTaskIDs))
            """) {
            let key = Key(taskID: try row.decode(Int64.self, at: 0), unitID: try row.decode(Int64.self, at: 1))
            existing[key] = (try row.decode(String.self, at: 2), try row.decode(String.self, at: 3))
        }
        for assignment in wanted {
            guard let taskID = taskIDs[assignment.taskNumber], let unitID = catalog.id(of: assignment.unitCode) else { continue }
            let key = Key(taskID: taskID, unitID: unitID)
            if let current = existing.removeValue(forKey: key) {
                if current.role == assignment.role.rawValue && current.writtenAs == assignment.writtenAs { continue }
                summary.assignmentsUpdated += 1
                summary.details.append(PlanChange(.assignmentChanged, task: assignment.taskNumber, unit: assignment.unitCode,
                                                  from: "\(current.role) \(current.writtenAs)",
                                                  to: "\(assignment.role.rawValue) \(assignment.writtenAs)"))
                try await connection.execute("""
                    UPDATE duban.assignments SET role = \(assignment.role.rawValue), written_as = \(assignment.writtenAs)
                     WHERE task_id = \(taskID) AND unit_id = \(unitID)
                    """)
            } else {
                summary.assignmentsAdded += 1
                summary.details.append(PlanChange(.assignmentAdded, task: assignment.taskNumber, unit: assignment.unitCode,
                                                  to: assignment.role.rawValue))
                try await connection.execute("""
                    INSERT INTO duban.assignments (task_id, unit_id, role, written_as)
                    VALUES (\(taskID), \(unitID), \(assignment.role.rawValue), \(assignment.writtenAs))
                    """)
            }
        }
        for (key, current) in existing.sorted(by: { ($0.key.taskID, $0.key.unitID) < ($1.key.taskID, $1.key.unitID) }) {
            summary.details.append(PlanChange(.assignmentRemoved, task: numbers[key.taskID], unit: codes[key.unitID], from: current.role))
            summary.assignmentsRemoved += 1
            try await connection.execute("DELETE FROM duban.assignments WHERE task_id = \(key.taskID) AND unit_id = \(key.unitID)")
        }
    }

    // MARK: Missing units

    /// Units to create for names the roster lacks, with a kind guessed from the name and the
    /// district government (when there is exactly one) as parent. The admin reviews them.
    static func unitsFor(_ names: [UnresolvedUnitName], catalog: UnitCatalog) -> [UnitRecord] {
        let governments = catalog.records.filter { $0.kind == .districtGovernment }
        let parent = governments.count == 1 ? governments[0].code : nil
        var seen = Set<String>()
        var records: [UnitRecord] = []
        let directory = UnitDirectory(units: catalog.records)
        // A collective name (各镇人民政府) that found no units is not a unit to create, nor is a group term
        // (各相关单位) that names no particular unit: the admin maps it.
        for item in names where directory.resolve(item.name) == .unknown && !directory.match(item.name).vague
            && seen.insert(item.name).inserted {
            let code = "u-" + SHA256Digest.hex(of: item.name).prefix(10)
            records.append(UnitRecord(code: code, name: item.name, kind: UnitKind.guess(fromName: item.name),
                                      parentCode: parent, aliases: []))
        }
        return records
    }
}

extension PostgresDate {
    init(_ date: LocalDate) {
        self.init(year: date.year, month: date.month, day: date.day)
    }
}

extension UnitKind {
    /// A first guess at a unit's kind from its Chinese name, for units created during an import.
    static func guess(fromName name: String) -> UnitKind {
        if name.hasSuffix("街道办事处") || name.hasSuffix("街道") { return .subdistrictOffice }
        if name.hasSuffix("镇人民政府") || name.hasSuffix("乡人民政府") || name.hasSuffix("镇") { return .town }
        if name.contains("督查") { return .supervisionOffice }
        if name.hasSuffix("局") || name.hasSuffix("委") || name.hasSuffix("办") || name.hasSuffix("中心") { return .bureau }
        return .other
    }
}
