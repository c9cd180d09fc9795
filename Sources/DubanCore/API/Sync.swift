import Foundation

// `POST /v1/sync`: the client pushes its outbox and pulls what changed. See DESIGN.md, "Sync protocol".

/// The protocol spoken by this build. A server refuses other versions with `sync.bad_protocol`.
public enum SyncProtocol {
    public static let version = 1
    /// The largest number of mutations one request may carry.
    public static let maxMutations = 500
    /// The largest payload one mutation may carry, in UTF-8 bytes (a long Chinese report reaches it
    /// before its text limit: 3 bytes a character).
    public static let maxPayloadBytes = 256 * 1024
    /// The largest number of changes one answer carries (`has_more` tells when there are more).
    public static let maxPageSize = 1000
}

/// What a client sends.
public struct SyncRequest: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    /// Must be the device the token was issued to.
    public var deviceId: UUID
    /// The epoch the client's cursor belongs to; nil on the first sync.
    public var epoch: String?
    /// The last change number the client holds (0: nothing yet).
    public var cursor: Int64
    /// The reference-data version the client holds; nil asks for it.
    public var referenceVersion: Int64?
    /// Pending mutations, in the order the client made them.
    public var mutations: [MutationEnvelope]
    /// How many changes to return at most (default and maximum `SyncProtocol.maxPageSize`).
    public var pageSize: Int?

    public init(protocolVersion: Int = SyncProtocol.version, deviceId: UUID, epoch: String?, cursor: Int64,
                referenceVersion: Int64?, mutations: [MutationEnvelope], pageSize: Int? = nil) {
        self.protocolVersion = protocolVersion
        self.deviceId = deviceId
        self.epoch = epoch
        self.cursor = cursor
        self.referenceVersion = referenceVersion
        self.mutations = mutations
        self.pageSize = pageSize
    }
}

/// One change a client made offline.
public struct MutationEnvelope: Codable, Sendable, Equatable {
    /// Made by the client once; a replay with the same id and payload gets the first answer again.
    public var id: UUID
    /// The device's own running number for its mutations.
    public var deviceSeq: Int64
    /// What it does: `report.write`.
    public var kind: String
    /// The version of the entity the client edited (0: a new one).
    public var baseVersion: Int
    /// The payload as JSON text; its exact UTF-8 bytes are what `payload_sha256` covers.
    public var payload: String
    public var payloadSha256: String
    /// The client's clock when the user wrote it: kept and shown, never used for deadlines.
    public var authoredAt: Date

    public init(id: UUID, deviceSeq: Int64, kind: String, baseVersion: Int, payload: String, payloadSha256: String,
                authoredAt: Date) {
        self.id = id
        self.deviceSeq = deviceSeq
        self.kind = kind
        self.baseVersion = baseVersion
        self.payload = payload
        self.payloadSha256 = payloadSha256
        self.authoredAt = authoredAt
    }
}

/// How the server answered one mutation.
public enum MutationStatus: String, Codable, Sendable {
    /// Stored as a new version.
    case applied
    /// Seen before with the same payload: the first answer again.
    case duplicate
    /// Stored, but as a revision in conflict: the base version was stale. `serverVersion` is the newest.
    case conflict
    /// Not stored: `code` and `message` say why. Retrying the same payload gives the same answer.
    case rejected
}

/// The answer to one mutation.
public struct MutationResult: Codable, Sendable, Equatable {
    public var id: UUID
    public var status: MutationStatus
    /// The report the mutation wrote to (may differ from the client's id when another device of the
    /// unit created the same task/node report first: the client adopts this id).
    public var reportId: UUID?
    /// The revision this mutation became.
    public var version: Int?
    /// The report's newest version after this mutation (for `conflict`: what to resolve against).
    public var serverVersion: Int?
    public var code: String?
    public var message: String?
    public var messageZh: String?

    public init(id: UUID, status: MutationStatus, reportId: UUID? = nil, version: Int? = nil, serverVersion: Int? = nil,
                code: String? = nil, message: String? = nil, messageZh: String? = nil) {
        self.id = id
        self.status = status
        self.reportId = reportId
        self.version = version
        self.serverVersion = serverVersion
        self.code = code
        self.message = message
        self.messageZh = messageZh
    }
}

