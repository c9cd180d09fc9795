import DubanCore
import DubanImport
import Foundation
import Postgres

/// Carries an unfinished task of an earlier year's plan into a later plan: a new task there with the
/// same content, chapter and units, numbered from ``CarryOverRule/firstNumber`` (so a re-import of the
/// later notice, which matches its own numbers, never touches it) and naming the task it continues.
struct CarryOverService: Sendable {
    let database: AppDatabase

    func carryOver(_ request: CarryOverRequest, identity: Identity) async throws -> CarryOverResult {
        for year in [request.fromYear] + (request.toYear.map { [$0] } ?? []) where !NoticeOptions.yearRange.contains(year) {
            throw APIError(status: .unprocessableContent, code: "carry_over.bad_year", message: .init(
                en: "\(year) is not a plan year (\(NoticeOptions.yearRange.lowerBound)–\(NoticeOptions.yearRange.upperBound))",
                zh: "\(year) 不是计划年度（\(NoticeOptions.yearRange.lowerBound)–\(NoticeOptions.yearRange.upperBound)）"))
        }
        return try await database.transaction(as: identity) { connection in
            try await AuditActor.set(AuditActor.admin("plan carry-over", accountID: identity.accountID), on: connection)
            try await ImportLock.take(on: connection)
            guard let source = try await connection.query("""
                SELECT t.id, t.number, t.title, t.not_applicable, p.year, p.id
                  FROM duban.tasks t JOIN duban.plans p ON p.id = t.plan_id
                 WHERE p.year = \(request.fromYear) AND t.number = \(request.taskNumber)
                 ORDER BY p.id DESC LIMIT 1
                """).first else {
                throw APIError(status: .notFound, code: "carry_over.no_task", message: .init(
                    en: "no task \(request.taskNumber) in a plan of \(request.fromYear)",
                    zh: "\(request.fromYear) 年的计划中没有第 \(request.taskNumber) 项任务"))
            }
            let sourceID = try source.decode(Int64.self, at: 0)
            let title = try source.decode(String.self, at: 2)
            if try source.decode(Bool.self, at: 3) {
                throw APIError(status: .unprocessableContent, code: "carry_over.not_applicable", message: .init(
                    en: "task \(request.taskNumber) of \(request.fromYear) does not involve the district; there is nothing to carry over",
                    zh: "\(request.fromYear) 年第 \(request.taskNumber) 项任务不涉及本区，无可结转"))
            }
            let sourceYear = try source.decode(Int.self, at: 4)
            guard let target = try await connection.query("""
                SELECT id, year, title FROM duban.plans
                 WHERE (\(request.toYear)::int IS NULL OR year = \(request.toYear)) AND year > \(sourceYear)
                 ORDER BY year DESC, id DESC LIMIT 1
                """).first else {
                let year = request.toYear.map(String.init) ?? "a later year"
                throw APIError(status: .conflict, code: "carry_over.no_later_plan", message: .init(
                    en: "no plan of \(year) after \(sourceYear) is stored: import that year's notice first (duban admin plan import)",
                    zh: "尚无晚于 \(sourceYear) 年的计划\(request.toYear.map { "（\($0) 年）" } ?? "")：请先导入该年度的通知（duban admin plan import）"))
            }
            let targetID = try target.decode(Int64.self, at: 0)
            let targetYear = try target.decode(Int.self, at: 1)
            let targetTitle = try target.decode(String.self, at: 2)
            if let done = try await connection.query("""
                SELECT number FROM duban.tasks WHERE plan_id = \(targetID) AND carried_from_task_id = \(sourceID)
                """).first {
                throw APIError(status: .conflict, code: "carry_over.already", message: .init(
                    en: "task \(request.taskNumber) of \(sourceYear) is already carried over into \(targetYear) as task \(try done.decode(Int.self, at: 0))",
                    zh: "\(sourceYear) 年第 \(request.taskNumber) 项任务已结转至 \(targetYear) 年，为第 \(try done.decode(Int.self, at: 0)) 项"))
            }
            let number = try await connection.query("""
                SELECT greatest(\(CarryOverRule.firstNumber - 1), coalesce(max(number), 0)) + 1 FROM duban.tasks WHERE plan_id = \(targetID)
                """)[0].decode(Int.self, at: 0)
            let label = CarryOverRule.label(fromYear: sourceYear, number: request.taskNumber)
            let created = try await connection.query("""
                INSERT INTO duban.tasks (plan_id, number, title, content, completion_standard,
                                         city_lead_written, city_lead_units, city_responsible_written, city_responsible_units,
                                         district_lead_written, district_responsible_written, not_applicable, not_applicable_text,
                                         label, group_name, deadline_text, details, carried_from_task_id)
                SELECT \(targetID), \(number), title, content, completion_standard,
                       city_lead_written, city_lead_units, city_responsible_written, city_responsible_units,
                       district_lead_written, district_responsible_written, false, NULL,
                       \(label), group_name, NULL, details, id
                  FROM duban.tasks WHERE id = \(sourceID)
                RETURNING id
                """)
            let taskID = try created[0].decode(Int64.self, at: 0)
            try await connection.execute("""
                INSERT INTO duban.assignments (task_id, unit_id, role, written_as)
                SELECT \(taskID), unit_id, role, written_as FROM duban.assignments WHERE task_id = \(sourceID)
                """)
            let units = try await connection.query("""
                SELECT u.code FROM duban.assignments a JOIN duban.units u ON u.id = a.unit_id
                 WHERE a.task_id = \(taskID) ORDER BY a.role, u.code
                """).map { try $0.decode(String.self, at: 0) }
            return CarryOverResult(fromYear: sourceYear, fromNumber: request.taskNumber, fromTaskId: sourceID, toYear: targetYear,
                                   toPlanTitle: targetTitle, taskId: taskID, number: number, title: title, unitCodes: units)
        }
    }
}
