import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand {
    /// `duban assessment draft|list|show`: a lead unit's year-end sheets for its responsible units, offline first.
    struct AssessmentCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assessment",
            abstract: "Year-end assessment (年度考核): a lead unit scores its responsible units per task.",
            discussion: """
                A lead unit's staff write one sheet per task and responsible unit: a score per criterion \
                (材料报送 material submission, 配合完成实事项目 cooperation, 绩效加分确认 bonus-point \
                confirmation by default; scales and weights are the server's configuration), a comment and \
                evidence already on the server. The material-submission score is pre-filled by the server \
                from the unit's on-time rate; a different figure needs a reason. Sheets are saved here and \
                sent by sync; the supervision office accepts them or returns them with a note (`duban \
                status` shows it). The unit assessed never sees its sheet.
                """,
            subcommands: [Draft.self, List.self, Show.self]
        )

        struct Draft: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write or revise the sheet of a responsible unit on a task your unit leads.",
                discussion: """
                    Starts from the newest sheet known here (yours not yet sent, else the server's): what \
                    you do not give stays. --score CODE=auto hands a pre-filled criterion back to the \
                    server's figure. Saved here at once, sent by a short sync unless --offline. Example: \
                    duban assessment draft --task 9 --unit jd-jiahe --score cooperation=30 \
                    --score bonus_confirmation=5 --score material_submission=20 \
                    --reason material_submission=逾期系系统故障 --comment 配合积极
                    """)

            @Option(help: "The task's number.") var task: Int
            @Option(help: "The plan's year, when several plans are cached.") var year: Int?
            @Option(help: "The responsible unit scored (its code).") var unit: String
            @Option(name: .customLong("score"), help: ArgumentHelp(
                "A criterion's score (repeatable); CODE=auto: the server's pre-filled figure.", valueName: "code=value"))
            var scores: [String] = []
            @Option(name: .customLong("reason"), help: ArgumentHelp(
                "Why a pre-filled score was changed (repeatable).", valueName: "code=text"))
            var reasons: [String] = []
            @Option(help: "The comment (评语); an empty text clears it.") var comment: String?
            @Option(name: .customLong("evidence"), help: ArgumentHelp(
                "SHA-256 of an evidence file already on the server, e.g. one attached to a report (repeatable; a unique prefix of one held here works).",
                valueName: "sha256"))
            var evidence: [String] = []
            @Flag(help: "Remove the evidence the sheet names.") var clearEvidence = false
            @OptionGroup var offline: OfflineOptions

            func validate() throws {
                for item in scores + reasons where !item.contains("=") {
                    throw ValidationError("\(item): expected CODE=VALUE")
                }
                if clearEvidence && !evidence.isEmpty { throw ValidationError("give either --evidence or --clear-evidence") }
            }

            func run() async throws {
                let workspace = try await CLI.preparedWorkspace()
                let reference = try workspace.reference()
                let unitCode = try workspace.unitCode()
                let task = try TaskLookup.find(self.task, year: year, unit: unitCode, in: reference)
                let planYear = reference.plans.first { $0.id == task.planId }?.year
                if !offline.offline, try workspace.cache.assessmentCriteria(planYear: planYear).isEmpty {
                    await CLI.refreshAssessmentCriteria(workspace, year: planYear, quick: true)
                }
                let criteria = try workspace.cache.assessmentCriteria(planYear: planYear)
                let edit = try AssessmentEdit(scores: scores, reasons: reasons, comment: comment,
                                              evidence: try resolvedEvidence(workspace), criteria: criteria)
                let now = CLI.now()
                let written = try workspace.cache.writeAssessment(taskId: task.id, unitCode: unit, edit: edit, authoredAt: now, now: now)
                let short = String(written.assessmentId.uuidString.lowercased().prefix(8))
                let scoreText = AssessmentPrinter.scoreSummary(written.payload.scores, criteria: criteria)
                let on = written.baseVersion == 0 ? CLI.text(en: "new sheet", zh: "新考核表")
                                                  : CLI.text(en: "revising version \(written.baseVersion)", zh: "修改第 \(written.baseVersion) 版")
                print(CLI.text(en: "sheet \(short) saved: task \(task.number), \(unit) (\(on)): \(scoreText)",
                               zh: "考核表 \(short) 已保存：任务 \(task.number)，\(unit)（\(on)）：\(scoreText)"))
                if written.superseded > 0 {
                    print(CLI.text(en: "replaces \(written.superseded) earlier draft(s) of this sheet not yet on the server",
                                   zh: "替换本考核表尚未上传的草稿 \(written.superseded) 份"))
                }
                await CLI.autosync(workspace, offline: offline.offline)
            }

            /// Each `--evidence`: a whole hash, or a unique prefix of one held here.
            private func resolvedEvidence(_ workspace: Workspace) throws -> [String]? {
                if clearEvidence { return [] }
                guard !evidence.isEmpty else { return nil }
                let known = try workspace.cache.knownEvidence()
                return try evidence.map { given in
                    let wanted = given.lowercased()
                    if wanted.count == 64 { return wanted }
                    let matches = known.filter { $0.hasPrefix(wanted) }
                    guard matches.count == 1, !wanted.isEmpty else {
                        throw ClientError.invalidInput(.init(
                            en: "\(given) names \(matches.count) evidence files held here; give the whole SHA-256",
                            zh: "\(given) 对应本地 \(matches.count) 个佐证材料，请输入完整的 SHA-256 值"))
                    }
                    return matches.first!
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the sheets held here (as the server has them), then those not yet sent or refused.",
                discussion: "Works offline. Criteria are named as the server names them once fetched (by a sync while connected), else by code.")

            @Option(help: "Only sheets of this plan year.") var year: Int?
            @Option(help: "Only sheets in this state: submitted, accepted, returned, pending (not yet sent), rejected.") var state: String?
            @OptionGroup var output: FormatOptions

            func run() async throws {
                let workspace = try CLI.workspace()
                let rows = try AssessmentListing.rows(workspace).filter {
                    (year == nil || $0.planYear == year) && (state == nil || $0.state == state)
                }
                let criteria = try workspace.cache.assessmentCriteria(planYear: year ?? rows.compactMap(\.planYear).max())
                CLI.output(try Listing.assessments(AssessmentColumns(criteria: criteria, rows: rows))
                    .render(rows, body: rows, format: output.format, presentation: CLI.presentation))
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "One sheet: the score per criterion, pre-filled figures, reasons, total, state and the office's note.")

            @Argument(help: "The sheet's id (any unique prefix).") var id: String
            @Flag(help: "The sheet as JSON (with a draft not yet sent, both).") var json = false

            func run() async throws {
                let workspace = try CLI.workspace()
                let wanted = id.lowercased().filter { $0 != "-" }
                let rows = try AssessmentListing.rows(workspace).filter {
                    $0.id.uuidString.lowercased().filter { $0 != "-" }.hasPrefix(wanted)
                }
                let ids = Set(rows.map(\.id))
                guard !wanted.isEmpty, ids.count == 1 else {
                    throw ClientError.invalidInput(ids.isEmpty
                        ? .init(en: "no assessment sheet \(id) here (`duban assessment list`)", zh: "本地没有考核表 \(id)（见 `duban assessment list`）")
                        : .init(en: "\(id) matches \(ids.count) sheets; type more of the id", zh: "\(id) 对应 \(ids.count) 份考核表，请输入更长的编号"))
                }
                if json {
                    CLI.output(String(decoding: try WireJSON.encoder(pretty: true).encode(rows), as: UTF8.self) + "\n")
                    return
                }
                let criteria = try workspace.cache.assessmentCriteria(planYear: rows.compactMap(\.planYear).max())
                for (index, row) in rows.enumerated() {
                    if index > 0 { print() }
                    AssessmentPrinter.print(row, criteria: criteria)
                }
            }
        }
    }
}

