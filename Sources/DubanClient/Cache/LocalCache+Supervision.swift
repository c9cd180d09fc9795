import DubanCore
import Foundation
import GRDB

/// The kinds of supervision records the change feed carries, as its `entity_type` names them.
public enum SupervisionEntity: String, Sendable, CaseIterable {
    case urge
    case order = "supervision_order"
    case `extension`
    case circular
    case inspection
    /// A year-end assessment sheet (the lead unit's and the office's, never the assessed unit's).
    case assessment
}

extension LocalCache {
    // MARK: Supervision records from the change feed

    /// Stores the supervision record a change carries, if it is one: keyed by the change's entity type
    /// and id, so applying it twice changes nothing, and a later change of the same entity (a higher
    /// `seq`) replaces the whole record. Returns false for a change that carries none of them.
    static func storeSupervision(_ change: ChangeRecord, in db: Database) throws -> Bool {
        let encoder = WireJSON.encoder()
        let taskId: Int64?
        let unitCode: String?
        let json: Data
        switch SupervisionEntity(rawValue: change.entityType) {
        case .urge:
            guard let record = change.urge else { return false }
            (taskId, unitCode, json) = (record.taskId, record.unitCode, try encoder.encode(record))
        case .order:
            guard let record = change.supervisionOrder else { return false }
            (taskId, unitCode, json) = (record.taskId, record.unitCode, try encoder.encode(record))
        case .extension:
            guard let record = change.extension else { return false }
            (taskId, unitCode, json) = (record.taskId, record.unitCode, try encoder.encode(record))
        case .circular:
            guard let record = change.circular else { return false }
            (taskId, unitCode, json) = (nil, nil, try encoder.encode(record))
        case .inspection:
            guard let record = change.inspection else { return false }
            (taskId, unitCode, json) = (record.taskId, record.unitCode, try encoder.encode(record))
        case .assessment:
            guard let record = change.assessment else { return false }
            (taskId, unitCode, json) = (record.taskId, record.unitCode, try encoder.encode(record))
        case nil:
            return false
        }
        try db.execute(sql: """
            INSERT INTO supervision_items (entity_type, entity_id, task_id, unit_code, json, seq) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (entity_type, entity_id) DO UPDATE SET
                task_id = excluded.task_id, unit_code = excluded.unit_code, json = excluded.json, seq = excluded.seq
             WHERE excluded.seq >= supervision_items.seq
            """, arguments: [change.entityType, change.entityId, taskId, unitCode, String(decoding: json, as: UTF8.self),
                             change.seq])
        return true
    }

    /// The records of one kind held here, decoded (rows this client cannot read are skipped).
    func supervisionRecords<Record: Decodable>(_ kind: SupervisionEntity, unit: String?, as type: Record.Type) throws -> [Record] {
        try read { db in
            let decoder = WireJSON.decoder()
            return try String.fetchAll(db, sql: """
                SELECT json FROM supervision_items WHERE entity_type = ? AND (? IS NULL OR unit_code = ?) ORDER BY seq
                """, arguments: [kind.rawValue, unit, unit]).compactMap { try? decoder.decode(Record.self, from: Data($0.utf8)) }
        }
    }

    /// Urges held here (of `unit` when given), newest first.
    public func urges(unit: String? = nil) throws -> [UrgeRecord] {
        try supervisionRecords(.urge, unit: unit, as: UrgeRecord.self).sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    /// Supervision orders held here (of `unit` when given), by id.
    public func supervisionOrders(unit: String? = nil) throws -> [SupervisionOrderRecord] {
        try supervisionRecords(.order, unit: unit, as: SupervisionOrderRecord.self).sorted { $0.id < $1.id }
    }

    /// Extension requests held here as the server knows them (of `unit` when given), oldest first.
    public func extensions(unit: String? = nil) throws -> [ExtensionRecord] {
        try supervisionRecords(.extension, unit: unit, as: ExtensionRecord.self).sorted { $0.requestedAt < $1.requestedAt }
    }

    /// Issued circulars held here, newest first.
    public func circulars() throws -> [CircularRecord] {
        try supervisionRecords(.circular, unit: nil, as: CircularRecord.self)
            .sorted { ($0.planYear, $0.number ?? 0, $0.id) > ($1.planYear, $1.number ?? 0, $1.id) }
    }

    /// Inspections held here (of `unit` when given), newest first.
    public func inspections(unit: String? = nil) throws -> [InspectionRecord] {
        try supervisionRecords(.inspection, unit: unit, as: InspectionRecord.self)
            .sorted { ($0.inspectedOn, $0.id) > ($1.inspectedOn, $1.id) }
    }

    /// Forgets every supervision record (a new epoch: they are pulled again from zero).
    static func forgetSupervision(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM supervision_items")
    }
}
