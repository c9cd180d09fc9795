import DubanCore
import Foundation
import Postgres

/// The office decides a unit's request for more time: a new due date for that unit and node, an
/// exemption (counts as on time), or a refusal with a reason. A decided request never changes; the
/// unit asks again if it needs to.
extension SupervisionService {
    func decideExtension(id: UUID, _ request: ExtensionDecisionRequest, identity: Identity) async throws -> ExtensionRecord {
        let now = clock.now()
        let note = try DecisionNote.checked(request.note, required: request.decision == .refuse,
                                            missing: .invalid("extension.note_required", en: "a refusal needs a reason",
                                                              zh: "不予延期须说明理由"),
                                            tooLongCode: "supervision.note_too_long")
        return try await database.transaction(as: identity) { connection in
            let rows = try await connection.query("SELECT unit_id, task_id, state FROM duban.extensions WHERE id = \(id) FOR UPDATE")
            guard let row = rows.first, var record = try await SupervisionRecords.extensions(id: id, on: connection).first else {
                throw DomainError.missing("extension.not_found", en: "no extension request \(id.uuidString.lowercased())",
                                       zh: "延期申请 \(id.uuidString.lowercased()) 不存在")
            }
            guard record.state == .requested else {
                throw DomainError.refused("extension.decided", en: "this request was decided already (\(record.state.rawValue))",
                                       zh: "该申请已答复（\(record.state.rawValue)）")
            }
            var granted: LocalDate?
            let state: ExtensionState
            switch request.decision {
            case .grant:
                guard let date = request.dueDate ?? record.requestedDueDate else {
                    throw DomainError.invalid("extension.date_required", en: "the unit asked for an exemption; give a due date to grant, or exempt",
                                           zh: "该单位申请的是免报，请给出新的期限或予以免报")
                }
                guard date > record.scheduledDueDate else {
                    throw DomainError.invalid("extension.not_later", en: "the new due date \(date) is not after the scheduled \(record.scheduledDueDate)",
                                           zh: "新期限 \(date) 不晚于原定期限 \(record.scheduledDueDate)")
                }
                granted = date
                state = .granted
            case .exempt:
                state = .exempted
            case .refuse:
                state = .refused
            }
            try await connection.execute("""
                UPDATE duban.extensions
                   SET state = \(state.rawValue), granted_due_date = \(granted?.description)::date, decision_note = \(note),
                       decided_by = \(identity.accountID), decided_at = \(now)
                 WHERE id = \(id)
                """)
            try await AppDatabase.audit("extension.\(request.decision.rawValue)", entityType: "extension",
                                        entityID: id.uuidString.lowercased(), detail: granted.map { ["due_date": $0.description] } ?? [:],
                                        on: connection)
            record = try await SupervisionRecords.extensions(id: id, on: connection)[0]
            try await SupervisionRecords.publish(ExtensionRequestWriter.change(record), unitID: try row.decode(Int64.self, at: 0),
                                                 taskID: try row.decode(Int64.self, at: 1), on: connection)
            return record
        }
    }
}