extension AssessmentEdit {
    /// The edit `--score`, `--reason`, `--comment` and `--evidence` ask for; a criterion may be named by
    /// its code or, once the criteria are held here, by its Chinese or English name.
    init(scores: [String], reasons: [String], comment: String?, evidence: [String]?, criteria: [AssessmentCriterion]) throws {
        func code(_ name: String) -> String {
            let name = name.trimmingCharacters(in: .whitespaces)
            return criteria.first { $0.code == name || $0.nameZh == name || $0.nameEn.lowercased() == name.lowercased() }?.code ?? name
        }
        var edit = AssessmentEdit(comment: comment, evidence: evidence)
        for item in scores {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            let key = code(parts[0])
            let value = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            if ["auto", "prefill", "预填"].contains(value.lowercased()) {
                edit.prefill.insert(key)
                edit.scores[key] = nil
            } else if let number = Double(value), number.isFinite {
                edit.scores[key] = number
                edit.prefill.remove(key)
            } else {
                throw ClientError.invalidInput(.init(en: "--score \(item): the score must be a number (or auto)",
                                                     zh: "--score \(item)：分数须为数字（或 auto）"))
            }
        }
        for item in reasons {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            edit.reasons[code(parts[0])] = parts.count > 1 ? parts[1] : ""
        }
        self = edit
    }
}

