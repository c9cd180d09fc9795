import DubanCore
import Foundation

/// Drafts a circular (通报) from a node's overview: the snapshot of facts, a title and a body in the
/// register of a government notice. The office edits the draft before issuing it; the snapshot stays
/// as it was taken.
struct CircularComposer {
    var planTitle: String
    var issuerName: String
    var timeZone: TimeZone

    /// The snapshot of `overview`; `figures` gives each task's indicators against their targets.
    /// Tasks are on schedule or behind by the progress light (the work), never by the punctuality
    /// of their reports, which the unit lines say.
    func snapshot(_ overview: SupervisionOverview, figures: IndicatorReport? = nil) -> CircularSnapshot {
        let applicable = overview.tasks.filter { !$0.notApplicable && $0.light != nil }
        func sentences(_ task: TaskStanding) -> [String]? {
            let rows = figures?.rows.filter { $0.taskNumber == task.taskNumber && $0.unitCode == nil } ?? []
            return rows.isEmpty ? nil : rows.map(\.sentence.zh)
        }
        func line(_ task: TaskStanding) -> CircularSnapshot.TaskLine {
            .init(taskNumber: task.taskNumber, title: task.title, light: task.schedule?.light ?? task.light!, reasons: task.reasons,
                  schedule: task.schedule, figures: sentences(task))
        }
        func unitLine(_ standing: UnitStanding) -> CircularSnapshot.UnitLine {
            .init(unitCode: standing.unitCode, unitName: standing.unitName, taskNumber: standing.taskNumber, role: standing.role,
                  timeliness: standing.timeliness, daysLate: standing.daysLate)
        }
        var byUnit: [String: [UnitStanding]] = [:]
        var unitOrder: [String] = []
        for standing in overview.units {
            if byUnit[standing.unitName] == nil { unitOrder.append(standing.unitName) }
            byUnit[standing.unitName, default: []].append(standing)
        }
        let commended = unitOrder.filter { name in
            byUnit[name]!.allSatisfy { $0.timeliness == .onTime || $0.timeliness == .exempted }
        }
        let criticized = unitOrder.filter { name in byUnit[name]!.contains { $0.timeliness.isLate } }
        return CircularSnapshot(
            takenAt: overview.evaluatedAt, nodeDate: overview.nodeDate,
            tasksOnSchedule: applicable.map(line).filter { $0.light == .green },
            tasksBehind: applicable.map(line).filter { $0.light != .green },
            lateUnits: overview.units.filter { $0.timeliness == .late }.map(unitLine),
            missingUnits: overview.units.filter { $0.timeliness == .missing }.map(unitLine),
            commended: commended, criticized: criticized)
    }

    func title(year: Int, nodeDate: LocalDate) -> String {
        "关于\(year)年为民办实事项目\(nodeDate.month)月\(nodeDate.day)日节点推进情况的通报"
    }

    func body(_ snapshot: CircularSnapshot, year: Int) -> String {
        let asOf = LocalDate(snapshot.takenAt, in: timeZone)
        let total = snapshot.tasksOnSchedule.count + snapshot.tasksBehind.count
        var lines: [String] = []
        lines.append("各有关单位：")
        lines.append("　　根据《\(planTitle)》要求，现将\(year)年为民办实事项目\(Self.chineseDate(snapshot.nodeDate))节点推进情况（截至\(Self.chineseDate(asOf))）通报如下。")
        lines.append("一、总体情况")
        lines.append("　　涉及本区的\(total)项任务中，\(snapshot.tasksOnSchedule.count)项按序时进度推进，\(snapshot.tasksBehind.count)项滞后于序时进度；逾期报送\(snapshot.lateUnits.count)家次，未报送\(snapshot.missingUnits.count)家次。")
        lines.append("二、按序时进度推进的任务")
        lines.append(contentsOf: items(snapshot.tasksOnSchedule.map { "第\($0.taskNumber)项　\($0.title)。\(Self.figures($0))" }))
        lines.append("三、滞后于序时进度的任务")
        lines.append(contentsOf: items(snapshot.tasksBehind.map { task in
            let gap = task.schedule.map { "滞后序时进度\(IndicatorRules.format(($0.gapPoints * 10).rounded() / 10))个百分点" }
            return "第\(task.taskNumber)项　\(task.title)（\(Self.light(task.light))\(gap.map { "：\($0)" } ?? "")）。\(Self.figures(task))"
        }))
        lines.append("四、逾期报送的单位")
        lines.append(contentsOf: items(Self.grouped(snapshot.lateUnits) { "逾期\($0)天" }))
        lines.append("五、未报送的单位")
        lines.append(contentsOf: items(Self.grouped(snapshot.missingUnits, detail: nil)))
        lines.append("六、表扬")
        lines.append(contentsOf: items(snapshot.commended.isEmpty ? [] : ["以下单位按时报送全部任务进展，予以表扬：\(snapshot.commended.joined(separator: "、"))。"]))
        lines.append("七、批评")
        lines.append(contentsOf: items(snapshot.criticized.isEmpty ? [] : ["以下单位存在逾期或未报送情况，予以通报批评：\(snapshot.criticized.joined(separator: "、"))。"]))
        lines.append("　　请各单位对照通报查找不足，压实责任，确保各项任务按期保质完成。")
        lines.append("")
        lines.append(issuerName)
        return lines.joined(separator: "\n")
    }

    /// A task's figures against its targets, as one sentence.
    static func figures(_ task: CircularSnapshot.TaskLine) -> String {
        guard let figures = task.figures, !figures.isEmpty else { return "" }
        return figures.joined(separator: "；") + "。"
    }

    /// One line per unit naming every task: 区住建局（第1、4、8、9项）; with `detail`, the days late
    /// per task when they differ (第1项逾期2天、第4项逾期3天).
    static func grouped(_ units: [CircularSnapshot.UnitLine], detail: ((Int) -> String)?) -> [String] {
        var order: [String] = []
        var byUnit: [String: [CircularSnapshot.UnitLine]] = [:]
        for line in units {
            if byUnit[line.unitName] == nil { order.append(line.unitName) }
            byUnit[line.unitName, default: []].append(line)
        }
        return order.map { name in
            let lines = byUnit[name]!.sorted { $0.taskNumber < $1.taskNumber }
            let numbers = lines.map { String($0.taskNumber) }.joined(separator: "、")
            guard let detail else { return "\(name)（第\(numbers)项）。" }
            let days = Set(lines.map { $0.daysLate ?? 1 })
            if days.count == 1 { return "\(name)（第\(numbers)项，\(detail(days.first!))）。" }
            return "\(name)（" + lines.map { "第\($0.taskNumber)项\(detail($0.daysLate ?? 1))" }.joined(separator: "、") + "）。"
        }
    }

    private func items(_ texts: [String]) -> [String] {
        texts.isEmpty ? ["　　无。"] : texts.map { "　　\($0)" }
    }

    static func chineseDate(_ date: LocalDate) -> String { "\(date.year)年\(date.month)月\(date.day)日" }

    static func light(_ light: StatusLight) -> String {
        switch light {
        case .green: "绿灯"
        case .yellow: "黄灯"
        case .red: "红灯"
        }
    }

    static func reason(_ reason: StatusLightEvaluation.Reason) -> String {
        switch reason {
        case .behind: "滞后于序时进度"
        case .farBehind: "严重滞后于序时进度"
        case .late: "报送逾期"
        case .missing: "未报送"
        case .caughtUp: "曾亮红灯，现已追赶"
        }
    }
}
