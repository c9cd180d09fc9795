import ArgumentParser
import DubanClient
import DubanCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a report says, as typed on the command line.
struct ContentOptions: ParsableArguments {
    @Option(help: "The report's text.") var text: String?
    @Option(help: "Read the text from this file (- for standard input).") var textFile: String?
    @Option(help: ArgumentHelp("""
        A measured quantity in your own words, e.g. --quantity 健身路径=2 (repeatable); NAME= with no \
        number removes it.
        """, valueName: "name=number"))
    var quantity: [String] = []
    @Option(help: ArgumentHelp(CLI.text(
        en: "The value of one of the task's indicators (量化指标), e.g. --indicator 健身路径=12 (repeatable; stored like --quantity; `duban target list` names them).",
        zh: "任务量化指标的数值，例如 --indicator 健身路径=12（可重复；与 --quantity 同样存储；指标见 `duban target list`）。"),
        valueName: "name=number"))
    var indicator: [String] = []
    @Option(help: ArgumentHelp("Remove a quantity the report holds (repeatable).", valueName: "name"))
    var clearQuantity: [String] = []
    @Option(help: ArgumentHelp(CLI.text(
        en: "Difficulties needing coordination (存在问题及需协调事项); later revisions keep them; \"\" removes them.",
        zh: "存在问题及需协调事项；后续修订沿用；给出 \"\" 则删除。"), valueName: "text"))
    var difficulties: String?
    @Option(help: "Overall progress, 0 to 100.") var percent: Double?
    @Option(help: "An evidence file to attach (jpg, png, pdf, docx, xlsx, …; repeatable).") var attach: [String] = []
    @Option(help: ArgumentHelp("""
        A summary for the public progress page (公开摘要): a lead unit's is published once the supervision \
        office accepts the report. Later revisions keep it; --public-summary "" removes it.
        """, valueName: "text"))
    var publicSummary: String?

    func validate() throws {
        if text != nil && textFile != nil { throw ValidationError("give --text or --text-file, not both") }
    }

    var changesSomething: Bool {
        text != nil || textFile != nil || !quantity.isEmpty || !indicator.isEmpty || !clearQuantity.isEmpty || percent != nil
            || !attach.isEmpty || publicSummary != nil || difficulties != nil
    }

