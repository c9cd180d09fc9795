/// One thing an import changes in a stored plan, as the importer itself finds it (the preview runs the
/// import and rolls it back, so what it lists is what the import does).
public struct PlanChange: Codable, Sendable, Equatable {
    /// What changes.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The plan's own facts (issuer, document number, dates, lead time).
        case planFacts = "plan_facts"
        case taskCreated = "task_created"
        /// The task's text, units as written, chapter, deadline or kept columns.
        case taskUpdated = "task_updated"
        /// No longer in the notice: closed, not deleted.
        case taskClosed = "task_closed"
        case taskReopened = "task_reopened"
        case nodeCreated = "node_created"
        case nodeMoved = "node_moved"
        case nodeRemoved = "node_removed"
        case assignmentAdded = "assignment_added"
        case assignmentChanged = "assignment_changed"
        case assignmentRemoved = "assignment_removed"
        case unitCreated = "unit_created"
    }

    public var kind: Kind
    /// The task's number, for task and assignment changes.
    public var task: Int?
    /// The node's ordinal, for node changes.
    public var node: Int?
    /// The unit's code, for assignment changes and units created.
    public var unit: String?
    /// What it was and what it becomes (a title, a date, a role), when that says more than the kind.
    public var from: String?
    public var to: String?

    public init(_ kind: Kind, task: Int? = nil, node: Int? = nil, unit: String? = nil, from: String? = nil, to: String? = nil) {
        self.kind = kind
        self.task = task
        self.node = node
        self.unit = unit
        self.from = from
        self.to = to
    }

    /// The change as one line.
    public var text: LocalizedText {
        let t = task.map(String.init) ?? "?"
        let n = node.map(String.init) ?? "?"
        let u = unit ?? "?"
        let was = from ?? "", becomes = to ?? ""
        switch kind {
        case .planFacts:
            return .init(en: "the plan's facts change (issuer, document number, dates or lead time)", zh: "计划信息有变化（发文机关、文号、日期或提前天数）")
        case .taskCreated: return .init(en: "task \(t): new (\(becomes))", zh: "任务 \(t)：新增（\(becomes)）")
        case .taskUpdated:
            return was == becomes
                ? .init(en: "task \(t): changed (\(becomes))", zh: "任务 \(t)：内容有变化（\(becomes)）")
                : .init(en: "task \(t): title \(was) → \(becomes)", zh: "任务 \(t)：标题 \(was) → \(becomes)")
        case .taskClosed:
            return .init(en: "task \(t) (\(was)): not in this notice; it is closed, not deleted, and its reports are kept",
                         zh: "任务 \(t)（\(was)）：本通知中没有，将关闭而不删除，已有报告保留")
        case .taskReopened: return .init(en: "task \(t): closed; listed again, it is reopened", zh: "任务 \(t)：已关闭，本通知再次列出，将重新启用")
        case .nodeCreated: return .init(en: "node \(n): new → \(becomes)", zh: "节点 \(n)：新增 → \(becomes)")
        case .nodeMoved: return .init(en: "node \(n): \(was) → \(becomes)", zh: "节点 \(n)：\(was) → \(becomes)")
        case .nodeRemoved: return .init(en: "node \(n): \(was) removed", zh: "节点 \(n)：\(was) 删除")
        case .assignmentAdded: return .init(en: "task \(t): \(u) added (\(becomes))", zh: "任务 \(t)：新增 \(u)（\(becomes)）")
        case .assignmentChanged: return .init(en: "task \(t): \(u) \(was) → \(becomes)", zh: "任务 \(t)：\(u) \(was) → \(becomes)")
        case .assignmentRemoved: return .init(en: "task \(t): \(u) removed (was \(was))", zh: "任务 \(t)：移除 \(u)（原为 \(was)）")
        case .unitCreated: return .init(en: "unit \(u) created (\(becomes))", zh: "新建单位 \(u)（\(becomes)）")
        }
    }
}
