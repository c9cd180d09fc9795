import DubanCore
import Foundation

// The columns of the supervision workflow's listings: `duban supervise ...`, `duban extension list`,
// `duban circular list`.

/// One line of an extension listing: a request the server holds, or one still local (unsent or refused).
public struct ExtensionRow: Codable, Sendable, Equatable {
    public var id: UUID
    public var taskNumber: Int?
    public var unitCode: String
    public var nodeDate: LocalDate?
    public var scheduledDueDate: LocalDate?
    /// nil: an exemption was asked for.
    public var requestedDueDate: LocalDate?
    public var reason: String
    /// `requested`, `granted`, `exempted`, `refused`; for local ones `pending` (not yet sent) or `rejected`.
    public var state: String
    public var grantedDueDate: LocalDate?
    public var decisionNote: String?
    public var requestedAt: Date?
    public var decidedAt: Date?

    /// A request as the server holds it.
    public init(_ record: ExtensionRecord) {
        id = record.id
        taskNumber = record.taskNumber
        unitCode = record.unitCode
        nodeDate = record.nodeDate
        scheduledDueDate = record.scheduledDueDate
        requestedDueDate = record.requestedDueDate
        reason = record.reason
        state = record.state.rawValue
        grantedDueDate = record.grantedDueDate
        decisionNote = record.decisionNote
        requestedAt = record.requestedAt
        decidedAt = record.decidedAt
    }

    /// A request written here that the server has not stored.
    public init(_ local: LocalExtensionRequest, unitCode: String, reference: ReferenceData, language: Language) {
        id = local.payload.extensionId
        taskNumber = reference.tasks.first { $0.id == local.payload.taskId }?.number
        self.unitCode = unitCode
        let node = reference.nodes.first { $0.id == local.payload.nodeId }
        nodeDate = node?.nodeDate
        if let node, let role = DueDates.role(of: unitCode, on: local.payload.taskId, in: reference) {
            scheduledDueDate = role == .lead ? node.leadDueDate : node.responsibleDueDate
        }
        requestedDueDate = local.payload.requestedDueDate
        reason = local.payload.reason
        state = local.status == "rejected" ? "rejected" : "pending"
        decisionNote = local.rejection?.text(for: language)
        requestedAt = local.authoredAt
    }

    /// The first 8 hex digits of the id: how requests are shown.
    public var shortId: String { String(id.uuidString.lowercased().prefix(8)) }
}

extension Listing where Row == UnitStanding {
    /// `duban supervise overview`: one line per unit and task.
    public static let standings = Listing([
        Column("task", "任务", alignment: .right) { row, _ in String(row.taskNumber) },
        Column("unit", "单位代码") { row, _ in row.unitCode },
        Column("unit name", "单位名称") { row, style in style.abbreviates ? DisplayWidth.truncate(row.unitName, to: 16) : row.unitName },
        Column("role", "角色") { row, style in style.role(row.role) },
        Column("due", "截止日期") { row, style in
            row.extendedTo.map { "\($0) " + style.text(en: "(extended)", zh: "（已延期）") } ?? row.scheduledDueDate.description
        },
        Column("received", "接收时间") { row, style in style.time(row.firstReceivedAt) },
        Column("timeliness", "及时性") { row, style in
            row.timeliness.label(style.language) + (row.daysLate.map { style.text(en: " \($0) d", zh: " \($0) 天") } ?? "")
        },
        Column("review", "审核") { row, style in row.reviewState.map(style.reviewState) ?? "" },
        Column("percent", "进度%", alignment: .right) { row, style in row.percent.map(style.percent) ?? "" },
        Column("light", "状态灯") { row, style in style.light(row.light) },
        Column("urges", "催办", alignment: .right) { row, _ in row.urges == 0 ? "" : String(row.urges) },
        Column("order", "督办单") { row, style in row.openOrder?.label(style.language) ?? "" },
    ])
}

