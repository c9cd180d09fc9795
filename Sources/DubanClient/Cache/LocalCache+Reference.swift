import DubanCore
import Foundation
import GRDB

/// Where this cache stands with its server.
public struct SyncState: Sendable, Equatable {
    public var server: String?
    public var login: String?
    public var unitCode: String?
    public var role: String?
    public var epoch: String?
    public var cursor: Int64
    public var referenceVersion: Int64?
    public var lastSyncAt: Date?
    /// Server clock minus this machine's clock at the last sync, in seconds.
    public var clockSkew: Double?
}

extension LocalCache {
    public func state() throws -> SyncState {
        try read { db in try Self.state(db) }
    }

    static func state(_ db: Database) throws -> SyncState {
        let row = try Row.fetchOne(db, sql: "SELECT * FROM state WHERE id = 1")!
        return SyncState(server: row["server"], login: row["login"], unitCode: row["unit_code"], role: row["role"],
                         epoch: row["epoch"], cursor: row["cursor"], referenceVersion: row["reference_version"],
                         lastSyncAt: (row["last_sync_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                         clockSkew: row["clock_skew"])
    }

    /// Remembers the account's unit and role (from `GET /v1/me`).
    public func setAccount(unitCode: String, role: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE state SET unit_code = ?, role = ? WHERE id = 1", arguments: [unitCode, role])
        }
    }

    /// Replaces the reference data in `db`'s transaction.
    static func storeReference(_ reference: ReferenceData, version: Int64, in db: Database) throws {
        for table in ["units", "plans", "nodes", "tasks", "assignments", "indicators", "implementation_plans"] {
            try db.execute(sql: "DELETE FROM \(table)")
        }
        let encoder = WireJSON.encoder()
        for unit in reference.units {
            try db.execute(sql: "INSERT INTO units VALUES (?, ?, ?, ?, ?, ?)", arguments: [
                unit.code, unit.name, unit.kind.rawValue, unit.parentCode,
                String(decoding: try encoder.encode(unit.aliases), as: UTF8.self), unit.active])
        }
        for plan in reference.plans {
            try db.execute(sql: """
                INSERT INTO plans (id, year, title, time_zone, responsible_lead_days, progress_rule) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [plan.id, plan.year, plan.title, plan.timeZone, plan.responsibleLeadDays,
                                 try plan.progressRule.map { String(decoding: try encoder.encode($0), as: UTF8.self) }])
        }
        for node in reference.nodes {
            try db.execute(sql: "INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?)", arguments: [
                node.id, node.planId, node.ordinal, node.nodeDate.description, node.leadDueDate.description,
                node.responsibleDueDate.description])
        }
        for task in reference.tasks {
            try db.execute(sql: """
                INSERT INTO tasks (id, plan_id, number, title, content, completion_standard, not_applicable,
                                   district_lead_written, district_responsible_written, closed_on, carried_from_task_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                task.id, task.planId, task.number, task.title, task.content, task.completionStandard, task.notApplicable,
                task.districtLeadWritten, task.districtResponsibleWritten, task.closedOn?.description, task.carriedFromTaskId])
        }
        for assignment in reference.assignments {
            try db.execute(sql: "INSERT OR IGNORE INTO assignments VALUES (?, ?, ?)",
                           arguments: [assignment.taskId, assignment.unitCode, assignment.role.rawValue])
        }
        for (position, indicator) in reference.indicators.enumerated() {
            try db.execute(sql: "INSERT OR REPLACE INTO indicators (id, task_id, position, json) VALUES (?, ?, ?, ?)", arguments: [
                indicator.id, indicator.taskId, position, String(decoding: try encoder.encode(indicator), as: UTF8.self)])
        }
        for plan in reference.implementationPlans {
            try db.execute(sql: "INSERT OR REPLACE INTO implementation_plans (id, task_id, unit_code, json) VALUES (?, ?, ?, ?)",
                           arguments: [plan.id.lowercased, plan.taskId, plan.unitCode,
                                       String(decoding: try encoder.encode(plan), as: UTF8.self)])
        }
        // A confirmation known here is superseded once the plan it confirmed comes with the reference data.
        try db.execute(sql: """
            DELETE FROM implementation_heads
             WHERE version <= coalesce((SELECT json_extract(p.json, '$.version') FROM implementation_plans p
                                         WHERE p.id = implementation_heads.id), -1)
            """)
        try db.execute(sql: "UPDATE state SET reference_version = ? WHERE id = 1", arguments: [version])
    }

    /// The reference data held; empty before the first sync.
    public func reference() throws -> ReferenceData {
        try read { db in
            let decoder = WireJSON.decoder()
            let units = try Row.fetchAll(db, sql: "SELECT * FROM units ORDER BY code").map { row in
                UnitInfo(code: row["code"], name: row["name"], kind: UnitKind(rawValue: row["kind"]) ?? .bureau,
                         parentCode: row["parent_code"],
                         aliases: (try? decoder.decode([String].self, from: Data((row["aliases"] as String).utf8))) ?? [],
                         active: row["active"])
            }
            let plans = try Row.fetchAll(db, sql: "SELECT * FROM plans ORDER BY year, id").map { row in
                ReferenceData.Plan(id: row["id"], year: row["year"], title: row["title"], timeZone: row["time_zone"],
                                   responsibleLeadDays: row["responsible_lead_days"],
                                   progressRule: (row["progress_rule"] as String?).flatMap {
                                       try? decoder.decode(ProgressLightRule.self, from: Data($0.utf8))
                                   })
            }
            let nodes = try Row.fetchAll(db, sql: "SELECT * FROM nodes ORDER BY plan_id, ordinal").compactMap { row -> ReferenceData.Node? in
                guard let nodeDate = LocalDate(iso: row["node_date"]), let lead = LocalDate(iso: row["lead_due_date"]),
                      let responsible = LocalDate(iso: row["responsible_due_date"]) else { return nil }
                return ReferenceData.Node(id: row["id"], planId: row["plan_id"], ordinal: row["ordinal"], nodeDate: nodeDate,
                                          leadDueDate: lead, responsibleDueDate: responsible)
            }
            let tasks = try Row.fetchAll(db, sql: "SELECT * FROM tasks ORDER BY plan_id, number").map { row in
                ReferenceData.Task(id: row["id"], planId: row["plan_id"], number: row["number"], title: row["title"],
                                   content: row["content"], completionStandard: row["completion_standard"],
                                   notApplicable: row["not_applicable"], districtLeadWritten: row["district_lead_written"],
                                   districtResponsibleWritten: row["district_responsible_written"],
                                   closedOn: (row["closed_on"] as String?).flatMap(LocalDate.init(iso:)),
                                   carriedFromTaskId: row["carried_from_task_id"])
            }
            let assignments = try Row.fetchAll(db, sql: "SELECT * FROM assignments ORDER BY task_id, role, unit_code").map { row in
                ReferenceData.Assignment(taskId: row["task_id"], unitCode: row["unit_code"],
                                         role: AssignmentRole(rawValue: row["role"]) ?? .responsible)
            }
            return ReferenceData(units: units, plans: plans, nodes: nodes, tasks: tasks, assignments: assignments,
                                 indicators: try Self.indicators(db, where: "1", []),
                                 implementationPlans: try Self.implementationPlans(db, where: "1", []))
        }
    }

    /// The indicators held for `taskId` (confirmed and proposed), in the server's order.
    public func indicators(taskId: Int64) throws -> [Indicator] {
        try read { db in try Self.indicators(db, where: "task_id = ?", [taskId]) }
    }

    static func indicators(_ db: Database, where condition: String, _ arguments: StatementArguments) throws -> [Indicator] {
        let decoder = WireJSON.decoder()
        return try String.fetchAll(db, sql: "SELECT json FROM indicators WHERE \(condition) ORDER BY task_id, position, id", arguments: arguments)
            .compactMap { try? decoder.decode(Indicator.self, from: Data($0.utf8)) }
    }

    static func implementationPlans(_ db: Database, where condition: String, _ arguments: StatementArguments) throws
        -> [ImplementationPlanRecord]
    {
        let decoder = WireJSON.decoder()
        return try String.fetchAll(db, sql: "SELECT json FROM implementation_plans WHERE \(condition) ORDER BY task_id, unit_code, id",
                                   arguments: arguments)
            .compactMap { try? decoder.decode(ImplementationPlanRecord.self, from: Data($0.utf8)) }
    }
}

extension LocalCache {
    /// Replaces the indicators held for `taskId` with those the server answered after a target
    /// change, so `duban target list` shows them before the next sync brings the reference data
    /// (the server bumps its version with every target change, so that sync replaces them again).
    public func storeIndicators(_ indicators: [Indicator], taskId: Int64) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM indicators WHERE task_id = ?", arguments: [taskId])
            let encoder = WireJSON.encoder()
            for (position, indicator) in indicators.enumerated() where indicator.taskId == taskId {
                try db.execute(sql: "INSERT OR REPLACE INTO indicators (id, task_id, position, json) VALUES (?, ?, ?, ?)", arguments: [
                    indicator.id, indicator.taskId, position, String(decoding: try encoder.encode(indicator), as: UTF8.self)])
            }
        }
    }
}