/// The sheets this cache knows: the server's, then those still local.
enum AssessmentListing {
    static func rows(_ workspace: Workspace) throws -> [AssessmentRow] {
        let reference = try workspace.cache.reference()
        let stored = try workspace.cache.assessments()
        let rows = stored.map { record in
            AssessmentRow(record, taskTitle: reference.tasks.first { $0.id == record.taskId }?.title)
        }
        let lead = workspace.state.unitCode
        let local = try workspace.cache.localAssessmentDrafts().map { draft in
            let year = reference.tasks.first { $0.id == draft.payload.taskId }
                .flatMap { task in reference.plans.first { $0.id == task.planId }?.year }
            let server = stored.first { $0.taskId == draft.payload.taskId && $0.unitCode == draft.payload.unitCode }
            return AssessmentRow(draft, reference: reference, leadUnitCode: lead,
                                 criteria: (try? workspace.cache.assessmentCriteria(planYear: year)) ?? [],
                                 prefilled: server?.prefilled ?? [:], language: CLI.language)
        }
        return rows + local
    }
}

/// How one sheet reads in a terminal.
enum AssessmentPrinter {
    /// `material_submission=auto, cooperation=36, bonus_confirmation=10` in the criteria's order.
    static func scoreSummary(_ scores: [String: Double], criteria: [AssessmentCriterion]) -> String {
        let order = criteria.map(\.code)
        let prefilled = Set(criteria.filter { $0.prefill != nil }.map(\.code))
        let codes = order.filter { scores[$0] != nil || prefilled.contains($0) }
            + scores.keys.filter { !order.contains($0) }.sorted()
        let summary = codes.map { code in
            "\(code)=" + (scores[code].map(Presentation.number) ?? CLI.text(en: "pre-filled", zh: "预填"))
        }.joined(separator: ", ")
        // Without the criteria held here (never fetched), say what the server does with the rest.
        guard criteria.isEmpty else { return summary }
        return summary + CLI.text(en: " (a pre-filled criterion left out takes the server's figure)",
                                  zh: "（未给出的预填项按服务器预填分数计）")
    }

    static func print(_ row: AssessmentRow, criteria: [AssessmentCriterion]) {
        let style = CLI.presentation
        let zh = CLI.language == .zh
        let task = row.taskNumber.map(String.init) ?? "#\(row.taskId)"
        let title = row.taskTitle.map { " \($0)" } ?? ""
        let unit = row.unitCode + (row.unitName.map { " \($0)" } ?? "")
        Swift.print(CLI.text(en: "sheet \(row.id.uuidString.lowercased()): task \(task)\(title), \(unit)",
                             zh: "考核表 \(row.id.uuidString.lowercased())：任务 \(task)\(title)，\(unit)"))
        if let lead = row.leadUnitCode { Swift.print((zh ? "牵头单位：" : "lead unit: ") + lead) }
        var state = style.assessmentState(row.state)
        if let version = row.version {
            state += CLI.text(en: " (version \(version))", zh: "（第 \(version) 版）")
        } else if let base = row.baseVersion, base > 0 {
            state += CLI.text(en: " (revises version \(base))", zh: "（修改第 \(base) 版）")
        }
        Swift.print((zh ? "状态：" : "state: ") + state)
        if let rejection = row.rejection { Swift.print((zh ? "被拒原因：" : "refused: ") + rejection) }
        if let note = row.reviewNote, !note.isEmpty { Swift.print((zh ? "审核意见：" : "review note: ") + note) }
        let columns = AssessmentColumns(criteria: criteria, rows: [row])
        for criterion in columns.criteria {
            let scale = criteria.first { $0.code == criterion.code }
            let name = style.text(criterion.header) + (criterion.header.en == criterion.code ? "" : " (\(criterion.code))")
            var line = "  \(name): "
            if let score = row.scores[criterion.code] {
                line += Presentation.number(score)
                if let figure = row.prefilled[criterion.code], abs(figure - score) <= 0.005, row.reasons[criterion.code] == nil {
                    line += CLI.text(en: " (pre-filled)", zh: "（预填）")
                }
            } else if let figure = row.prefilled[criterion.code] {
                line += Presentation.number(figure) + CLI.text(en: " (pre-filled)", zh: "（预填）")
            } else {
                line += criterion.prefill ? CLI.text(en: "pre-filled by the server", zh: "由服务器预填") : "—"
            }
            if let scale { line += CLI.text(en: " of \(Presentation.number(scale.maxScore))", zh: " / \(Presentation.number(scale.maxScore))") }
            if let figure = row.prefilled[criterion.code], let score = row.scores[criterion.code], abs(figure - score) > 0.005 {
                line += CLI.text(en: ", pre-filled \(Presentation.number(figure))", zh: "，预填 \(Presentation.number(figure))")
            }
            Swift.print(line)
            if let reason = row.reasons[criterion.code] { Swift.print("    " + (zh ? "理由：" : "reason: ") + reason) }
        }
        Swift.print((zh ? "总分：" : "total: ") + (row.total.map { Cell.format($0, decimals: 2) + (zh ? " / 100" : " of 100") }
                                                   ?? CLI.text(en: "after the server pre-fills", zh: "待服务器预填后计算")))
        if !row.comment.isEmpty { Swift.print((zh ? "评语：" : "comment: ") + row.comment) }
        for hash in row.evidence { Swift.print((zh ? "佐证材料：" : "evidence: ") + hash) }
        if let at = row.writtenAt {
            Swift.print((zh ? "填写时间：" : "written: ") + style.time(at) + (row.writtenBy.map { " (\($0))" } ?? ""))
        }
        if let at = row.reviewedAt { Swift.print((zh ? "审核时间：" : "reviewed: ") + style.time(at)) }
    }
}

