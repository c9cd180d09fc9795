/// The answer of `POST /v1/admin/plans/import`: what the notice would load (always), and, unless it
/// was a dry run, what the import changed.
public struct PlanImportResult: Codable, Sendable, Equatable {
    /// True when nothing was written.
    public var dryRun: Bool
    /// The plan as parsed, its units resolved against the stored roster, and what would change.
    public var preview: PlanPreview
    /// What the import changed; nil for a dry run.
    public var summary: PlanImportSummary?

    public init(dryRun: Bool, preview: PlanPreview, summary: PlanImportSummary? = nil) {
        self.dryRun = dryRun
        self.preview = preview
        self.summary = summary
    }
}

/// What an import of a notice changed (the server's `PlanImporter.Summary` on the wire).
public struct PlanImportSummary: Codable, Sendable, Equatable {
    public var planId: Int64
    public var year: Int
    public var title: String
    public var planCreated: Bool
    public var planUpdated: Bool
    public var tasksCreated: Int
    public var tasksUpdated: Int
    public var tasksUnchanged: Int
    /// Numbers of the tasks closed because the notice no longer lists them (their reports stay).
    public var tasksClosed: [Int]
    /// Numbers of closed tasks the notice lists again, open once more.
    public var tasksReopened: [Int]
    public var nodesCreated: Int
    public var nodesUpdated: Int
    public var nodesRemoved: Int
    public var assignmentsAdded: Int
    public var assignmentsUpdated: Int
    public var assignmentsRemoved: Int
    /// Indicators proposed from the tasks' completion standards, waiting for the office to confirm them.
    public var indicatorsProposed: Int
    /// Units created for names the roster lacked (`create_missing`): check their kind and parent.
    public var unitsCreated: [ImportedUnit]
    /// False when the import was a no-op.
    public var changed: Bool

    public init(planId: Int64, year: Int, title: String, planCreated: Bool, planUpdated: Bool, tasksCreated: Int,
                tasksUpdated: Int, tasksUnchanged: Int, tasksClosed: [Int] = [], tasksReopened: [Int] = [], nodesCreated: Int, nodesUpdated: Int, nodesRemoved: Int,
                assignmentsAdded: Int, assignmentsUpdated: Int, assignmentsRemoved: Int, indicatorsProposed: Int,
                unitsCreated: [ImportedUnit], changed: Bool) {
        self.planId = planId
        self.year = year
        self.title = title
        self.planCreated = planCreated
        self.planUpdated = planUpdated
        self.tasksCreated = tasksCreated
        self.tasksUpdated = tasksUpdated
        self.tasksUnchanged = tasksUnchanged
        self.tasksClosed = tasksClosed
        self.tasksReopened = tasksReopened
        self.nodesCreated = nodesCreated
        self.nodesUpdated = nodesUpdated
        self.nodesRemoved = nodesRemoved
        self.assignmentsAdded = assignmentsAdded
        self.assignmentsUpdated = assignmentsUpdated
        self.assignmentsRemoved = assignmentsRemoved
        self.indicatorsProposed = indicatorsProposed
        self.unitsCreated = unitsCreated
        self.changed = changed
    }

    /// One line saying what changed, in `language`.
    public func line(language: Language) -> String {
        if !changed {
            return language == .zh ? "计划“\(title)”已是最新，未作改动" : "plan \(title) is already up to date; nothing changed"
        }
        let proposedEn = indicatorsProposed > 0 ? "; indicators proposed \(indicatorsProposed) (confirm with duban target confirm)" : ""
        let proposedZh = indicatorsProposed > 0 ? "；指标建议 \(indicatorsProposed) 项（用 duban target confirm 确认）" : ""
        let numbers = { (list: [Int]) in list.map(String.init).joined(separator: language == .zh ? "、" : ", ") }
        let closedEn = (tasksClosed.isEmpty ? "" : ", closed (no longer in the notice) \(numbers(tasksClosed))")
            + (tasksReopened.isEmpty ? "" : ", reopened \(numbers(tasksReopened))")
        let closedZh = (tasksClosed.isEmpty ? "" : "、关闭（通知中已无）第 \(numbers(tasksClosed)) 项")
            + (tasksReopened.isEmpty ? "" : "、重新启用第 \(numbers(tasksReopened)) 项")
        if language == .zh {
            return "计划“\(title)”（\(year) 年）已\(planCreated ? "导入" : "更新")：任务新增 \(tasksCreated)、更新 \(tasksUpdated)、未变 \(tasksUnchanged)\(closedZh)；节点新增 \(nodesCreated)、更新 \(nodesUpdated)；分工新增 \(assignmentsAdded)、更新 \(assignmentsUpdated)、删除 \(assignmentsRemoved)\(proposedZh)"
        }
        return "plan \(title) (\(year)) \(planCreated ? "created" : "updated"): tasks \(tasksCreated) new, \(tasksUpdated) updated, \(tasksUnchanged) unchanged\(closedEn); nodes \(nodesCreated) new, \(nodesUpdated) updated; assignments \(assignmentsAdded) added, \(assignmentsUpdated) updated, \(assignmentsRemoved) removed\(proposedEn)"
    }
}

/// A unit an import created or would create.
public struct ImportedUnit: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var kind: UnitKind
    public var parentCode: String?

    public init(code: String, name: String, kind: UnitKind, parentCode: String?) {
        self.code = code
        self.name = name
        self.kind = kind
        self.parentCode = parentCode
    }
}