/// One revision of a report, as the change feed carries it.
public struct ReportRevisionRecord: Codable, Sendable, Equatable {
    public var reportId: UUID
    public var taskId: Int64
    public var unitCode: String
    public var nodeId: Int64
    public var revision: Int
    public var baseVersion: Int
    public var inConflict: Bool
    public var text: String
    public var quantities: [String: Double]
    public var percent: Double?
    /// SHA-256 (hex) of the evidence files.
    public var evidence: [String]?
    public var authoredAt: Date
    public var receivedAt: Date
    public var accountLogin: String
    public var deviceId: UUID
    /// The report's state after this revision.
    public var reportVersion: Int
    public var headRevision: Int
    public var openConflicts: Int
    /// The lead unit's summary for the public page, if it wrote one.
    public var publicSummary: String?
    /// Difficulties needing coordination, as the unit wrote them.
    public var difficulties: String?

    public init(reportId: UUID, taskId: Int64, unitCode: String, nodeId: Int64, revision: Int, baseVersion: Int,
                inConflict: Bool, text: String, quantities: [String: Double], percent: Double?, evidence: [String]? = nil,
                authoredAt: Date,
                receivedAt: Date, accountLogin: String, deviceId: UUID, reportVersion: Int, headRevision: Int,
                openConflicts: Int, publicSummary: String? = nil, difficulties: String? = nil) {
        self.reportId = reportId
        self.taskId = taskId
        self.unitCode = unitCode
        self.nodeId = nodeId
        self.revision = revision
        self.baseVersion = baseVersion
        self.inConflict = inConflict
        self.text = text
        self.quantities = quantities
        self.percent = percent
        self.evidence = evidence
        self.authoredAt = authoredAt
        self.receivedAt = receivedAt
        self.accountLogin = accountLogin
        self.deviceId = deviceId
        self.reportVersion = reportVersion
        self.headRevision = headRevision
        self.openConflicts = openConflicts
        self.publicSummary = publicSummary
        self.difficulties = difficulties
    }
}

/// One entry of the change feed.
public struct ChangeRecord: Codable, Sendable, Equatable {
    public var seq: Int64
    /// `report_revision`, `report_review`, `urge`, `supervision_order`, `extension`, `circular` or
    /// `inspection`; a client skips kinds it does not know.
    public var entityType: String
    public var entityId: String
    public var reportRevision: ReportRevisionRecord?
    /// For `report_review`: a lead unit's (or, on a lead unit's report, the supervision office's) decision.
    public var reportReview: ReviewRecord?
    /// For `urge`: the supervision office urged a unit.
    public var urge: UrgeRecord?
    /// For `supervision_order`: an order's whole state and history after the change.
    public var supervisionOrder: SupervisionOrderRecord?
    /// For `extension`: a request for more time and its decision.
    public var `extension`: ExtensionRecord?
    /// For `circular`: an issued circular (drafts never reach the feed).
    public var circular: CircularRecord?
    /// For `inspection`: an inspection and its rectification history.
    public var inspection: InspectionRecord?
    /// For `assessment`: a lead unit's year-end sheet for a responsible unit (seen by the lead and the office).
    public var assessment: AssessmentRecord?

    public init(seq: Int64, entityType: String, entityId: String, reportRevision: ReportRevisionRecord? = nil,
                reportReview: ReviewRecord? = nil, urge: UrgeRecord? = nil, supervisionOrder: SupervisionOrderRecord? = nil,
                extension: ExtensionRecord? = nil, circular: CircularRecord? = nil, inspection: InspectionRecord? = nil,
                assessment: AssessmentRecord? = nil) {
        self.seq = seq
        self.entityType = entityType
        self.entityId = entityId
        self.reportRevision = reportRevision
        self.reportReview = reportReview
        self.urge = urge
        self.supervisionOrder = supervisionOrder
        self.extension = `extension`
        self.circular = circular
        self.inspection = inspection
        self.assessment = assessment
    }
}

