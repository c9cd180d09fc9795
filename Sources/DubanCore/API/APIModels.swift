import Foundation

// The JSON bodies of Duban's HTTP API (`/v1/...`), shared by `duban-server` and `duban`.
// On the wire, keys are snake_case (WireJSON); times are ISO-8601 UTC.

/// `POST /v1/session`: sign in.
public struct SignInRequest: Codable, Sendable, Equatable {
    public var login: String
    public var password: String
    /// The installation's id (the CLI makes one per installation); the token is bound to it.
    public var deviceId: UUID
    /// A name the user recognises, e.g. the host name.
    public var deviceName: String?

    public init(login: String, password: String, deviceId: UUID, deviceName: String? = nil) {
        self.login = login
        self.password = password
        self.deviceId = deviceId
        self.deviceName = deviceName
    }
}

/// The answer to a successful sign-in.
public struct SignInResponse: Codable, Sendable, Equatable {
    /// The bearer token: send as `Authorization: Bearer <token>`. Shown once; only its hash is stored.
    public var token: String
    public var expiresAt: Date
    /// True after an admin set or reset the password: every route but `/v1/me`, `/v1/me/password`
    /// and `DELETE /v1/session` answers 403 `auth.password_change_required` until it is changed.
    public var mustChangePassword: Bool
    public var account: AccountInfo

    public init(token: String, expiresAt: Date, mustChangePassword: Bool, account: AccountInfo) {
        self.token = token
        self.expiresAt = expiresAt
        self.mustChangePassword = mustChangePassword
        self.account = account
    }
}

/// A unit as the API shows it.
public struct UnitInfo: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var kind: UnitKind
    public var parentCode: String?
    public var aliases: [String]
    public var active: Bool

    public init(code: String, name: String, kind: UnitKind, parentCode: String?, aliases: [String], active: Bool) {
        self.code = code
        self.name = name
        self.kind = kind
        self.parentCode = parentCode
        self.aliases = aliases
        self.active = active
    }
}

/// An account as the API shows it (never its password hash).
public struct AccountInfo: Codable, Sendable, Equatable {
    public var login: String
    public var displayName: String
    public var role: AccountRole
    public var unitCode: String
    public var unitName: String
    public var disabled: Bool
    public var mustChangePassword: Bool
    public var createdAt: Date
    public var lastSignInAt: Date?

    public init(login: String, displayName: String, role: AccountRole, unitCode: String, unitName: String,
                disabled: Bool, mustChangePassword: Bool, createdAt: Date, lastSignInAt: Date?) {
        self.login = login
        self.displayName = displayName
        self.role = role
        self.unitCode = unitCode
        self.unitName = unitName
        self.disabled = disabled
        self.mustChangePassword = mustChangePassword
        self.createdAt = createdAt
        self.lastSignInAt = lastSignInAt
    }
}

/// The current session, for `GET /v1/me`.
public struct SessionInfo: Codable, Sendable, Equatable {
    public var deviceId: UUID
    public var deviceName: String?
    public var createdAt: Date
    public var expiresAt: Date

    public init(deviceId: UUID, deviceName: String?, createdAt: Date, expiresAt: Date) {
        self.deviceId = deviceId
        self.deviceName = deviceName
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// `GET /v1/me`.
public struct MeResponse: Codable, Sendable, Equatable {
    public var account: AccountInfo
    public var session: SessionInfo

    public init(account: AccountInfo, session: SessionInfo) {
        self.account = account
        self.session = session
    }
}

/// `POST /v1/me/password`.
public struct ChangePasswordRequest: Codable, Sendable, Equatable {
    public var currentPassword: String
    public var newPassword: String

    public init(currentPassword: String, newPassword: String) {
        self.currentPassword = currentPassword
        self.newPassword = newPassword
    }
}

/// `GET /v1/units`.
public struct UnitList: Codable, Sendable, Equatable {
    public var units: [UnitInfo]
    public init(units: [UnitInfo]) { self.units = units }
}

/// `POST /v1/admin/units`.
public struct CreateUnitRequest: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var kind: UnitKind
    public var parentCode: String?
    public var aliases: [String]?

    public init(code: String, name: String, kind: UnitKind, parentCode: String? = nil, aliases: [String]? = nil) {
        self.code = code
        self.name = name
        self.kind = kind
        self.parentCode = parentCode
        self.aliases = aliases
    }
}

/// `GET /v1/admin/accounts[?unit=CODE]`.
public struct AccountList: Codable, Sendable, Equatable {
    public var accounts: [AccountInfo]
    public init(accounts: [AccountInfo]) { self.accounts = accounts }
}

/// `POST /v1/admin/accounts`.
public struct CreateAccountRequest: Codable, Sendable, Equatable {
    public var login: String
    public var displayName: String
    public var role: AccountRole
    public var unitCode: String