    /// The text given, or nil when none was.
    func typedText() throws -> String? {
        if let text { return text }
        guard let textFile else { return nil }
        if textFile == "-" {
            return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        guard let data = FileManager.default.contents(atPath: textFile) else {
            throw ClientError.invalidInput(.init(en: "cannot read \(textFile)", zh: "无法读取 \(textFile)"))
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A quantity as typed: a number sets it, nil (`NAME=` or `--clear-quantity NAME`) removes it.
    struct QuantityEdit {
        var typed: String
        var value: Double?
    }

    /// The quantities typed, in order.
    func quantityEdits() throws -> [QuantityEdit] {
        var edits: [QuantityEdit] = []
        for item in quantity + indicator {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else {
                throw ClientError.invalidInput(.init(en: "--quantity \(item): expected name=number, e.g. 健身路径=2 (name= removes it)",
                                                     zh: "--quantity \(item)：应为 名称=数值，例如 健身路径=2（名称= 表示删除）"))
            }
            if parts[1].isEmpty {
                edits.append(QuantityEdit(typed: parts[0], value: nil))
                continue
            }
            guard let value = Double(parts[1]), value.isFinite else {
                throw ClientError.invalidInput(.init(en: "--quantity \(item): \(parts[1]) is not a number",
                                                     zh: "--quantity \(item)：\(parts[1]) 不是数值"))
            }
            edits.append(QuantityEdit(typed: parts[0], value: value))
        }
        return edits + clearQuantity.map { QuantityEdit(typed: $0, value: nil) }
    }

    /// `quantities` with the typed edits: a name is stored as the server stores it (NFC, trimmed);
    /// a removal also finds a name held exactly as typed, so one the rules no longer take can go.
    func edited(_ quantities: [String: Double]) throws -> [String: Double] {
        var result = quantities
        for edit in try quantityEdits() {
            let trimmed = edit.typed.trimmingCharacters(in: .whitespaces)
            if edit.value == nil, let held = result.keys.first(where: { $0.unicodeScalars.elementsEqual(trimmed.unicodeScalars) }) {
                result[held] = nil
                continue
            }
            guard let name = QuantityName.normalized(edit.typed) else {
                throw ClientError(violation: QuantityName.violation(edit.typed))
            }
            result[name] = edit.value
        }
        return result
    }

    /// A summary from a unit that does not lead the task is stored but never published: say so.
    func warnSummaryNotPublished(task: Int?) {
        guard ReportContent.normalizedSummary(publicSummary) != nil else { return }
        let name = task.map { " \($0)" } ?? ""
        CLI.warn("your unit does not lead task\(name): only the lead unit's public summary appears on the public page",
                 "本单位不是任务\(name)的牵头单位：公开页面只显示牵头单位的公开摘要")
    }

    /// Prints `IndicatorRules.warnings` for the values saved (lower than the previous node, over the target).
    static func warnIndicators(_ workspace: Workspace, taskId: Int64, nodeId: Int64, unitCode: String, content: ReportContent) {
        guard let warnings = try? workspace.cache.indicatorWarnings(taskId: taskId, nodeId: nodeId, unitCode: unitCode,
                                                                     values: content.quantities) else { return }
        for warning in warnings { CLI.warn(warning.en, warning.zh) }
    }

    /// Copies the attached files into the data folder.
    func evidence() throws -> [LocalEvidence] {
        try attach.map { try EvidenceStore.attach(URL(fileURLWithPath: $0), into: CLI.evidenceFolder) }
    }

    /// `base` changed by what was typed: text replaced, quantities merged (or removed), files added.
    func apply(to base: ReportContent, evidence: [LocalEvidence], editorFallback: Bool) throws -> ReportContent {
        var content = base
        if let typed = try typedText() {
            content.text = typed
        } else if editorFallback {
            content.text = try Editor.edit(base.text)
        }
        content.quantities = try edited(content.quantities)
        if let percent { content.percent = percent }
        // Left out: the summary stays as it was; given empty: removed.
        content = content.withPublicSummary(publicSummary)
        content = content.withDifficulties(difficulties)
        for file in evidence where !content.evidence.contains(file.sha256) {
            content.evidence.append(file.sha256)
        }
        return content
    }
}

/// `$EDITOR` on a temporary file, for a text written at the terminal.
enum Editor {
    static func edit(_ initial: String) throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            throw ClientError.invalidInput(.init(en: "give the text with --text or --text-file (no terminal for an editor)",
                                                 zh: "请用 --text 或 --text-file 提供正文（没有可用于编辑器的终端）"))
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("duban-report-\(UUID().uuidString).txt")
        try Data(initial.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let editor = CLI.environment["VISUAL"] ?? CLI.environment["EDITOR"] ?? "vi"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(editor) \"$1\"", "editor", file.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: file.path) else {
            throw ClientError.invalidInput(.init(en: "the editor failed; nothing was saved", zh: "编辑器异常退出，未保存"))
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw ClientError.invalidInput(.init(en: "the text is empty; nothing was saved", zh: "正文为空，未保存"))
        }
        return text
    }
}

extension DubanCommand {
    /// `duban report new|edit|show|list|resolve`.
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write and read progress reports (进度报告), offline first.",
            discussion: "Reports are ids like 1a2b3c4d (the first 8 hex digits; any unique prefix works).",
            subcommands: [New.self, Edit.self, Show.self, List.self, Resolve.self, Consolidate.self]
        )

        struct New: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write your unit's report for a task and a reporting node.",
                discussion: """
                    Saved here at once (with its outbox entry), then sent by a short sync when the server \
                    answers quickly, else by the next `duban sync`. Without --text or --text-file, $EDITOR opens. \
                    Example: duban report new --task 9 --text "已完成选址" --quantity 健身路径=3 --percent 20
                    """)

            @Option(help: "The task's number.") var task: Int
            @Option(help: "The plan's year, when several plans are cached.") var year: Int?
            @Option(help: "The reporting node: its date (2022-03-28) or number (1-4). Default: the next not yet past.")
            var node: String?
            @OptionGroup var content: ContentOptions
            @OptionGroup var offline: OfflineOptions

