import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand {
    /// `duban status`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Your unit, what is due next, what waits to be sent, open conflicts (状态), from the local cache.",
            discussion: """
                Works offline. Reports due within 3 days come first (a granted extension's date counts; an \
                exempted report is not due), then the later due dates, the supervision office's urges, open \
                supervision orders, requests for more time, inspections awaiting rectification and the latest circular.
                """
        )

        func run() async throws {
            let workspace = try await CLI.preparedWorkspace()
            let state = workspace.state
            let unit = try workspace.unitCode()
            let reference = try workspace.reference()
            // Only this unit's reports are read whole; what a lead unit holds of others is counted in SQLite.
            let reports = try workspace.cache.reports(unit: unit, history: false)
            let now = CLI.now()
            let zh = CLI.language == .zh
            let style = CLI.presentation
            let unitName = reference.units.first { $0.code == unit }?.name ?? ""
            print((zh ? "单位：" : "unit: ") + "\(unitName) (\(unit))")

            let extensions = try workspace.cache.extensions(unit: unit)
            // Reports due within 3 days first (with a granted extension's date where one applies).
            let soon = DueReminder.soon(unit: unit, reference: reference, reports: reports, extensions: extensions, now: now)
            if !soon.isEmpty {
                print(zh ? "3 天内截止：" : "due within 3 days:")
                for reminder in soon {
                    print("! " + StatusPrinter.reminderLine(reminder))
                }
            }
            let rows = TaskRow.rows(unit: unit, reference: reference, reports: reports, now: now, extensions: extensions)
                .filter { $0.dueDate != nil }
                .filter { row in !soon.contains { $0.taskId == row.taskId && $0.dueDate == row.dueDate } }
                .sorted { ($0.daysLeft ?? 0, $0.number) < ($1.daysLeft ?? 0, $1.number) }
            if !rows.isEmpty || soon.isEmpty {
                print(zh ? "下一截止日期：" : "next due dates:")
            }
            if rows.isEmpty && soon.isEmpty { print(zh ? "  （无）" : "  (none)") }
            for row in rows {
                let report = row.report.map { id in
                    let status = reports.first { $0.shortId == id }?.status ?? ""
                    return CLI.text(en: "  report \(id) (\(style.reportStatus(status)))", zh: "  报告 \(id)（\(style.reportStatus(status))）")
                } ?? CLI.text(en: "  no report yet", zh: "  尚未填报")
                let extended = row.extendedFrom.map { CLI.text(en: ", extended from \($0)", zh: "，原定 \($0)，已延期") } ?? ""
                print("  " + CLI.text(en: "task \(row.number): due \(row.dueDate!) (\(row.daysLeft!) day(s) left, \(style.role(row.role))\(extended))",
                                      zh: "任务 \(row.number)：\(row.dueDate!) 截止（剩余 \(row.daysLeft!) 天，\(style.role(row.role))\(extended)）") + report)
            }
            try StatusPrinter(reference: reference, now: now).printSupervision(workspace, unit: unit, extensions: extensions)
            try AssessmentStatus.print(workspace)

            let outbox = try workspace.cache.outbox()
            let quarantine = try workspace.cache.quarantine()
            print(CLI.text(en: "outbox: \(outbox.count) waiting to be sent", zh: "待发送：\(outbox.count) 条"))
            print(CLI.text(en: "quarantine: \(quarantine.count) rejected (see `duban outbox`)",
                           zh: "隔离区：\(quarantine.count) 条被拒（见 `duban outbox`）"))
            let last = state.lastSyncAt.map { style.time($0) } ?? CLI.text(en: "never", zh: "从未")
            var skew = ""
            if let seconds = state.clockSkew, abs(seconds) >= 60 {
                skew = CLI.text(en: " (this machine's clock is \(Int(abs(seconds)) / 60) min \(seconds > 0 ? "behind" : "ahead of") the server)",
                                zh: "（本机时钟比服务器\(seconds > 0 ? "慢" : "快") \(Int(abs(seconds)) / 60) 分钟）")
            }
            print(CLI.text(en: "last sync: ", zh: "上次同步：") + last + skew)
            let conflicts = reports.filter { $0.openConflicts > 0 }
            print(CLI.text(en: "open conflicts: \(conflicts.count)", zh: "未解决冲突：\(conflicts.count)"))
            for report in conflicts {
                let task = reference.tasks.first { $0.id == report.taskId }?.number ?? 0
                print(CLI.text(en: "  report \(report.shortId) (task \(task)): duban report resolve \(report.shortId) --keep mine|theirs|FILE",
                               zh: "  报告 \(report.shortId)（任务 \(task)）：duban report resolve \(report.shortId) --keep mine|theirs|文件"))
            }

            // The lead unit's decisions on this unit's reports.
            let reviewed = reports.filter { $0.unitCode == unit && $0.reviewState != .submitted }
            if !reviewed.isEmpty {
                print(zh ? "审核结果：" : "reviews:")
                for report in reviewed {
                    let task = reference.tasks.first { $0.id == report.taskId }?.number ?? 0
                    print("  " + CLI.text(en: "report \(report.shortId) (task \(task)): ", zh: "报告 \(report.shortId)（任务 \(task)）：")
                          + ReportPrinter.reviewLine(report))
                }
            }
            let leads = reference.assignments.filter { $0.role == .lead }
            if state.role == AccountRole.supervisor.rawValue {
                let toReview = try workspace.cache.countAwaitingReview(ofLeads: leads.map { ($0.taskId, $0.unitCode) })
                if toReview > 0 {
                    print(CLI.text(en: "to review: \(toReview) consolidated report(s) of lead units (`duban review list`)",
                                   zh: "待审核：牵头单位汇总报告 \(toReview) 份（`duban review list`）"))
                }
            } else {
                let led = Set(leads.filter { $0.unitCode == unit }.map(\.taskId))
                let toReview = try workspace.cache.countAwaitingReview(onTasks: led, notOf: unit)
                if toReview > 0 {
                    print(CLI.text(en: "to review: \(toReview) report(s) of responsible units (`duban review list`)",
                                   zh: "待审核：责任单位报告 \(toReview) 份（`duban review list`）"))
                }
            }
        }
    }

    /// `duban outbox [list] | retry ID | drop ID`.
    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What waits to be sent, and what the server refused (发件箱与隔离区).",
            subcommands: [List.self, Retry.self, Drop.self],
            defaultSubcommand: List.self
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List pending mutations and quarantined ones with the server's reason.")
            @OptionGroup var output: FormatOptions

            func run() async throws {
                let workspace = try CLI.workspace()
                let language = CLI.language
                let rows = try workspace.cache.outbox().map {
                    OutboxRow(id: $0.id, deviceSeq: $0.deviceSeq, status: $0.status, reportId: $0.entityId, baseVersion: $0.baseVersion,
                              attempts: $0.attempts, authoredAt: $0.authoredAt, code: nil, message: nil, kind: $0.kind)
                } + (try workspace.cache.quarantine()).map {
                    OutboxRow(id: $0.id, deviceSeq: $0.deviceSeq, status: "rejected", reportId: $0.entityId, baseVersion: $0.baseVersion,
                              attempts: $0.attempts, authoredAt: $0.authoredAt, code: $0.code, message: $0.message.text(for: language),
                              kind: $0.kind)
                }
                CLI.output(try Listing.outbox.render(rows, body: rows, format: output.format, presentation: CLI.presentation))
            }
        }

        struct Retry: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Send a quarantined mutation again, as a new one on top of the newest version known here.")
            @Argument(help: "The mutation id (any unique prefix).") var id: String
            @OptionGroup var offline: OfflineOptions

            func run() async throws {
                let workspace = try CLI.workspace()
                let old = try workspace.cache.resolveQuarantined(id)
                let new = try workspace.cache.retry(quarantined: old, now: CLI.now())
                print(CLI.text(en: "queued again as \(new.uuidString.lowercased().prefix(8))",
                               zh: "已重新排队，新编号 \(new.uuidString.lowercased().prefix(8))"))
                await CLI.autosync(workspace, offline: offline.offline)
            }
        }

        struct Drop: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Forget a quarantined mutation.")
            @Argument(help: "The mutation id (any unique prefix).") var id: String

            func run() async throws {
                let workspace = try CLI.workspace()
                let mutation = try workspace.cache.resolveQuarantined(id)
                try workspace.cache.drop(quarantined: mutation)
                print(CLI.text(en: "dropped \(mutation.uuidString.lowercased().prefix(8))",
                               zh: "已删除 \(mutation.uuidString.lowercased().prefix(8))"))
            }
        }
    }

    /// `duban evidence get HASH`.
    struct Evidence: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Evidence files (佐证材料).", subcommands: [Get.self])

        struct Get: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Save an evidence file: from the local copy when there is one, else downloaded and hash-checked.")
            @Argument(help: "The file's SHA-256 (any unique prefix of one named by a report here).") var hash: String
            @Option(help: "Where to save it (default: the hash in the current folder).") var output: String?

            func run() async throws {
                let workspace = try CLI.workspace()
                let wanted = hash.lowercased()
                let known = try workspace.cache.knownEvidence().filter { $0.hasPrefix(wanted) }
                let sha: String
                if known.count == 1 {
                    sha = known.first!
                } else if wanted.count == 64 {
                    sha = wanted
                } else {
                    throw ClientError.invalidInput(.init(en: "\(hash) names \(known.count) evidence files here; give more of the hash",
                                                         zh: "\(hash) 对应本地 \(known.count) 个佐证材料，请输入更长的哈希"))
                }
                let target = URL(fileURLWithPath: output ?? sha)
                if let local = try workspace.cache.evidence(sha), FileManager.default.fileExists(atPath: local.path) {
                    _ = try? FileManager.default.removeItem(at: target)
                    try FileManager.default.copyItem(atPath: local.path, toPath: target.path)
                } else {
                    _ = try await CLI.withSession { api, _ in try await api.downloadEvidence(sha, to: target) }
                }
                print(CLI.text(en: "saved \(target.path)", zh: "已保存 \(target.path)"))
            }
        }
    }
}
