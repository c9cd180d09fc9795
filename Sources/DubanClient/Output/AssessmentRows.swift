import DubanCore
import Foundation

// The year-end assessment's listings: `duban assessment list`, `duban supervise assessment list`
// and `duban oversight assessment` (one column per criterion, the same in the table, the CSV and
// the workbook).

/// One sheet in a listing: as the server holds it, or written here and not yet stored there.
public struct AssessmentRow: Codable, Sendable, Equatable {
    public var id: UUID
    public var planYear: Int?
    public var taskId: Int64
    public var taskNumber: Int?
    public var taskTitle: String?
    public var unitCode: String
    public var unitName: String?
    public var leadUnitCode: String?
    public var scores: [String: Double]
    /// The figures the server pre-filled (criterion code → score).
    public var prefilled: [String: Double]
    public var reasons: [String: String]
    public var comment: String
    public var evidence: [String]
    /// Of 100; nil for a local draft whose pre-filled scores the server has yet to fill.
    public var total: Double?
    /// `submitted`, `accepted`, `returned`; for local drafts `pending` (not yet sent) or `rejected`.
    public var state: String
    public var reviewNote: String?
    /// The server's version; nil for a local draft.
    public var version: Int?
    /// For a local draft: the version it revises (0: a new sheet).
    public var baseVersion: Int?
    public var writtenBy: String?
    public var writtenAt: Date?
    public var reviewedAt: Date?
    /// For `rejected`: the server's reason.
    public var rejection: String?

    /// A sheet as the server holds it.
    public init(_ record: AssessmentRecord, taskTitle: String? = nil) {
        id = record.id
        planYear = record.planYear
        taskId = record.taskId
        taskNumber = record.taskNumber
        self.taskTitle = taskTitle
        unitCode = record.unitCode
        unitName = record.unitName
        leadUnitCode = record.leadUnitCode
        scores = record.scores
        prefilled = record.prefilled
        reasons = record.reasons
        comment = record.comment
        evidence = record.evidence
        total = record.total
        state = record.state.rawValue
        reviewNote = record.reviewNote
        version = record.version
        writtenBy = record.writtenBy
        writtenAt = record.writtenAt
        reviewedAt = record.reviewedAt
    }

    /// A sheet written here that the server has not stored; `prefilled` are the figures of the
    /// server's copy, if one is held (a left-out pre-filled score counts as that figure in the total).
    public init(_ draft: LocalAssessmentDraft, reference: ReferenceData, leadUnitCode: String?, criteria: [AssessmentCriterion],
                prefilled: [String: Double] = [:], language: Language) {
        let payload = draft.payload
        id = payload.assessmentId
        taskId = payload.taskId
        let task = reference.tasks.first { $0.id == payload.taskId }
        taskNumber = task?.number
        taskTitle = task?.title
        planYear = task.flatMap { task in reference.plans.first { $0.id == task.planId }?.year }
        unitCode = payload.unitCode
        unitName = reference.units.first { $0.code == payload.unitCode }?.name
        self.leadUnitCode = leadUnitCode
        scores = payload.scores
        self.prefilled = prefilled
        reasons = payload.reasons
        comment = payload.comment
        evidence = payload.evidence
        var counted = payload.scores
        for (code, figure) in prefilled where counted[code] == nil { counted[code] = figure }
        total = !criteria.isEmpty && criteria.allSatisfy({ counted[$0.code] != nil })
            ? AssessmentRecord.total(counted, criteria: criteria) : nil
        state = draft.status == "rejected" ? "rejected" : "pending"
        baseVersion = draft.baseVersion
        writtenAt = draft.authoredAt
        rejection = draft.rejection?.text(for: language)
    }

    /// The first 8 hex digits of the id: how sheets are shown.
    public var shortId: String { String(id.uuidString.lowercased().prefix(8)) }

    /// Still only here (unsent, or refused by the server).
    public var isLocal: Bool { version == nil }
}

/// The criteria a listing has a column for: the plan's, in order; without them (never fetched),
/// the codes the rows use, by name.
public struct AssessmentColumns: Sendable, Equatable {
    public struct Criterion: Sendable, Equatable {
        public var code: String
        public var header: LocalizedText
        public var prefill: Bool
    }

    public var criteria: [Criterion]