            func run() async throws {
                let workspace = try await CLI.preparedWorkspace()
                let reference = try workspace.reference()
                let unit = try workspace.unitCode()
                let task = try TaskLookup.find(self.task, year: year, unit: unit, in: reference)
                guard let role = DueDates.role(of: unit, on: task.id, in: reference) else {
                    throw ClientError.invalidInput(.init(en: "your unit has no assignment on task \(task.number)",
                                                         zh: "本单位未承担任务 \(task.number)"))
                }
                let now = CLI.now()
                let chosen: ReferenceData.Node
                if let node {
                    chosen = try TaskLookup.node(node, task: task, in: reference)
                } else {
                    let nodes = reference.nodes.filter { $0.planId == task.planId }.sorted { $0.ordinal < $1.ordinal }
                    let extensions = try workspace.cache.extensions(unit: unit)
                    if let next = DueDates.next(task: task, role: role, reference: reference, now: now, extensions: extensions),
                       let found = nodes.first(where: { $0.id == next.nodeId }) {
                        chosen = found
                    } else if let last = nodes.last {
                        // A late report still counts for something; the server's clock decides it was late.
                        CLI.warn("every node of task \(task.number) is past; writing for the last one, \(last.nodeDate) (choose another with --node)",
                                 "任务 \(task.number) 的节点均已过，写入最后一个节点 \(last.nodeDate)（可用 --node 指定）")
                        chosen = last
                    } else {
                        throw ClientError.invalidInput(.init(en: "task \(task.number) has no reporting nodes", zh: "任务 \(task.number) 没有报送节点"))
                    }
                }
                if role != .lead { content.warnSummaryNotPublished(task: task.number) }
                let files = try content.evidence()
                // One report per task, unit and node: writing "new" again adds a revision to it.
                let existing = try workspace.cache.reportId(taskId: task.id, unitCode: unit, nodeId: chosen.id)
                let base = try existing.flatMap { try workspace.cache.report($0)?.current?.content } ?? ReportContent(text: "")
                let body = try content.apply(to: base, evidence: files, editorFallback: existing == nil || !content.changesSomething)
                let (id, _) = try workspace.cache.writeReport(reportId: existing, taskId: task.id, nodeId: chosen.id, unitCode: unit,
                                                              content: body, evidence: files, authoredAt: now, now: now)
                ContentOptions.warnIndicators(workspace, taskId: task.id, nodeId: chosen.id, unitCode: unit, content: body)
                let short = String(id.uuidString.lowercased().prefix(8))
                if existing != nil {
                    print(CLI.text(en: "report \(short) saved as a new revision (your unit's report for task \(task.number), node \(chosen.nodeDate), exists)",
                                   zh: "报告 \(short) 已保存为新修订（本单位任务 \(task.number) 节点 \(chosen.nodeDate) 的报告已存在）"))
                } else {
                    print(CLI.text(en: "report \(short) saved (task \(task.number), node \(chosen.nodeDate))",
                                   zh: "报告 \(short) 已保存（任务 \(task.number)，节点 \(chosen.nodeDate)）"))
                }
                await CLI.autosync(workspace, offline: offline.offline)
            }
        }

        struct Edit: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write a new revision of a report, on top of the newest version known here.",
                discussion: "Options left out keep their value; --quantity merges (NAME= or --clear-quantity removes one); --attach adds. With no option, $EDITOR opens on the text.")

            @Argument(help: "The report id (any unique prefix).") var id: String
            @OptionGroup var content: ContentOptions
            @OptionGroup var offline: OfflineOptions

            func run() async throws {
                let workspace = try CLI.workspace()
                let reportId = try workspace.cache.resolveReport(id)
                guard let report = try workspace.cache.report(reportId), let current = report.current else {
                    throw ClientError.invalidInput(.init(en: "report \(id) has nothing to edit yet", zh: "报告 \(id) 尚无内容"))
                }
                try ReportPrinter.requireOwn(report, unit: try workspace.unitCode())
                guard report.reviewState != .accepted else { throw ClientError.reportAccepted(report.shortId) }
                if let reference = try? workspace.cache.reference(),
                   DueDates.role(of: report.unitCode, on: report.taskId, in: reference) != .lead {
                    content.warnSummaryNotPublished(task: reference.tasks.first { $0.id == report.taskId }?.number)
                }
                let files = try content.evidence()
                let body = try content.apply(to: current.content, evidence: files, editorFallback: !content.changesSomething)
                let now = CLI.now()
                try workspace.cache.writeReport(reportId: reportId, taskId: report.taskId, nodeId: report.nodeId,
                                                unitCode: report.unitCode, content: body, evidence: files, authoredAt: now, now: now)
                ContentOptions.warnIndicators(workspace, taskId: report.taskId, nodeId: report.nodeId, unitCode: report.unitCode,
                                              content: body)
                print(CLI.text(en: "report \(report.shortId) saved", zh: "报告 \(report.shortId) 已保存"))
                if report.reviewState == .returned {
                    print(CLI.text(en: "this revision resubmits the returned report to the lead unit",
                                   zh: "本次修订将被退回的报告重新报送牵头单位"))
                }
                if report.openConflicts > 0 {
                    print(CLI.text(en: "this revision resolves the report's \(report.openConflicts) open conflict(s)",
                                   zh: "本次修订将解决该报告的 \(report.openConflicts) 处冲突"))
                }
                await CLI.autosync(workspace, offline: offline.offline)
            }
        }

        struct Resolve: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "End a conflict: a new revision on top of every version known, keeping yours, theirs, or a file's text.",
                discussion: """
                    mine: the newest revision written on this device; theirs: the newest from another device; \
                    FILE: the text in that file (the rest from the newest revision). Every revision stays in the \
                    history whichever you keep.
                    """)

            @Argument(help: "The report id (any unique prefix).") var id: String
            @Option(help: "mine, theirs, or a file with the merged text.") var keep: String
            @OptionGroup var offline: OfflineOptions

            func run() async throws {
                let workspace = try CLI.workspace()
                let reportId = try workspace.cache.resolveReport(id)
                guard let report = try workspace.cache.report(reportId) else { throw ClientError.invalidInput(.init(en: "no report \(id)", zh: "没有报告 \(id)")) }
                try ReportPrinter.requireOwn(report, unit: try workspace.unitCode())
                let stored = report.revisions.filter { $0.revision != nil }
                let device = workspace.configuration.deviceID
                let chosen: ReportContent
                switch keep {
                case "mine":
                    guard let mine = stored.last(where: { $0.deviceId == device }) else {
                        throw ClientError.invalidInput(.init(en: "no revision of report \(report.shortId) was written on this device",
                                                             zh: "报告 \(report.shortId) 没有在本设备写的修订"))
                    }
                    chosen = mine.content
                case "theirs":
                    guard let theirs = stored.last(where: { $0.deviceId != device }) else {
                        throw ClientError.invalidInput(.init(en: "no revision of report \(report.shortId) came from another device",
                                                             zh: "报告 \(report.shortId) 没有来自其他设备的修订"))
                    }
                    chosen = theirs.content
                default:
                    guard let data = FileManager.default.contents(atPath: keep) else {
                        throw ClientError.invalidInput(.init(en: "--keep: expected mine, theirs or a readable file, got \(keep)",
                                                             zh: "--keep 应为 mine、theirs 或可读的文件，实际为 \(keep)"))
                    }
                    var content = (stored.last ?? report.current)?.content ?? ReportContent(text: "")
                    content.text = String(decoding: data, as: UTF8.self)
                    chosen = content
                }
                let now = CLI.now()
                try workspace.cache.writeReport(reportId: reportId, taskId: report.taskId, nodeId: report.nodeId,
                                                unitCode: report.unitCode, content: chosen, authoredAt: now, now: now)
                print(CLI.text(en: "report \(report.shortId) resolved: a new revision on top of version \(report.version)",
                               zh: "报告 \(report.shortId) 冲突已解决：在版本 \(report.version) 之上写入新修订"))
                await CLI.autosync(workspace, offline: offline.offline)
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the reports held here (your unit's, and those of tasks it leads).")

            @Option(help: "Only reports of this task number.") var task: Int?
            @OptionGroup var output: FormatOptions

            func run() async throws {
                let workspace = try CLI.workspace()
                let reference = try workspace.cache.reference()
                let rows = try workspace.cache.reports().map { ReportRow($0, reference: reference) }
                    .filter { task == nil || $0.taskNumber == task }
                CLI.output(try Listing.reports.render(rows, body: rows, format: output.format, presentation: CLI.presentation))
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show a report; --history shows every revision, conflicts marked, with written and received times.")

            @Argument(help: "The report id (any unique prefix).") var id: String
            @Flag(help: "Every revision, oldest first.") var history = false
            @Flag(help: "The report as JSON.") var json = false

            func run() async throws {
                let workspace = try CLI.workspace()
                let reportId = try workspace.cache.resolveReport(id)
                guard let report = try workspace.cache.report(reportId) else { throw ClientError.invalidInput(.init(en: "no report \(id)", zh: "没有报告 \(id)")) }
                if json {
                    CLI.output(String(decoding: try WireJSON.encoder(pretty: true).encode(report), as: UTF8.self) + "\n")
                    return
                }
                let reference = try workspace.cache.reference()
                ReportPrinter(reference: reference, device: workspace.configuration.deviceID).print(report, history: history)
            }
        }
    }
}

