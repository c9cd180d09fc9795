import Foundation
import DubanCore

/// Why migrations could not be loaded or applied.
public struct MigrationError: Error, CustomStringConvertible, Sendable {
    /// A stable, machine-readable code such as `migration.checksum_mismatch`.
    public var code: String
    /// What went wrong, in English and Chinese.
    public var message: LocalizedText

    public var description: String { message.en }

    static func directoryMissing(_ path: String) -> Self {
        .init(code: "migration.directory_missing",
              message: .init(en: "migrations folder not found: \(path) (set --migrations or DUBAN_MIGRATIONS_DIR)",
                             zh: "找不到迁移文件目录：\(path)（请用 --migrations 或 DUBAN_MIGRATIONS_DIR 指定）"))
    }

    static func badFileName(_ file: String) -> Self {
        .init(code: "migration.bad_file_name",
              message: .init(en: "migration file \(file) must be named NNNN_name.sql",
                             zh: "迁移文件 \(file) 的名称应为 NNNN_名称.sql"))
    }

    static func notUTF8(_ file: String) -> Self {
        .init(code: "migration.not_utf8",
              message: .init(en: "migration file \(file) is not UTF-8", zh: "迁移文件 \(file) 不是 UTF-8 编码"))
    }

    static func duplicateVersion(_ version: Int, _ first: String, _ second: String) -> Self {
        .init(code: "migration.duplicate_version",
              message: .init(en: "migrations \(first) and \(second) share version \(version)",
                             zh: "迁移文件 \(first) 与 \(second) 的版本号 \(version) 重复"))
    }

    static func checksumMismatch(_ version: Int, _ name: String) -> Self {
        .init(code: "migration.checksum_mismatch",
              message: .init(en: "migration \(String(format: "%04d", version))_\(name).sql was changed after it was applied; add a new migration instead",
                             zh: "迁移 \(String(format: "%04d", version))_\(name).sql 在执行后被修改；请新增迁移文件，不要改动已执行的文件"))
    }

    static func unknownApplied(_ versions: [Int]) -> Self {
        let list = versions.map(String.init).joined(separator: ", ")
        return .init(code: "migration.unknown_applied",
                     message: .init(en: "the database has migrations this build does not know (\(list)): it is newer than this server",
                                    zh: "数据库中有本程序不认识的迁移（\(list)）：数据库版本比本服务新"))
    }

    static func failed(_ version: Int, _ name: String, _ reason: String) -> Self {
        .init(code: "migration.failed",
              message: .init(en: "migration \(String(format: "%04d", version))_\(name).sql failed: \(reason)",
                             zh: "迁移 \(String(format: "%04d", version))_\(name).sql 执行失败：\(reason)"))
    }

    static func objectsDirectoryMissing(_ path: String) -> Self {
        .init(code: "migration.objects_missing",
              message: .init(en: "object folder not found: \(path) (it sits beside the migrations folder; install SQL/objects with SQL/migrations)",
                             zh: "找不到对象文件目录：\(path)（应与迁移文件目录并列；请将 SQL/objects 与 SQL/migrations 一并安装）"))
    }

    static func badObjectFileName(_ file: String) -> Self {
        .init(code: "migration.bad_object_file_name",
              message: .init(en: "object file \(file) must be named schema.object.sql (lower-case identifiers)",
                             zh: "对象文件 \(file) 的名称应为 模式.对象名.sql（小写标识符）"))
    }

    static func unknownRequirement(_ object: String, _ requirement: String) -> Self {
        .init(code: "migration.unknown_requirement",
              message: .init(en: "object file \(object).sql requires \(requirement), which is no object file",
                             zh: "对象文件 \(object).sql 依赖的 \(requirement) 不是对象文件"))
    }

    static func requirementCycle(_ objects: [String]) -> Self {
        let list = objects.joined(separator: ", ")
        return .init(code: "migration.requirement_cycle",
                     message: .init(en: "the object files \(list) require each other in a cycle",
                                    zh: "对象文件 \(list) 之间存在循环依赖"))
    }

    static func objectFailed(_ object: String, _ reason: String) -> Self {
        .init(code: "migration.object_failed",
              message: .init(en: "object file \(object).sql failed: \(reason)",
                             zh: "对象文件 \(object).sql 执行失败：\(reason)"))
    }
}