    public init(login: String, displayName: String, role: AccountRole, unitCode: String) {
        self.login = login
        self.displayName = displayName
        self.role = role
        self.unitCode = unitCode
    }
}

/// The answer to creating an account or resetting its password: the one-time password is shown
/// once and must be changed at the next sign-in.
public struct AccountWithPassword: Codable, Sendable, Equatable {
    public var account: AccountInfo
    public var oneTimePassword: String

    public init(account: AccountInfo, oneTimePassword: String) {
        self.account = account
        self.oneTimePassword = oneTimePassword
    }
}

/// `POST /v1/admin/accounts/{login}/revoke-sessions`.
public struct RevokedSessions: Codable, Sendable, Equatable {
    public var revoked: Int
    public init(revoked: Int) { self.revoked = revoked }
}

/// One entry of the audit trail.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var id: Int64
    /// Position in the hash chain; nil until the sealer has chained the entry (seconds).
    public var seq: Int64?
    /// When the server received the change.
    public var receivedAt: Date
    public var accountLogin: String?
    public var unitCode: String?
    public var deviceId: UUID?
    /// What happened, e.g. `account.create`, `session.create`, `unit.disable`.
    public var action: String
    public var entityType: String
    public var entityId: String?
    /// Details as a JSON object rendered to text (never passwords or tokens).
    public var detail: String
    public var hash: String?

    public init(id: Int64, seq: Int64?, receivedAt: Date, accountLogin: String?, unitCode: String?, deviceId: UUID?,
                action: String, entityType: String, entityId: String?, detail: String, hash: String?) {
        self.id = id
        self.seq = seq
        self.receivedAt = receivedAt
        self.accountLogin = accountLogin
        self.unitCode = unitCode
        self.deviceId = deviceId
        self.action = action
        self.entityType = entityType
        self.entityId = entityId
        self.detail = detail
        self.hash = hash
    }
}

/// `GET /v1/audit?unit=&account=&entity_type=&entity_id=&since=&until=&after_id=&limit=` (newest last).
public struct AuditList: Codable, Sendable, Equatable {
    public var entries: [AuditEntry]
    /// Pass as `after_id` for the next page; nil when this was the last.
    public var nextAfterId: Int64?

    public init(entries: [AuditEntry], nextAfterId: Int64?) {
        self.entries = entries
        self.nextAfterId = nextAfterId
    }
}

/// `GET /v1/audit/verify`: the hash chain checked from its first entry.
public struct AuditVerification: Codable, Sendable, Equatable {
    public var ok: Bool
    /// Entries whose hash was recomputed.
    public var checked: Int64
    /// The first entry whose content, order or link does not match; nil when `ok`.
    public var firstBroken: BrokenAuditEntry?

    public init(ok: Bool, checked: Int64, firstBroken: BrokenAuditEntry?) {
        self.ok = ok
        self.checked = checked
        self.firstBroken = firstBroken
    }
}

/// Where the audit chain breaks.
public struct BrokenAuditEntry: Codable, Sendable, Equatable {
    public var id: Int64?
    public var seq: Int64
    /// `hash_mismatch`, `missing_entry` or `link_mismatch`.
    public var reason: String

    public init(id: Int64?, seq: Int64, reason: String) {
        self.id = id
        self.seq = seq
        self.reason = reason
    }
}

/// One district-level assignment, for `GET /v1/assignments` (a unit's staff see only their unit's
/// tasks, and every assignment of the tasks their unit leads).
public struct AssignmentInfo: Codable, Sendable, Equatable {
    public var planYear: Int
    public var taskNumber: Int
    public var taskTitle: String
    public var unitCode: String
    public var unitName: String
    public var role: AssignmentRole
    public var writtenAs: String

    public init(planYear: Int, taskNumber: Int, taskTitle: String, unitCode: String, unitName: String,
                role: AssignmentRole, writtenAs: String) {
        self.planYear = planYear
        self.taskNumber = taskNumber
        self.taskTitle = taskTitle
        self.unitCode = unitCode
        self.unitName = unitName
        self.role = role
        self.writtenAs = writtenAs
    }
}

/// `GET /v1/assignments`.
public struct AssignmentList: Codable, Sendable, Equatable {
    public var assignments: [AssignmentInfo]
    public init(assignments: [AssignmentInfo]) { self.assignments = assignments }
}

/// Every error answer: `{"error":{"code":…,"message":…,"message_zh":…}}`.
public struct APIErrorBody: Codable, Sendable, Equatable {
    public struct Detail: Codable, Sendable, Equatable {
        public var code: String
        public var message: String
        public var messageZh: String

        public init(code: String, message: String, messageZh: String) {
            self.code = code
            self.message = message
            self.messageZh = messageZh
        }
    }

    public var error: Detail

    public init(error: Detail) { self.error = error }
}