/// How a report reads at the terminal.
struct ReportPrinter {
    let reference: ReferenceData
    let device: UUID

    /// Only a unit's own staff write its reports; a lead unit reads its responsible units' reports.
    static func requireOwn(_ report: CachedReport, unit: String) throws {
        guard report.unitCode == unit else {
            throw ClientError.invalidInput(.init(
                en: "report \(report.shortId) belongs to \(report.unitCode); only its own staff change it (write your unit's own report with `duban report new`)",
                zh: "报告 \(report.shortId) 属于 \(report.unitCode)，只能由该单位修改（本单位的报告请用 `duban report new` 填写）"))
        }
    }

    /// `returned for revision: …`, `accepted (revision 2, by zjj1)`, `submitted, awaiting review`.
    static func reviewLine(_ report: CachedReport) -> String {
        var text: String
        let last = report.lastReview
        let by = last.map { CLI.text(en: ", by \($0.reviewerLogin) (\($0.reviewerUnitCode))", zh: "，审核人 \($0.reviewerLogin)（\($0.reviewerUnitCode)）") } ?? ""
        switch report.reviewState {
        case .accepted:
            text = CLI.text(en: "accepted (revision \(last?.revision ?? report.headRevision)\(by)); locked",
                            zh: "已审核通过（第 \(last?.revision ?? report.headRevision) 版\(by)），已锁定")
        case .returned:
            text = CLI.text(en: "returned for revision: \(report.returnReason ?? "")", zh: "退回修改：\(report.returnReason ?? "")")
                + CLI.text(en: " (revision \(last?.revision ?? report.headRevision)\(by))", zh: "（第 \(last?.revision ?? report.headRevision) 版\(by)）")
        case .submitted:
            text = last == nil ? CLI.text(en: "submitted, awaiting review", zh: "已报送，待审核")
                               : CLI.text(en: "resubmitted, awaiting review", zh: "已重新报送，待审核")
        }
        if let pending = report.pendingReviews.last {
            text += CLI.text(en: " [decision not yet sent: \(pending.decision.rawValue)]",
                             zh: " [审核意见未发送：\(pending.decision == .accept ? "通过" : "退回")]")
        }
        return text
    }

