import DubanCore
import Foundation
import Postgres

/// Sessions: sign-in (with its limits and device cookies, the same work whether or not the login exists), sign-out,
/// the caller's own account and password.
struct SessionService: Sendable {
    let database: AppDatabase
    let settings: AuthSettings
    let hasher: PasswordHasher
    /// A hash to verify against when the login does not exist.
    let decoy: String
    /// Counts the passwords sign-in checks (`duban_sign_in_password_checks_total`).
    var metrics: ServerMetrics? = nil

    func signOut(_ identity: Identity) async throws {
        try await database.transaction(as: identity) { connection in
            try await connection.execute("UPDATE duban.sessions SET revoked_at = now() WHERE id = \(identity.sessionID)")
            try await AppDatabase.audit("session.revoke", entityType: "session", entityID: String(identity.sessionID),
                                        on: connection)
        }
    }

    /// The caller's account and session; nil when the session is gone.
    func me(_ identity: Identity) async throws -> MeResponse? {
        try await database.transaction(as: identity) { connection in
            let account = try await AccountQueries.account(id: identity.accountID, on: connection)
            let rows = try await connection.query("""
                SELECT device_id, device_name, created_at, expires_at FROM duban.sessions WHERE id = \(identity.sessionID)
                """)
            guard let row = rows.first else { return nil }
            return MeResponse(account: account, session: SessionInfo(
                deviceId: try row.decode(UUID.self, at: 0), deviceName: try row.decodeIfPresent(String.self, at: 1),
                createdAt: try row.decode(Date.self, at: 2), expiresAt: try row.decode(Date.self, at: 3)))
        }
    }

    /// Signs in from `address` (the client's, for the sign-in limits and the audit trail).
    func signIn(_ body: SignInRequest, address: String?) async throws -> SignInResponse {
        let login = body.login.trimmingCharacters(in: .whitespaces).lowercased()
        guard Validation.isLogin(login) else { throw DomainError.invalidCredentials }
        guard !body.password.isEmpty, body.password.utf8.count <= 1024 else { throw DomainError.invalidCredentials }
        if let name = body.deviceName, TextLimit.length(name) > 200 {
            throw DomainError.invalid("session.bad_device_name", en: "device_name is longer than 200 characters",
                                   zh: "device_name 超过 200 个字符")
        }
        let throttle = SignInThrottle(settings: settings)
        let devices = SignInDevices(settings: settings)

        let (candidate, device) = try await database.transaction(as: nil) { connection in
            let candidate = try await connection.query("""
                SELECT id, unit_id, role, password_hash, disabled, must_change_password FROM duban.account_for_sign_in(\(login))
                """).first.map { row in
                (id: try row.decode(Int64.self, at: 0), unitID: try row.decode(Int64.self, at: 1),
                 role: try row.decode(String.self, at: 2), hash: try row.decode(String.self, at: 3),
                 disabled: try row.decode(Bool.self, at: 4), mustChange: try row.decode(Bool.self, at: 5))
            }
            return (candidate, try await devices.find(body.deviceCookie, accountID: candidate?.id, on: connection))
        }
        // Counted before the password is checked, in one statement: parallel guesses check at most the limit's worth.
        let keys = throttle.keys(login: login, address: address, device: device)
        let admission = try await database.transaction(as: nil) { connection in
            try await throttle.admit(keys, on: connection)
        }
        guard admission.admitted else {
            try await database.transaction(as: nil) { connection in try await throttle.relieve(admission, on: connection) }
            throw DomainError.locked(admission.lockedFor ?? Int(settings.lockDuration.wholeSeconds))
        }
        // Same work whether or not the login exists, so timing does not tell.
        metrics?.countSignInPasswordCheck()
        let matches = await hasher.verify(body.password, hash: candidate?.hash ?? decoy)
        guard let account = candidate, matches, let role = AccountRole(rawValue: account.role) else {
            let delay = try await database.transaction(as: nil, clientAddress: address) { connection in
                let outcome = try await throttle.recordFailure(keys, admission: admission, on: connection)
                if outcome.deviceExhausted, let device { try await devices.void(device, on: connection) }
                try await AppDatabase.audit("session.sign_in_failed", entityType: "login", entityID: login,
                                            detail: ["address": address ?? "", "device_cookie": device == nil ? "no" : "yes"],
                                            on: connection)
                return outcome.delay
            }
            if delay > .zero { try await Task.sleep(for: delay) }
            throw DomainError.invalidCredentials
        }
        if account.disabled { throw DomainError.accountDisabled }

        let token = SecretGenerator.token()
        let expires = Date().addingTimeInterval(TimeInterval(settings.sessionTTL.wholeSeconds))
        var identity = Identity(accountID: account.id, unitID: account.unitID, role: role, deviceID: body.deviceId,
                                sessionID: 0, mustChangePassword: account.mustChange, expiresAt: expires, clientAddress: address)
        let (info, cookie) = try await database.transaction(as: identity) { connection in
            try await throttle.reset(keys, admission: admission, on: connection)
            let rows = try await connection.query("""
                INSERT INTO duban.sessions (account_id, token_sha256, device_id, device_name, expires_at)
                VALUES (\(account.id), \(SHA256Digest.hex(of: token)), \(body.deviceId), \(body.deviceName), \(expires))
                RETURNING id
                """)
            identity.sessionID = try rows[0].decode(Int64.self, at: 0)
            try await connection.execute("UPDATE duban.accounts SET last_sign_in_at = now() WHERE id = \(account.id)")
            // A device known to this login keeps its cookie; any other gets one now.
            var cookie: String?
            if let device {
                try await devices.touch(device, on: connection)
            } else {
                cookie = try await devices.issue(accountID: account.id, deviceID: body.deviceId, on: connection)
            }
            try await AppDatabase.audit("session.create", entityType: "session", entityID: String(identity.sessionID),
                                        detail: ["device_name": body.deviceName ?? "", "address": address ?? ""],
                                        on: connection)
            return (try await AccountQueries.account(id: account.id, on: connection), cookie)
        }
        return SignInResponse(token: token, expiresAt: expires, mustChangePassword: account.mustChange, account: info,
                              deviceCookie: cookie)
    }