extension Listing where Row == TaskStanding {
    /// The tasks' lights under `duban supervise overview`.
    public static let taskLights = Listing([
        Column("task", "任务", alignment: .right) { row, _ in String(row.taskNumber) },
        Column("title", "任务名称") { row, style in style.abbreviates ? DisplayWidth.truncate(row.title, to: 30) : row.title },
        Column("light", "状态灯") { row, style in
            row.notApplicable ? style.text(en: "n/a", zh: "不涉及") : row.light.map(style.light) ?? ""
        },
        Column("reasons", "原因") { row, style in row.reasons.map(style.lightReason).joined(separator: ", ") },
        Column("target", "序时进度%", alignment: .right) { row, style in row.target.map(style.percent) ?? "" },
        Column("progress", "实际进度%", alignment: .right) { row, style in row.progress.map(style.percent) ?? "" },
        Column("lead", "牵头单位") { row, _ in row.leadUnitCodes.joined(separator: ", ") },
    ])
}

extension Listing where Row == UrgeRecord {
    public static let urges = Listing([
        Column("id", "编号", alignment: .right) { row, _ in String(row.id) },
        Column("urged", "催办时间") { row, style in style.time(row.createdAt) },
        Column("task", "任务", alignment: .right) { row, _ in String(row.taskNumber) },
        Column("unit", "单位") { row, _ in row.unitCode },
        Column("node", "节点") { row, _ in row.nodeDate.description },
        Column("timeliness", "及时性") { row, style in row.timeliness.label(style.language) },
        Column("by", "催办人") { row, _ in row.urgedBy },
        Column("message", "内容") { row, style in
            style.abbreviates ? DisplayWidth.truncate(TextTable.oneLine(row.message), to: 40) : row.message
        },
    ])
}

extension Listing where Row == SupervisionOrderRecord {
    public static let orders = Listing([
        Column("id", "编号", alignment: .right) { row, _ in String(row.id) },
        Column("task", "任务", alignment: .right) { row, _ in String(row.taskNumber) },
        Column("unit", "单位") { row, _ in row.unitCode },
        Column("grade", "等级") { row, style in row.grade.label(style.language) },
        Column("state", "状态") { row, style in style.orderState(row.state) },
        Column("since", "最近变更") { row, style in style.time(row.history.last?.at) },
        Column("note", "说明") { row, style in
            let note = row.history.last?.note ?? ""
            return style.abbreviates ? DisplayWidth.truncate(TextTable.oneLine(note), to: 40) : note
        },
    ])
}

extension Listing where Row == ExtensionRow {
    public static let extensions = Listing([
        Column("id", "编号") { row, style in style.abbreviates ? row.shortId : row.id.uuidString.lowercased() },
        Column("task", "任务", alignment: .right) { row, _ in row.taskNumber.map(String.init) ?? "" },
        Column("unit", "单位") { row, _ in row.unitCode },
        Column("node", "节点") { row, _ in row.nodeDate?.description ?? "" },
        Column("due", "原截止日期") { row, _ in row.scheduledDueDate?.description ?? "" },
        Column("asked", "申请") { row, style in
            row.requestedDueDate.map { style.text(en: "until \($0)", zh: "延至 \($0)") } ?? style.text(en: "exemption", zh: "豁免")
        },
        Column("state", "状态") { row, style in style.extensionState(row.state) },
        Column("granted", "批准截止日期") { row, _ in row.grantedDueDate?.description ?? "" },
        Column("reason", "理由") { row, style in
            style.abbreviates ? DisplayWidth.truncate(TextTable.oneLine(row.reason), to: 30) : row.reason
        },
        Column("note", "答复") { row, style in
            let note = row.decisionNote ?? ""
            return style.abbreviates ? DisplayWidth.truncate(TextTable.oneLine(note), to: 30) : note
        },
        Column("asked at", "申请时间") { row, style in style.time(row.requestedAt) },
    ])
}