    func print(_ report: CachedReport, history: Bool) {
        let style = CLI.presentation
        let zh = CLI.language == .zh
        func line(_ en: String, _ zhLabel: String, _ value: String) {
            Swift.print((zh ? zhLabel + "：" : en + ": ") + value)
        }
        let task = reference.tasks.first { $0.id == report.taskId }
        let node = reference.nodes.first { $0.id == report.nodeId }
        line("report", "报告", report.id.uuidString.lowercased())
        line("task", "任务", task.map { "\($0.number) \($0.title)" } ?? "#\(report.taskId)")
        line("unit", "单位", report.unitCode)
        line("node", "节点", node?.nodeDate.description ?? "#\(report.nodeId)")
        line("version", "版本", "\(report.version) (\(zh ? "当前修订" : "head") \(report.headRevision))")
        line("status", "状态", style.reportStatus(report.status))
        if report.reviewState != .submitted || !report.reviews.isEmpty || !report.pendingReviews.isEmpty {
            line("review", "审核", Self.reviewLine(report))
        }
        if report.openConflicts > 0 {
            line("conflicts", "冲突", CLI.text(
                en: "\(report.openConflicts) open: resolve with `duban report resolve \(report.shortId) --keep mine|theirs|FILE`",
                zh: "\(report.openConflicts) 处未解决：用 `duban report resolve \(report.shortId) --keep mine|theirs|文件` 解决"))
        }
        if let current = report.current {
            line("percent", "进度", current.content.percent.map { Presentation.number($0) + "%" } ?? "")
            let indicators = reference.indicators.filter { $0.taskId == report.taskId && $0.confirmed }
            let byName = Dictionary(indicators.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            let measured = current.content.quantities.filter { byName[$0.key] != nil }
            let others = current.content.quantities.filter { byName[$0.key] == nil }
            if !measured.isEmpty {
                line("indicators", "量化指标", measured.sorted { $0.key < $1.key }.map { name, value in
                    let indicator = byName[name]!
                    let share = indicator.share(of: report.unitCode)
                    let goal = share.map { CLI.text(en: "share \(Presentation.number($0)) of target \(Presentation.number(indicator.target))",
                                                    zh: "分解目标 \(Presentation.number($0))，总目标 \(Presentation.number(indicator.target))") }
                        ?? CLI.text(en: "target \(Presentation.number(indicator.target))", zh: "目标 \(Presentation.number(indicator.target))")
                    return "\(name) \(Presentation.number(value)) \(indicator.measure) (\(goal))"
                }.joined(separator: "; "))
            }
            if !others.isEmpty {
                line("quantities", "数量", others.sorted { $0.key < $1.key }
                    .map { "\($0.key)=\(Presentation.number($0.value))" }.joined(separator: ", "))
            }
            if !current.content.evidence.isEmpty {
                line("evidence", "佐证材料", current.content.evidence.joined(separator: ", "))
            }
            line("text", "正文", current.content.text)
            if let difficulties = current.content.difficulties {
                line("difficulties", "存在问题及需协调事项", difficulties)
            }
            if let summary = current.content.publicSummary {
                line("public summary", "公开摘要", summary)
            }
        }
        guard history else { return }
        Swift.print(zh ? "修订历史：" : "history:")
        for revision in report.revisions {
            var tags: [String] = []
            if revision.inConflict { tags.append(CLI.text(en: "CONFLICT", zh: "冲突")) }
            if revision.revision == report.headRevision, revision.revision != nil { tags.append(CLI.text(en: "head", zh: "当前")) }
            switch revision.state {
            case .pending: tags.append(CLI.text(en: "local, not yet synced", zh: "本地，未同步"))
            case .rejected: tags.append(CLI.text(en: "rejected: ", zh: "被拒：") + (revision.rejection ?? ""))
            case .confirmed: tags.append(CLI.text(en: "stored, not yet pulled", zh: "已存储，待下载"))
            case .synced: break
            }
            if revision.deviceId == device { tags.append(CLI.text(en: "this device", zh: "本设备")) }
            let number = revision.revision.map { "r\($0)" } ?? "local"
            let who = revision.accountLogin.map { " \($0)" } ?? ""
            Swift.print("  \(number) (base \(revision.baseVersion))\(who) "
                        + CLI.text(en: "written ", zh: "填写 ") + style.time(revision.authoredAt)
                        + (revision.receivedAt.map { CLI.text(en: ", received ", zh: "，服务器接收 ") + style.time($0) } ?? "")
                        + (tags.isEmpty ? "" : " [" + tags.joined(separator: "; ") + "]"))
            Swift.print("     " + TextTable.oneLineText(revision.content.text))
        }
    }
}
