import DubanClient
import DubanCore
import Foundation

/// The supervision part of `duban status`: what the supervision office sent the signed-in unit.
struct StatusPrinter {
    let reference: ReferenceData
    let now: Date

    /// `task 9, node 2022-03-28: due 2022-03-25 (2 day(s) left, responsible)  no report yet`.
    static func reminderLine(_ reminder: DueReminder) -> String {
        let style = CLI.presentation
        let extended = reminder.extendedFrom.map { CLI.text(en: ", extended from \($0)", zh: "，原定 \($0)，已延期") } ?? ""
        let left = reminder.daysLeft == 0 ? CLI.text(en: "due today", zh: "今天截止")
                                          : CLI.text(en: "\(reminder.daysLeft) day(s) left", zh: "剩余 \(reminder.daysLeft) 天")
        var line = CLI.text(en: "task \(reminder.taskNumber), node \(reminder.nodeDate): due \(reminder.dueDate) (\(left), \(style.role(reminder.role))\(extended))",
                            zh: "任务 \(reminder.taskNumber)，节点 \(reminder.nodeDate)：\(reminder.dueDate) 截止（\(left)，\(style.role(reminder.role))\(extended)）")
        if let id = reminder.reportId {
            let short = String(id.uuidString.lowercased().prefix(8))
            var status = style.reportStatus(reminder.reportStatus ?? "")
            if reminder.reviewState == .returned { status += CLI.text(en: ", returned", zh: "，已退回") }
            line += CLI.text(en: "  report \(short) (\(status))", zh: "  报告 \(short)（\(status)）")
        } else {
            line += CLI.text(en: "  no report yet", zh: "  尚未填报")
        }
        return line
    }

    func printSupervision(_ workspace: Workspace, unit: String, extensions: [ExtensionRecord]) throws {
        let style = CLI.presentation
        let zh = CLI.language == .zh
        let cache = workspace.cache

        let urges = try cache.urges(unit: unit)
        if !urges.isEmpty {
            print(zh ? "催办：" : "urges:")
            for urge in urges {
                print("  " + style.time(urge.createdAt) + "  "
                      + CLI.text(en: "task \(urge.taskNumber), node \(urge.nodeDate) (\(urge.timeliness.label(.en))), by \(urge.urgedBy): ",
                                 zh: "任务 \(urge.taskNumber)，节点 \(urge.nodeDate)（\(urge.timeliness.label(.zh))），催办人 \(urge.urgedBy)：")
                      + TextTable.oneLineText(urge.message))
            }
        }

        let orders = try cache.supervisionOrders(unit: unit).filter { $0.state == .open }
        if !orders.isEmpty {
            print(zh ? "督办单（未销号）：" : "open supervision orders:")
            for order in orders.sorted(by: { ($0.grade, $0.id) > ($1.grade, $1.id) }) {
                let last = order.history.last
                print("  " + CLI.text(en: "order \(order.id): task \(order.taskNumber), \(order.grade.label(.en))",
                                      zh: "督办单 \(order.id)：任务 \(order.taskNumber)，\(order.grade.label(.zh))")
                      + (last.map { CLI.text(en: ", since \(style.time($0.at)): ", zh: "，\(style.time($0.at)) 起：") + TextTable.oneLineText($0.note) } ?? ""))
            }
        }

        let requests = try ExtensionListing.rows(workspace).filter { $0.unitCode == unit }
        if !requests.isEmpty {
            print(zh ? "延期申请：" : "requests for more time:")
            for row in requests {
                let asked = row.requestedDueDate.map { CLI.text(en: "until \($0)", zh: "延至 \($0)") } ?? CLI.text(en: "exemption", zh: "豁免")
                var line = "  " + CLI.text(en: "\(row.shortId) task \(row.taskNumber.map(String.init) ?? "?"), node \(row.nodeDate?.description ?? "?"), \(asked): ",
                                           zh: "\(row.shortId) 任务 \(row.taskNumber.map(String.init) ?? "?")，节点 \(row.nodeDate?.description ?? "?")，\(asked)：")
                    + style.extensionState(row.state)
                if let granted = row.grantedDueDate { line += CLI.text(en: ", due \(granted)", zh: "，截止日期 \(granted)") }
                if let note = row.decisionNote, !note.isEmpty { line += CLI.text(en: " (\(note))", zh: "（\(note)）") }
                print(line)
            }
        }

        let inspections = try cache.inspections(unit: unit).filter { $0.state == .rectifying }
            .sorted { ($0.rectificationDue ?? $0.inspectedOn, $0.id) < ($1.rectificationDue ?? $1.inspectedOn, $1.id) }
        if !inspections.isEmpty {
            print(zh ? "待整改的督查：" : "inspections awaiting rectification:")
            for inspection in inspections {
                var line = "  " + CLI.text(en: "inspection \(inspection.id) (task \(inspection.taskNumber), \(style.inspectionKind(inspection.kind)) \(inspection.inspectedOn)): ",
                                           zh: "督查 \(inspection.id)（任务 \(inspection.taskNumber)，\(style.inspectionKind(inspection.kind)) \(inspection.inspectedOn)）：")
                    + TextTable.oneLineText(inspection.rectification ?? inspection.findings)
                if let due = inspection.rectificationDue {
                    let left = today(task: inspection.taskId).days(until: due)
                    line += left >= 0 ? CLI.text(en: ", due \(due) (\(left) day(s) left)", zh: "，整改期限 \(due)（剩余 \(left) 天）")
                                      : CLI.text(en: ", due \(due) (\(-left) day(s) overdue)", zh: "，整改期限 \(due)（已逾期 \(-left) 天）")
                }
                print(line)
            }
        }

        if let latest = try cache.circulars().first {
            print(CLI.text(en: "latest circular: \(latest.documentNumber ?? "#\(latest.id)") \(latest.title) (`duban circular show`)",
                           zh: "最新通报：\(latest.documentNumber ?? "#\(latest.id)") \(latest.title)（`duban circular show`）"))
        }
    }

    /// Today in the time zone of the task's plan.
    private func today(task: Int64) -> LocalDate {
        let plan = reference.tasks.first { $0.id == task }.flatMap { task in reference.plans.first { $0.id == task.planId } }
        return LocalDate(now, in: DueDates.timeZone(of: plan))
    }
}