    public init(criteria: [AssessmentCriterion], rows: [AssessmentRow]) {
        if criteria.isEmpty {
            let codes = Set(rows.flatMap { Array($0.scores.keys) + Array($0.prefilled.keys) }).sorted()
            let prefilled = Set(rows.flatMap(\.prefilled.keys))
            self.criteria = codes.map { Criterion(code: $0, header: LocalizedText(en: $0, zh: $0), prefill: prefilled.contains($0)) }
        } else {
            self.criteria = criteria.map {
                Criterion(code: $0.code, header: LocalizedText(en: $0.nameEn, zh: $0.nameZh), prefill: $0.prefill != nil)
            }
        }
    }

    /// One column per criterion: the score; for a local draft, a pre-filled score left to the server
    /// reads "pre-filled" (the figure, when the server's copy gave one).
    func columns() -> [Column<AssessmentRow>] {
        criteria.map { criterion in
            .typed(criterion.header.en, criterion.header.zh, alignment: .right) { row, style in
                if let score = row.scores[criterion.code] { return .number(score, decimals: nil) }
                guard row.isLocal, criterion.prefill else { return .blank }
                if let figure = row.prefilled[criterion.code] { return .number(figure, decimals: nil) }
                return .empty(shown: style.text(en: "pre-filled", zh: "预填"))
            }
        }
    }
}

extension Listing where Row == AssessmentRow {
    /// `duban assessment list`, `duban supervise assessment list`: one line per sheet.
    public static func assessments(_ columns: AssessmentColumns) -> Listing {
        Listing([
            Column("id", "编号") { row, style in style.abbreviates ? row.shortId : row.id.uuidString.lowercased() },
            .typed("task", "任务", alignment: .right) { row, _ in row.taskNumber.map(Cell.integer) ?? .blank },
            Column("unit", "单位代码") { row, _ in row.unitCode },
            Column("unit name", "单位名称") { row, style in
                let name = row.unitName ?? ""
                return style.abbreviates ? DisplayWidth.truncate(name, to: 16) : name
            },
        ] + columns.columns() + [
            .typed("total", "总分", alignment: .right) { row, _ in row.total.map { .number($0, decimals: 2) } ?? .blank },
            Column("state", "状态") { row, style in style.assessmentState(row.state) },
            .typed("version", "版本", alignment: .right) { row, _ in row.version.map(Cell.integer) ?? .blank },
            Column("note", "审核意见") { row, style in
                let note = row.rejection ?? row.reviewNote ?? ""
                return style.abbreviates ? DisplayWidth.truncate(TextTable.oneLine(note), to: 30) : note
            },
        ])
    }

    /// `duban oversight assessment`: the assessment table, one line per sheet.
    public static func assessmentTable(_ columns: AssessmentColumns) -> Listing {
        Listing([
            .typed("task", "任务", alignment: .right) { row, _ in row.taskNumber.map(Cell.integer) ?? .blank },
            Column("title", "任务名称") { row, style in
                let title = row.taskTitle ?? ""
                return style.abbreviates ? DisplayWidth.truncate(title, to: 20) : title
            },
            Column("unit", "单位代码") { row, _ in row.unitCode },
            Column("unit name", "单位名称") { row, style in
                let name = row.unitName ?? ""
                return style.abbreviates ? DisplayWidth.truncate(name, to: 16) : name
            },
            Column("lead", "牵头单位") { row, _ in row.leadUnitCode ?? "" },
        ] + columns.columns() + [
            .typed("total", "总分", alignment: .right) { row, _ in row.total.map { .number($0, decimals: 2) } ?? .blank },
            Column("state", "状态") { row, style in style.assessmentState(row.state) },
            Column("comment", "评语") { row, style in
                style.abbreviates ? DisplayWidth.truncate(TextTable.oneLine(row.comment), to: 30) : row.comment
            },
        ])
    }
}

extension Presentation {
    public func assessmentState(_ state: String) -> String {
        switch state {
        case "submitted": text(en: "submitted", zh: "待审核")
        case "accepted": text(en: "accepted", zh: "已通过")
        case "returned": text(en: "returned", zh: "已退回")
        case "pending": text(en: "not yet sent", zh: "待发送")
        case "rejected": text(en: "rejected", zh: "被拒")
        default: state
        }
    }
}
