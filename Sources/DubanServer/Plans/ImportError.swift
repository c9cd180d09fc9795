import DubanCore
import DubanImport

/// Why an import (unit roster or plan) was refused. Nothing was written when this is thrown.
public struct ImportError: Error, CustomStringConvertible, Sendable {
    /// A stable, machine-readable code such as `import.unknown_units`.
    public var code: String
    /// What went wrong, in English and Chinese.
    public var message: LocalizedText
    /// Unit names in the notice that match no unit of the roster (for `import.unknown_units`).
    public var unknownUnits: [UnresolvedUnitName] = []

    public var description: String { message.en }

    static func unknownUnits(_ names: [UnresolvedUnitName]) -> Self {
        // One entry per name, with the tasks that use it: "区海事局 (tasks 1, 4)".
        var order: [String] = []
        var tasks: [String: [Int]] = [:]
        for item in names {
            if tasks[item.name] == nil { order.append(item.name) }
            if tasks[item.name]?.contains(item.taskNumber) != true { tasks[item.name, default: []].append(item.taskNumber) }
        }
        let list = order.map { "\($0) (task \(tasks[$0]!.map(String.init).joined(separator: ", ")))" }.joined(separator: "; ")
        let listZh = order.map { "\($0)（第\(tasks[$0]!.map(String.init).joined(separator: "、"))项）" }.joined(separator: "；")
        var error = ImportError(
            code: "import.unknown_units",
            message: .init(
                en: "\(order.count) unit name(s) in the notice match no unit of the roster: \(list). Nothing was imported. Add them to the roster (duban-server import-units), say which units a name stands for with --map \"NAME=CODE,CODE\", or pass --create-missing (never for group terms such as 各相关单位); --dry-run shows the nearest roster names",
                zh: "通知中有 \(order.count) 个单位名称在单位名册中找不到：\(listZh)。未导入任何内容。请先补充单位名册（duban-server import-units），或用 --map \"名称=单位代码,单位代码\" 指定其所指单位，或使用 --create-missing（“各相关单位”等泛指名称不会新建）；--dry-run 可列出名册中最接近的名称"))
        error.unknownUnits = names
        return error
    }

    /// `import.bad_mapping`: a `--map` names codes the roster lacks.
    public static func badMapping(_ name: String, unknownCodes: [String]) -> Self {
        .init(code: "import.bad_mapping",
              message: .init(en: "--map \(name)=… names unit code(s) the roster lacks: \(unknownCodes.joined(separator: ", ")) (expected codes from duban admin units list)",
                             zh: "--map \(name)=… 中的单位代码在名册中不存在：\(unknownCodes.joined(separator: "、"))（应为 duban admin units list 所列代码）"))
    }

    static func reservedNumbers(_ numbers: [Int]) -> Self {
        let list = numbers.map(String.init).joined(separator: ", ")
        return .init(code: "import.reserved_number",
                     message: .init(en: "task number(s) \(list) are \(CarryOverRule.firstNumber) or more, which are kept for tasks carried over from an earlier year; renumber the notice's tasks",
                                    zh: "任务序号 \(list) 不小于 \(CarryOverRule.firstNumber)，该范围留给上年度结转的任务；请为通知中的任务重新编号"))
    }

    static func badTimeZone(_ zone: String) -> Self {
        .init(code: "import.bad_time_zone",
              message: .init(en: "unknown time zone \(zone) (expected an IANA name such as Asia/Shanghai)",
                             zh: "未知时区 \(zone)（应为 IANA 时区名，如 Asia/Shanghai）"))
    }

    static func aliasTaken(_ alias: String, by other: String) -> Self {
        .init(code: "import.alias_taken",
              message: .init(en: "alias \(alias) already names unit \(other)",
                             zh: "别名“\(alias)”已用于单位 \(other)"))
    }

    static func nameTaken(_ name: String, by other: String) -> Self {
        .init(code: "import.name_taken",
              message: .init(en: "unit name \(name) is already used by unit \(other)",
                             zh: "单位名称“\(name)”已被单位 \(other) 使用"))
    }

    static func unreadable(_ path: String, _ reason: String) -> Self {
        .init(code: "import.unreadable",
              message: .init(en: "cannot read \(path): \(reason)", zh: "无法读取 \(path)：\(reason)"))
    }

    static func notUTF8(_ path: String) -> Self {
        .init(code: "import.not_utf8",
              message: .init(en: "\(path) is neither a .docx file nor UTF-8 text",
                             zh: "\(path) 既不是 .docx 文件，也不是 UTF-8 文本"))
    }
}
