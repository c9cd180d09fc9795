import DubanCore
import Foundation
import Postgres

/// Units: the list everyone signed in reads; an admin adds and disables units. Each change is audited.
struct UnitService: Sendable {
    let database: AppDatabase

    func list(identity: Identity) async throws -> UnitList {
        try await database.transaction(as: identity) { UnitList(units: try await AccountQueries.units(on: $0)) }
    }

    func disable(code: String, by identity: Identity) async throws -> UnitInfo {
        try await database.transaction(as: identity) { connection in
            let updated = try await connection.execute("UPDATE duban.units SET active = false, updated_at = now() WHERE code = \(code)")
            guard updated == 1 else { throw DomainError.unitNotFound(code) }
            try await AppDatabase.audit("unit.disable", entityType: "unit", entityID: code, on: connection)
            return try await AccountQueries.units(on: connection, code: code)[0]
        }
    }

    func create(_ body: CreateUnitRequest, by identity: Identity) async throws -> UnitInfo {
        guard Validation.isUnitCode(body.code) else {
            throw DomainError.invalid("unit.bad_code", en: "a unit code has 1 to 64 characters: letters, digits, '.', '_' or '-'",
                                   zh: "单位代码须为 1 至 64 个字符：字母、数字、“.”、“_”或“-”")
        }
        let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...TextLimit.unitName).contains(TextLimit.length(name)) else {
            throw DomainError.invalid("unit.bad_name", en: "a unit name has 1 to 200 characters", zh: "单位名称须为 1 至 200 个字符")
        }
        let aliases = (body.aliases ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard aliases.count <= 50, aliases.allSatisfy({ TextLimit.length($0) <= TextLimit.unitName }) else {
            throw DomainError.invalid("unit.bad_alias", en: "a unit has at most 50 aliases of at most 200 characters each",
                                   zh: "单位别名最多 50 个，每个不超过 200 个字符")
        }
        return try await database.transaction(as: identity) { connection in
            var parentID: Int64?
            if let parent = body.parentCode {
                guard let row = try await connection.query("SELECT id FROM duban.units WHERE code = \(parent)").first else {
                    throw DomainError.unitNotFound(parent)
                }
                parentID = try row.decode(Int64.self, at: 0)
            }
            let taken = try await connection.query("""
                SELECT 1 FROM duban.units WHERE code = \(body.code) OR name = \(name) OR name = ANY(\(aliases))
                UNION ALL SELECT 1 FROM duban.unit_aliases WHERE alias = \(name) OR alias = ANY(\(aliases))
                """)
            guard taken.isEmpty else {
                throw DomainError.refused("unit.taken", en: "a unit with this code, name or alias exists", zh: "已有相同代码、名称或别名的单位")
            }
            let id = try await connection.query("""
                INSERT INTO duban.units (code, name, kind, parent_id) VALUES (\(body.code), \(name), \(body.kind.rawValue), \(parentID))
                RETURNING id
                """)[0].decode(Int64.self, at: 0)
            for alias in Set(aliases) {
                try await connection.execute("INSERT INTO duban.unit_aliases (alias, unit_id) VALUES (\(alias), \(id))")
            }
            try await AppDatabase.audit("unit.create", entityType: "unit", entityID: body.code,
                                        detail: ["name": name, "kind": body.kind.rawValue], on: connection)
            return try await AccountQueries.units(on: connection, code: body.code)[0]
        }
    }
}