extension Listing where Row == InspectionRecord {
    public static let inspections = Listing([
        Column("id", "编号", alignment: .right) { row, _ in String(row.id) },
        Column("date", "日期") { row, _ in row.inspectedOn.description },
        Column("kind", "方式") { row, style in style.inspectionKind(row.kind) },
        Column("task", "任务", alignment: .right) { row, _ in String(row.taskNumber) },
        Column("unit", "单位") { row, _ in row.unitCode },
        Column("inspectors", "督查人员") { row, _ in row.inspectors.joined(separator: ", ") },
        Column("state", "状态") { row, style in style.inspectionState(row.state) },
        Column("rectify by", "整改期限") { row, _ in row.rectificationDue?.description ?? "" },
        Column("findings", "发现问题") { row, style in
            style.abbreviates ? DisplayWidth.truncate(TextTable.oneLine(row.findings), to: 30) : row.findings
        },
        Column("rectification", "整改要求") { row, style in
            let text = row.rectification ?? ""
            return style.abbreviates ? DisplayWidth.truncate(TextTable.oneLine(text), to: 30) : text
        },
    ])
}

extension Listing where Row == CircularRecord {
    public static let circulars = Listing([
        Column("id", "编号", alignment: .right) { row, _ in String(row.id) },
        Column("number", "文号") { row, _ in row.documentNumber ?? "" },
        Column("node", "节点") { row, _ in row.nodeDate.description },
        Column("state", "状态") { row, style in style.circularState(row.state) },
        Column("issued", "印发时间") { row, style in style.time(row.issuedAt) },
        Column("title", "标题") { row, style in style.abbreviates ? DisplayWidth.truncate(TextTable.oneLine(row.title), to: 40) : row.title },
    ])
}

extension Presentation {
    /// A percentage for a table: one decimal at most (25.4); CSV keeps every digit.
    public func percent(_ value: Double) -> String {
        abbreviates ? Presentation.number((value * 10).rounded() / 10) : Presentation.number(value)
    }

    public func light(_ light: StatusLight) -> String {
        switch light {
        case .green: text(en: "green", zh: "绿灯")
        case .yellow: text(en: "yellow", zh: "黄灯")
        case .red: text(en: "red", zh: "红灯")
        }
    }

    public func lightReason(_ reason: StatusLightEvaluation.Reason) -> String {
        switch reason {
        case .behind: text(en: "behind", zh: "滞后")
        case .farBehind: text(en: "far behind", zh: "严重滞后")
        case .late: text(en: "late", zh: "逾期报送")
        case .missing: text(en: "missing", zh: "未报送")
        case .caughtUp: text(en: "caught up", zh: "已追赶")
        }
    }

    public func orderState(_ state: OrderState) -> String {
        switch state {
        case .open: text(en: "open", zh: "督办中")
        case .closed: text(en: "closed", zh: "已销号")
        }
    }

    public func extensionState(_ state: String) -> String {
        switch state {
        case "requested": text(en: "requested", zh: "待审批")
        case "granted": text(en: "granted", zh: "已批准")
        case "exempted": text(en: "exempted", zh: "已豁免")
        case "refused": text(en: "refused", zh: "未批准")
        case "pending": text(en: "not yet sent", zh: "待发送")
        case "rejected": text(en: "rejected", zh: "被拒")
        default: state
        }
    }

    public func inspectionKind(_ kind: InspectionKind) -> String {
        switch kind {
        case .online: text(en: "online", zh: "线上")
        case .onSite: text(en: "on site", zh: "实地")
        }
    }

    public func inspectionState(_ state: InspectionState) -> String {
        switch state {
        case .rectifying: text(en: "rectifying", zh: "整改中")
        case .closed: text(en: "closed", zh: "已销号")
        }
    }

    public func circularState(_ state: CircularState) -> String {
        switch state {
        case .draft: text(en: "draft", zh: "草稿")
        case .issued: text(en: "issued", zh: "已印发")
        }
    }
}