/// The plan data a client needs offline: units, plans, nodes, tasks and the assignments it may see.
public struct ReferenceData: Codable, Sendable, Equatable {
    public struct Plan: Codable, Sendable, Equatable {
        public var id: Int64
        public var year: Int
        public var title: String
        public var timeZone: String
        public var responsibleLeadDays: Int
        /// The plan's tolerances for the progress light (nil from an older server: the defaults).
        public var progressRule: ProgressLightRule?

        public init(id: Int64, year: Int, title: String, timeZone: String, responsibleLeadDays: Int,
                    progressRule: ProgressLightRule? = nil) {
            self.id = id
            self.year = year
            self.title = title
            self.timeZone = timeZone
            self.responsibleLeadDays = responsibleLeadDays
            self.progressRule = progressRule
        }
    }

    public struct Node: Codable, Sendable, Equatable {
        public var id: Int64
        public var planId: Int64
        public var ordinal: Int
        public var nodeDate: LocalDate
        public var leadDueDate: LocalDate
        public var responsibleDueDate: LocalDate

        public init(id: Int64, planId: Int64, ordinal: Int, nodeDate: LocalDate, leadDueDate: LocalDate, responsibleDueDate: LocalDate) {
            self.id = id
            self.planId = planId
            self.ordinal = ordinal
            self.nodeDate = nodeDate
            self.leadDueDate = leadDueDate
            self.responsibleDueDate = responsibleDueDate
        }
    }

    public struct Task: Codable, Sendable, Equatable {
        public var id: Int64
        public var planId: Int64
        public var number: Int
        public var title: String
        public var content: String
        public var completionStandard: String
        public var notApplicable: Bool
        public var districtLeadWritten: String
        public var districtResponsibleWritten: String
        /// The day (in the plan's time zone) a corrected notice stopped listing it; nil while open.
        /// A closed task takes no report.
        public var closedOn: LocalDate?
        /// The task of an earlier plan this one carries over (``CarryOverRule``); its history is that task's.
        public var carriedFromTaskId: Int64?

        public init(id: Int64, planId: Int64, number: Int, title: String, content: String, completionStandard: String, notApplicable: Bool, districtLeadWritten: String, districtResponsibleWritten: String,
                    closedOn: LocalDate? = nil, carriedFromTaskId: Int64? = nil) {
            self.closedOn = closedOn
            self.carriedFromTaskId = carriedFromTaskId
            self.id = id
            self.planId = planId
            self.number = number
            self.title = title
            self.content = content
            self.completionStandard = completionStandard
            self.notApplicable = notApplicable
            self.districtLeadWritten = districtLeadWritten
            self.districtResponsibleWritten = districtResponsibleWritten
        }
    }

    public struct Assignment: Codable, Sendable, Equatable {
        public var taskId: Int64
        public var unitCode: String
        public var role: AssignmentRole

        public init(taskId: Int64, unitCode: String, role: AssignmentRole) {
            self.taskId = taskId
            self.unitCode = unitCode
            self.role = role
        }
    }

    public var units: [UnitInfo]
    public var plans: [Plan]
    public var nodes: [Node]
    public var tasks: [Task]
    public var assignments: [Assignment]
    /// The tasks' indicators with their targets and splits (confirmed and proposed).
    public var indicators: [Indicator]
    /// The implementation plans the caller may see: a lead unit its own with their history, a
    /// responsible unit the accepted revision of the tasks it serves, the office and oversight all.
    public var implementationPlans: [ImplementationPlanRecord]

    public init(units: [UnitInfo], plans: [Plan], nodes: [Node], tasks: [Task], assignments: [Assignment],
                indicators: [Indicator] = [], implementationPlans: [ImplementationPlanRecord] = []) {
        self.units = units
        self.plans = plans
        self.nodes = nodes
        self.tasks = tasks
        self.assignments = assignments
        self.indicators = indicators
        self.implementationPlans = implementationPlans
    }