    func changePassword(_ body: ChangePasswordRequest, identity: Identity) async throws {
        try Validation.checkNewPassword(body.newPassword)
        guard body.newPassword != body.currentPassword else {
            throw DomainError.invalid("password.unchanged", en: "the new password must differ from the current one",
                                   zh: "新密码不能与当前密码相同")
        }
        let current = try await database.transaction(as: identity) { connection in
            try await connection.query("SELECT password_hash FROM duban.accounts WHERE id = \(identity.accountID)")[0]
                .decode(String.self, at: 0)
        }
        guard await hasher.verify(body.currentPassword, hash: current) else {
            throw DomainError(.forbidden, code: "password.wrong_current",
                              message: .init(en: "the current password is wrong", zh: "当前密码不正确"))
        }
        let hash = await hasher.hash(body.newPassword)
        try await database.transaction(as: identity) { connection in
            try await connection.execute("""
                UPDATE duban.accounts SET password_hash = \(hash), must_change_password = false, password_changed_at = now()
                 WHERE id = \(identity.accountID)
                """)
            // Other devices sign in again with the new password.
            try await connection.execute("""
                UPDATE duban.sessions SET revoked_at = now()
                 WHERE account_id = \(identity.accountID) AND id <> \(identity.sessionID) AND revoked_at IS NULL
                """)
            let login = try await AccountQueries.account(id: identity.accountID, on: connection).login
            try await AppDatabase.audit("account.password_change", entityType: "account", entityID: login, on: connection)
        }
    }
}

extension DomainError {
    static let invalidCredentials = DomainError(.unauthenticated, code: "auth.invalid_credentials",
                                                message: .init(en: "wrong login or password", zh: "账号或密码错误"))
    static let accountDisabled = DomainError(.forbidden, code: "auth.account_disabled",
                                             message: .init(en: "this account is disabled; ask an administrator",
                                                            zh: "该账号已停用，请联系管理员"))

    static func locked(_ seconds: Int) -> DomainError {
        DomainError(.throttled, code: "auth.locked",
                    message: .init(en: "too many failed sign-ins; try again in \(seconds) seconds",
                                   zh: "登录失败次数过多，请 \(seconds) 秒后再试"),
                    retryAfter: max(seconds, 1))
    }
}
