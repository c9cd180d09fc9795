import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand.Report {
    /// `duban report consolidate --task N --node DATE [--save]`.
    struct Consolidate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draft the lead unit's consolidated report (汇总报告) from the responsible units' accepted reports.",
            discussion: """
                For a unit that leads the task. Works offline on the cache: each responsible unit's accepted \
                revision for the node is credited in a section of its own (【单位】正文); quantities are summed \
                per key, naming who contributed what; the percent is the mean of the reports' percents. \
                Units without an accepted report are named in a warning. Prints the draft; --save stores it as \
                your unit's own report for the node (a new revision when one exists), to edit with \
                `duban report edit` and send with `duban sync`.
                """)

        @Option(help: "The task's number.") var task: Int
        @Option(help: "The plan's year, when several plans are cached.") var year: Int?
        @Option(help: "The reporting node: its date (2022-03-28) or number (1-4).") var node: String
        @Flag(help: "Save the draft as your unit's report for the node.") var save = false
        @Option(help: ArgumentHelp(CLI.text(
            en: "Your own figure for an indicator in place of the units' sum, e.g. --indicator 健身路径=28 (repeatable; needs --reason).",
            zh: "以牵头单位的数值替代各单位合计，例如 --indicator 健身路径=28（可重复；须同时给出 --reason）。"), valueName: "name=number"))
        var indicator: [String] = []
        @Option(help: ArgumentHelp(CLI.text(en: "Why the sums are overridden (quoted in the report's text).",
                                            zh: "调整汇总数的理由（写入汇总报告正文）。")))
        var reason: String?
        @OptionGroup var offline: OfflineOptions

        func run() async throws {
            let workspace = try await CLI.preparedWorkspace()
            let reference = try workspace.reference()
            let unit = try workspace.unitCode()
            let task = try TaskLookup.find(self.task, year: year, unit: unit, in: reference)
            let chosen = try TaskLookup.node(node, task: task, in: reference)
            var overrides: [String: Double] = [:]
            for item in indicator {
                let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let value = Double(parts[1]), let name = QuantityName.normalized(parts[0]) else {
                    throw ClientError.invalidInput(.init(en: "--indicator \(item): expected name=number, e.g. 健身路径=28",
                                                         zh: "--indicator \(item)：应为 名称=数值，例如 健身路径=28"))
                }
                overrides[name] = value
            }
            let draft = try ReportConsolidation.draft(task: task, node: chosen, leadUnit: unit, reference: reference,
                                                      reports: try workspace.cache.reports(), overrides: overrides,
                                                      overrideReason: reason)
            let zh = CLI.language == .zh
            print(CLI.text(en: "consolidated report, task \(task.number), node \(chosen.nodeDate): \(draft.contributions.count) accepted report(s)",
                           zh: "汇总报告：任务 \(task.number)，节点 \(chosen.nodeDate)，已通过审核的报告 \(draft.contributions.count) 份"))
            if let percent = draft.content.percent {
                print((zh ? "进度：" : "percent: ") + Presentation.number(percent) + "%")
            }
            for total in draft.totals {
                let who = total.contributors.map { "\($0.unitName) \(Presentation.number($0.amount))" + ($0.nodeDate.map { " @\($0)" } ?? "") }
                    .joined(separator: ", ")
                let label = total.split ? (zh ? "分解指标：" : "split indicator: ") : (zh ? "数量：" : "quantity: ")
                let shown = total.override.map {
                    "\(Presentation.number($0)) " + CLI.text(en: "(overridden; units' sum \(Presentation.number(total.sum)))",
                                                               zh: "（已调整；各单位合计 \(Presentation.number(total.sum))）")
                } ?? Presentation.number(total.sum)
                print(label + "\(total.key)=\(shown) (\(who))")
            }
            print(zh ? "正文：" : "text:")
            print(draft.text)
            if !draft.missing.isEmpty {
                let names = draft.missing.map { code in
                    reference.units.first { $0.code == code }.map { "\($0.name) (\(code))" } ?? code
                }
                CLI.warn("no accepted report yet from: \(names.joined(separator: ", "))",
                         "以下责任单位尚无审核通过的报告：\(names.joined(separator: "、"))")
            }
            guard save else { return }
            guard !draft.contributions.isEmpty else {
                throw ClientError.invalidInput(.init(
                    en: "nothing to save: no responsible unit's report for this node is accepted yet (`duban review list`)",
                    zh: "没有可保存的内容：该节点尚无审核通过的责任单位报告（见 `duban review list`）"))
            }
            let existing = try workspace.cache.reportId(taskId: task.id, unitCode: unit, nodeId: chosen.id)
            // Files the lead attached and the public summary it wrote stay.
            let current = try existing.flatMap { try workspace.cache.report($0)?.current?.content }
            let content = draft.content(over: current)
            if let existing, current == content {
                print(CLI.text(en: "report \(existing.uuidString.lowercased().prefix(8)) already says this; nothing saved",
                               zh: "报告 \(existing.uuidString.lowercased().prefix(8)) 内容与草稿相同，未保存"))
                return
            }
            let now = CLI.now()
            let (id, _) = try workspace.cache.writeReport(reportId: existing, taskId: task.id, nodeId: chosen.id, unitCode: unit,
                                                          content: content, authoredAt: now, now: now)
            let short = String(id.uuidString.lowercased().prefix(8))
            print(existing == nil
                ? CLI.text(en: "saved as report \(short); edit it with `duban report edit \(short)`",
                           zh: "已保存为报告 \(short)；可用 `duban report edit \(short)` 修改")
                : CLI.text(en: "saved as a new revision of report \(short); edit it with `duban report edit \(short)`",
                           zh: "已保存为报告 \(short) 的新修订；可用 `duban report edit \(short)` 修改"))
            await CLI.autosync(workspace, offline: offline.offline)
        }
    }
}