    private enum CodingKeys: String, CodingKey {
        case units, plans, nodes, tasks, assignments, indicators, implementationPlans
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        units = try container.decode([UnitInfo].self, forKey: .units)
        plans = try container.decode([Plan].self, forKey: .plans)
        nodes = try container.decode([Node].self, forKey: .nodes)
        tasks = try container.decode([Task].self, forKey: .tasks)
        assignments = try container.decode([Assignment].self, forKey: .assignments)
        // An older server sends neither.
        indicators = try container.decodeIfPresent([Indicator].self, forKey: .indicators) ?? []
        implementationPlans = try container.decodeIfPresent([ImplementationPlanRecord].self, forKey: .implementationPlans) ?? []
    }
}

/// What the server answers.
public struct SyncResponse: Codable, Sendable, Equatable {
    public var epoch: String
    /// True when the client's epoch or cursor does not belong to this server's data: the changes
    /// start from zero and the client should re-send what it sent recently.
    public var epochChanged: Bool
    public var results: [MutationResult]
    public var changes: [ChangeRecord]
    /// Store this; send it next time.
    public var cursor: Int64
    public var hasMore: Bool
    public var referenceVersion: Int64
    /// Present when the client's reference version is not current.
    public var reference: ReferenceData?
    /// The server's clock, so the client can measure its own skew.
    public var serverTime: Date

    public init(epoch: String, epochChanged: Bool, results: [MutationResult], changes: [ChangeRecord], cursor: Int64,
                hasMore: Bool, referenceVersion: Int64, reference: ReferenceData?, serverTime: Date) {
        self.epoch = epoch
        self.epochChanged = epochChanged
        self.results = results
        self.changes = changes
        self.cursor = cursor
        self.hasMore = hasMore
        self.referenceVersion = referenceVersion
        self.reference = reference
        self.serverTime = serverTime
    }
}

/// `GET /v1/sync/verify`: per task, how many report revisions this account should hold and a checksum
/// of which ones. The client compares with its cache and re-pulls only a task that differs.
public struct SyncVerification: Codable, Sendable, Equatable {
    public var scopes: [ScopeDigest]

    public init(scopes: [ScopeDigest]) {
        self.scopes = scopes
    }
}

/// The revisions of one task visible to an account, summarised.
public struct ScopeDigest: Codable, Sendable, Equatable {
    public var taskId: Int64
    public var revisions: Int
    /// SHA-256 (hex) of `ScopeDigest.canonicalText(of:)` over the revisions.
    public var checksum: String

    public init(taskId: Int64, revisions: Int, checksum: String) {
        self.taskId = taskId
        self.revisions = revisions
        self.checksum = checksum
    }

    /// What the checksum covers: `report_id:revision` (lower-case UUID), sorted, joined by commas.
    public static func canonicalText(of revisions: [(reportId: UUID, revision: Int)]) -> String {
        revisions.map { "\($0.reportId.uuidString.lowercased()):\($0.revision)" }.sorted().joined(separator: ",")
    }
}

/// `GET /v1/sync/scope/{task_id}`: every revision of the task's reports this account may see, to
/// replace what the cache holds for that task.
public struct ScopeSnapshot: Codable, Sendable, Equatable {
    public var taskId: Int64
    public var revisions: [ReportRevisionRecord]

    public init(taskId: Int64, revisions: [ReportRevisionRecord]) {
        self.taskId = taskId
        self.revisions = revisions
    }
}

/// `GET /v1/sync/history/{task_id}?after=N&through=M[&limit=L]`: the changes of one task this account
/// may see, numbered after `after` and up to `through`, oldest first. A unit that starts leading a
/// task receives the task's earlier history this way (its cursor had passed those changes while it
/// could not see them); the records are the feed's own, so storing one twice changes nothing.
public struct SyncHistoryPage: Codable, Sendable, Equatable {
    public var taskId: Int64
    public var changes: [ChangeRecord]
    /// The number of the last change in this page (`after` when it is empty): the next page's `after`.
    public var last: Int64
    public var hasMore: Bool

    public init(taskId: Int64, changes: [ChangeRecord], last: Int64, hasMore: Bool) {
        self.taskId = taskId
        self.changes = changes
        self.last = last
        self.hasMore = hasMore
    }

    /// The most changes one page holds, and the default.
    public static let maxLimit = 1000
}