extension CLI {
    /// Fetches the plan's criteria (names, scales, weights) and keeps them in the cache; quietly
    /// does nothing when the server cannot be reached (listings then name criteria by code).
    static func refreshAssessmentCriteria(_ workspace: Workspace, year: Int?, quick: Bool) async {
        let timeout = autosyncTimeout
        let timeouts: APIClient.Timeouts = quick ? .init(connect: timeout, read: timeout) : .standard
        do {
            let table = try await APIClient.with(server: workspace.credentials.server, token: workspace.credentials.token,
                                                 timeouts: timeouts) { api in try await api.assessments(year: year) }
            try workspace.cache.storeAssessmentCriteria(table.criteria, planYear: table.planYear)
        } catch {
            // Offline or refused: the codes stand in for the names.
        }
    }

    /// After a sync: the criteria, once, when this cache holds sheets (or drafts) of a plan whose criteria it lacks.
    static func refreshAssessmentCriteriaIfMissing(_ workspace: Workspace) async {
        guard let years = try? workspace.cache.assessmentCriteriaYears(),
              let sheets = try? workspace.cache.assessments(),
              let drafts = try? workspace.cache.localAssessmentDrafts(),
              !sheets.isEmpty || !drafts.isEmpty else { return }
        for year in Set(sheets.map(\.planYear)).subtracting(years).sorted() {
            await refreshAssessmentCriteria(workspace, year: year, quick: false)
        }
        if sheets.isEmpty && years.isEmpty { await refreshAssessmentCriteria(workspace, year: nil, quick: false) }
    }
}

/// The assessment part of `duban status`: for a lead unit, sheets the office returned (with its note)
/// and drafts the server refused; for the office, how many sheets wait for review.
enum AssessmentStatus {
    static func print(_ workspace: Workspace) throws {
        let zh = CLI.language == .zh
        let sheets = try workspace.cache.assessments()
        let drafts = try workspace.cache.localAssessmentDrafts()
        if workspace.state.role == AccountRole.supervisor.rawValue {
            let waiting = sheets.filter { $0.state == .submitted }.count
            if waiting > 0 {
                Swift.print(CLI.text(en: "assessment sheets to review: \(waiting) (`duban supervise assessment list --state submitted`)",
                                     zh: "待审核考核表：\(waiting) 份（`duban supervise assessment list --state submitted`）"))
            }
            return
        }
        let returned = sheets.filter { $0.state == .returned }
        if !returned.isEmpty {
            Swift.print(zh ? "被督查部门退回的考核表：" : "assessment sheets returned by the office:")
            for sheet in returned {
                let revised = drafts.contains { $0.payload.taskId == sheet.taskId && $0.payload.unitCode == sheet.unitCode && $0.status != "rejected" }
                let short = String(sheet.id.uuidString.lowercased().prefix(8))
                var line = "  " + CLI.text(en: "\(short) task \(sheet.taskNumber), \(sheet.unitCode) \(sheet.unitName): ",
                                           zh: "\(short) 任务 \(sheet.taskNumber)，\(sheet.unitCode) \(sheet.unitName)：")
                    + TextTable.oneLineText(sheet.reviewNote ?? "")
                line += revised ? CLI.text(en: " (revised, waiting to be sent)", zh: "（已修改，待发送）")
                                : CLI.text(en: " (revise: duban assessment draft --task \(sheet.taskNumber) --unit \(sheet.unitCode) ...)",
                                           zh: "（修改：duban assessment draft --task \(sheet.taskNumber) --unit \(sheet.unitCode) ...）")
                Swift.print(line)
            }
        }
        let refused = drafts.filter { $0.status == "rejected" }
        if !refused.isEmpty {
            Swift.print(zh ? "被服务器拒收的考核表：" : "assessment sheets refused by the server:")
            for draft in refused {
                let short = String(draft.payload.assessmentId.uuidString.lowercased().prefix(8))
                Swift.print("  \(short) \(draft.payload.unitCode): " + (draft.rejection?.text(for: CLI.language) ?? ""))
            }
        }
    }
}
