import DubanCore
import Foundation

// The columns of each kind of thing the CLI lists. JSON output is the API body itself; these
// decide the table and the CSV.

extension Listing where Row == AccountInfo {
    public static let accounts = Listing([
        Column("login", "登录名") { account, _ in account.login },
        Column("name", "姓名") { account, _ in account.displayName },
        Column("role", "角色") { account, _ in account.role.rawValue },
        Column("unit", "单位代码") { account, _ in account.unitCode },
        Column("unit name", "单位名称") { account, _ in account.unitName },
        Column("status", "状态") { account, style in
            account.disabled ? style.text(en: "disabled", zh: "已停用") : style.text(en: "active", zh: "启用")
        },
        Column("must change password", "须改密码") { account, style in style.yesNo(account.mustChangePassword) },
        Column("last sign-in", "最近登录") { account, style in style.time(account.lastSignInAt) },
        Column("created", "创建时间") { account, style in style.time(account.createdAt) },
        Column("created by", "创建人") { account, _ in account.createdBy ?? "" },
        Column("password reset", "重置密码时间") { account, style in style.time(account.passwordResetAt) },
        Column("reset by", "重置人") { account, _ in account.passwordResetBy ?? "" },
    ])
}

extension Listing where Row == UnitInfo {
    public static let units = Listing([
        Column("code", "代码") { unit, _ in unit.code },
        Column("name", "名称") { unit, _ in unit.name },
        Column("kind", "类别") { unit, _ in unit.kind.rawValue },
        Column("parent", "上级") { unit, _ in unit.parentCode ?? "" },
        // `|` as in the roster CSV, so a listing can be edited and imported again.
        Column("aliases", "别名") { unit, _ in unit.aliases.joined(separator: "|") },
        Column("status", "状态") { unit, style in
            unit.active ? style.text(en: "active", zh: "启用") : style.text(en: "disabled", zh: "已停用")
        },
    ])
}

extension Listing where Row == AuditEntry {
    public static let audit = Listing([
        Column("id", "编号", alignment: .right) { entry, _ in String(entry.id) },
        Column("seq", "链序号", alignment: .right) { entry, _ in entry.seq.map(String.init) ?? "" },
        Column("received", "接收时间") { entry, style in style.time(entry.receivedAt) },
        Column("account", "账号") { entry, _ in entry.accountLogin ?? "" },
        Column("unit", "单位") { entry, _ in entry.unitCode ?? "" },
        Column("device", "设备") { entry, style in
            let id = entry.deviceId?.uuidString.lowercased() ?? ""
            return style.abbreviates ? String(id.prefix(8)) : id
        },
        Column("action", "操作") { entry, _ in entry.action },
        Column("entity", "对象类型") { entry, _ in entry.entityType },
        Column("entity id", "对象编号") { entry, _ in entry.entityId ?? "" },
        Column("detail", "详情") { entry, style in
            style.abbreviates ? DisplayWidth.truncate(entry.detail, to: 60) : entry.detail
        },
    ])
}

extension Listing where Row == AssignmentInfo {
    public static let assignments = Listing([
        Column("year", "年度") { assignment, _ in String(assignment.planYear) },
        Column("task", "任务", alignment: .right) { assignment, _ in String(assignment.taskNumber) },
        Column("title", "任务名称") { assignment, _ in assignment.taskTitle },
        Column("unit", "单位代码") { assignment, _ in assignment.unitCode },
        Column("unit name", "单位名称") { assignment, _ in assignment.unitName },
        Column("role", "角色") { assignment, style in
            switch assignment.role {
            case .lead: style.text(en: "lead", zh: "牵头")
            case .responsible: style.text(en: "responsible", zh: "责任")
            }
        },
        Column("written as", "原文") { assignment, _ in assignment.writtenAs },
    ])
}

extension Listing where Row == MeResponse {
    /// `duban whoami`.
    public static let me = Listing([
        Column("login", "登录名") { me, _ in me.account.login },
        Column("name", "姓名") { me, _ in me.account.displayName },
        Column("role", "角色") { me, _ in me.account.role.rawValue },
        Column("unit", "单位代码") { me, _ in me.account.unitCode },
        Column("unit name", "单位名称") { me, _ in me.account.unitName },
        Column("must change password", "须改密码") { me, style in style.yesNo(me.account.mustChangePassword) },
        Column("device", "设备") { me, _ in me.session.deviceId.uuidString.lowercased() },
        Column("device name", "设备名称") { me, _ in me.session.deviceName ?? "" },
        Column("signed in", "登录时间") { me, style in style.time(me.session.createdAt) },
        Column("session expires", "会话到期") { me, style in style.time(me.session.expiresAt) },
    ])
}
