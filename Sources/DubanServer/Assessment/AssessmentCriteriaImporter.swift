import DubanCore
import Foundation
import Postgres

/// Sets a plan's assessment criteria from JSON (`duban-server assessment-criteria`): the scales and
/// weights are configuration. Weights must add up to 100; once a sheet of the plan exists the
/// criteria are frozen, so totals never change under a scorer's feet.
public struct AssessmentCriteriaImporter: Sendable {
    /// Who the audit trail names for the import's changes (``AuditActor``).
    public var actor: String

    public init(actor: String = AuditActor.command("assessment-criteria")) {
        self.actor = actor
    }

    /// An error with a code and a readable message.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var code: String
        public var message: LocalizedText
        public var description: String { "\(code): \(message.en)" }
    }

    /// Replaces the plan's criteria; returns them as stored.
    public func importCriteria(_ json: Data, year: Int, on connection: PostgresConnection) async throws -> [AssessmentCriterion] {
        let criteria: [AssessmentCriterion]
        do {
            criteria = try WireJSON.decoder().decode([AssessmentCriterion].self, from: json)
        } catch {
            throw Failure(code: "criteria.bad_json", message: .init(
                en: "the file must be a JSON array of {code, name_zh, name_en, max_score, weight, prefill?}",
                zh: "文件须为 JSON 数组，每项含 code、name_zh、name_en、max_score、weight，可选 prefill"))
        }
        guard !criteria.isEmpty, Set(criteria.map(\.code)).count == criteria.count else {
            throw Failure(code: "criteria.codes", message: .init(en: "give at least one criterion, each code once", zh: "至少一项，代码不能重复"))
        }
        let validCode = { (code: String) in
            (1...64).contains(code.count) && code.first!.isASCII && code.first!.isLowercase
                && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        }
        if let bad = criteria.first(where: { !validCode($0.code)
                                             || $0.nameZh.trimmingCharacters(in: .whitespaces).isEmpty
                                             || $0.nameEn.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw Failure(code: "criteria.names", message: .init(
                en: "criterion \"\(bad.code)\": a code of a-z, 0-9 and _ starting with a letter, and both names, are required",
                zh: "考核项「\(bad.code)」：代码须由 a-z、0-9、_ 组成并以字母开头，中英文名称均不能为空"))
        }
        let weights = criteria.reduce(0) { $0 + $1.weight }
        guard abs(weights - 100) < 0.001 else {
            throw Failure(code: "criteria.weights", message: .init(en: "the weights add up to \(weights), not 100", zh: "权重之和为 \(weights)，应为 100"))
        }
        guard criteria.allSatisfy({ $0.maxScore > 0 && $0.weight >= 0 && ($0.prefill == nil || $0.prefill == "timeliness") }) else {
            throw Failure(code: "criteria.values", message: .init(en: "max_score must be positive, weight not negative, prefill empty or \"timeliness\"",
                                                                   zh: "max_score 须为正数，weight 不能为负，prefill 为空或 \"timeliness\""))
        }
        return try await connection.transaction { connection in
            try await AuditActor.set(actor, on: connection)
            let plans = try await connection.query("SELECT id FROM duban.plans WHERE year = \(year) ORDER BY id DESC LIMIT 1")
            guard let plan = plans.first else {
                throw Failure(code: "plan.not_found", message: .init(en: "no plan for \(year)", zh: "没有 \(year) 年的计划"))
            }
            let planID = try plan.decode(Int64.self, at: 0)
            let sheets = try await connection.query("""
                SELECT count(*) FROM duban.assessments a JOIN duban.tasks t ON t.id = a.task_id WHERE t.plan_id = \(planID)
                """)[0].decode(Int.self, at: 0)
            guard sheets == 0 else {
                throw Failure(code: "criteria.frozen", message: .init(
                    en: "\(sheets) assessment sheet(s) of \(year) exist; the criteria can no longer change",
                    zh: "\(year) 年已有 \(sheets) 份考核表，考核项目不能再修改"))
            }
            try await connection.execute("DELETE FROM duban.assessment_criteria WHERE plan_id = \(planID)")
            for (index, criterion) in criteria.enumerated() {
                try await connection.execute("""
                    INSERT INTO duban.assessment_criteria (plan_id, code, name_zh, name_en, max_score, weight, prefill, ordinal)
                    VALUES (\(planID), \(criterion.code), \(criterion.nameZh), \(criterion.nameEn), \(criterion.maxScore),
                            \(criterion.weight), \(criterion.prefill), \(index + 1))
                    """)
            }
            return try await AssessmentRecords.criteria(planID: planID, on: connection)
        }
    }
}
