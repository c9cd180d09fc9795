import DubanCore
import DubanImport
import Foundation
import Hummingbird

/// Admins import a notice's plan and a unit roster through the API, as `duban-server import-plan` and
/// `import-units` do on the server's shell: the file is the request body, the options are query
/// parameters, and the work runs in one transaction scoped to the admin (row-level security lets only
/// admins write the plan, and every audit entry names the account).
struct AdminImportRoutes: Sendable {
    let database: AppDatabase
    /// When tasks the notice no longer lists are closed.
    let clock: ServerClock

    func register(on routes: APIRoutes) {
        routes.add(.post, "/v1/admin/plans/import", access: .roles([.admin]), maxBodyBytes: NoticeFile.maxFileBytes) {
            request, _, identity in
            let options = try PlanImportOptions(request.uri.queryParameters)
            let data = try await Self.body(of: request, limit: NoticeFile.maxFileBytes)
            return try await Self.answeringImportErrors { () async throws -> PlanImportResult in
                let source = try NoticeFile.readSource(data: data, name: options.name)
                let plan = try source.parse(options: try options.notice.applied(to: source.options))
                let importer = PlanImporter(createMissingUnits: options.createMissing,
                                            actor: AuditActor.admin("plan import", accountID: identity.accountID),
                                            mappings: options.mappings, clock: clock)
                if options.dryRun {
                    // Not a read-only transaction: the preview runs the import and rolls it back.
                    let preview = try await database.transaction(as: identity) { connection in
                        try await importer.preview(plan, inTransaction: connection)
                    }
                    return PlanImportResult(dryRun: true, preview: preview)
                }
                return try await database.transaction(as: identity) { connection in
                    let preview = try await importer.preview(plan, inTransaction: connection)
                    let summary = try await importer.importPlan(plan, sourceName: options.name, inTransaction: connection)
                    return PlanImportResult(dryRun: false, preview: preview, summary: PlanImportSummary(summary))
                }
            }
        }
        routes.add(.post, "/v1/admin/plans/carry-over", access: .roles([.admin])) { request, context, identity in
            let body = try await request.decodeStrict(CarryOverRequest.self, context: context)
            return EditedResponse(status: .created, response: try await CarryOverService(database: database).carryOver(body, identity: identity))
        }
        routes.add(.post, "/v1/admin/units/import", access: .roles([.admin]), maxBodyBytes: AdminImportLimit.rosterBytes) {
            request, _, identity in
            let dryRun = try PlanImportOptions.flag(request.uri.queryParameters, "dry_run")
            let data = try await Self.body(of: request, limit: AdminImportLimit.rosterBytes)
            return try await Self.answeringImportErrors { () async throws -> UnitImportResult in
                guard var text = String(data: data, encoding: .utf8) else { throw ImportError.notUTF8("roster.csv") }
                if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
                let importer = UnitRosterImporter(actor: AuditActor.admin("units import", accountID: identity.accountID))
                let summary = try await database.transaction(as: identity) { connection in
                    try await importer.importCSV(text, dryRun: dryRun, inTransaction: connection)
                }
                return UnitImportResult(dryRun: dryRun, created: summary.created, updated: summary.updated,
                                        unchanged: summary.unchanged)
            }
        }
    }

    /// The request's body, already read into memory by ``RequestBodyLimit``.
    static func body(of request: Request, limit: Int) async throws -> Data {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        return Data(buffer.readableBytesView)
    }

    /// Runs `body`, answering what the parser and the importers refuse with their code and sentences.
    static func answeringImportErrors<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as NoticeError {
            throw APIError(status: .unprocessableContent, code: error.code, message: Self.located(error.message, error.location))
        } catch let error as RosterError {
            // Its message names the line already.
            throw APIError(status: .unprocessableContent, code: error.code, message: error.message)
        } catch let error as ImportError {
            // Unknown units, taken names and removed tasks conflict with what is stored; the rest is the file.
            let conflicts: Set<String> = ["import.unknown_units", "import.name_taken", "import.alias_taken"]
            throw APIError(status: conflicts.contains(error.code) ? .conflict : .unprocessableContent,
                           code: error.code, message: error.message)
        }
    }

    /// The message with where it applies in front: "table row 4 (task 3): …".
    static func located(_ message: LocalizedText, _ location: String?) -> LocalizedText {
        guard let location else { return message }
        return LocalizedText(en: "\(location): \(message.en)", zh: "\(location)：\(message.zh)")
    }
}

extension PlanImportSummary {
    /// The importer's summary on the wire.
    public init(_ summary: PlanImporter.Summary) {
        self.init(planId: summary.planID, year: summary.year, title: summary.title, planCreated: summary.planCreated,
                  planUpdated: summary.planUpdated, tasksCreated: summary.tasksCreated, tasksUpdated: summary.tasksUpdated,
                  tasksUnchanged: summary.tasksUnchanged, tasksClosed: summary.tasksClosed, tasksReopened: summary.tasksReopened,
                  nodesCreated: summary.nodesCreated, nodesUpdated: summary.nodesUpdated,
                  nodesRemoved: summary.nodesRemoved, assignmentsAdded: summary.assignmentsAdded,
                  assignmentsUpdated: summary.assignmentsUpdated, assignmentsRemoved: summary.assignmentsRemoved,
                  indicatorsProposed: summary.indicatorsProposed,
                  unitsCreated: summary.unitsCreated.map { ImportedUnit(code: $0.code, name: $0.name, kind: $0.kind, parentCode: $0.parentCode) },
                  changed: summary.changed)
    }
}
