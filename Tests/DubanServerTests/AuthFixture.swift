import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Postgres
import Testing

/// A migrated database with the sample roster and plan, one account per role, and the application
/// built on a pool that logs in as `duban_server`.
struct AuthFixture {
    static let password = "correct horse 1"
    static let device = UUID(uuidString: "00000000-0000-4000-8000-000000000001")!

    /// login → (role, unit)
    static let accounts: [(login: String, role: AccountRole, unit: String)] = [
        ("admin", .admin, "yf"),
        ("super", .supervisor, "dcjxb"),
        ("audit", .oversight, "yf"),
        ("zjj1", .staff, "zjj"),          // leads tasks 1, 4, 8, 9
        ("tianma1", .staff, "jd-tianma"), // responsible on task 9
        ("jiahe1", .staff, "jd-jiahe"),   // responsible on task 9
        ("fresh", .staff, "czj"),         // must change its password
        ("gone", .staff, "czj"),          // disabled
        ("victim", .staff, "fgj"),        // the admin's target in the matrix
    ]

    let configuration: PostgresConfiguration
    let serverConfiguration: ServerConfiguration
    let pool: PostgresConnectionPool

    static func settings() -> AuthSettings {
        var settings = AuthSettings()
        settings.bcryptCost = 4
        settings.slowAfter = 1000
        return settings
    }

    /// Sets up the database and runs `body` with the fixture; drops everything afterwards. `migrator`
    /// (default: every migration and object file) makes the schema.
    /// `seedPlan: false` leaves the plan out (the roster and the accounts are there).
    static func with<T: Sendable>(settings: AuthSettings = settings(), clock: ServerClock = .system, migrator: Migrator? = nil,
                                  seedPlan: Bool = true, _ body: (AuthFixture) async throws -> T) async throws -> T {
        try await TestDatabase.withDatabase { configuration in
            let owner = try await PostgresConnection.connect(configuration, logger: Fixtures.logger)
            defer { owner.close() }
            _ = try await (migrator ?? Fixtures.migrator()).migrate(on: owner, logger: Fixtures.logger)
            _ = try await UnitRosterImporter().importCSV(try Fixtures.rosterText(), on: owner)
            if seedPlan {
                _ = try await PlanImporter().importPlan(try Fixtures.parsedSeedPlan(), sourceName: nil, on: owner)
            }
            let hash = await PasswordHasher(cost: 4).hash(password)
            for account in accounts {
                try await owner.execute("""
                    INSERT INTO duban.accounts (unit_id, login, display_name, role, password_hash, must_change_password, disabled_at)
                    SELECT id, \(account.login), \(account.login), \(account.role.rawValue), \(hash),
                           \(account.login == "fresh"), CASE WHEN \(account.login) = 'gone' THEN now() END
                      FROM duban.units WHERE code = \(account.unit)
                    """)
            }
            var serverConfiguration = try ServerConfiguration(environment: [:])
            serverConfiguration.database = serverConfiguration.withSessionSettings(TestDatabase.serverRole(configuration))
            serverConfiguration.auth = settings
            serverConfiguration.clock = clock
            // Readiness is checked for its answer here, not its speed: a loaded test machine may take seconds.
            serverConfiguration.readinessTimeout = .seconds(60)
            let pool = PostgresConnectionPool(configuration: serverConfiguration.database, maxConnections: 4,
                                              logger: Fixtures.logger)
            let fixture = AuthFixture(configuration: configuration, serverConfiguration: serverConfiguration, pool: pool)
            do {
                let result = try await body(fixture)
                await pool.close()
                return result
            } catch {
                await pool.close()
                throw error
            }
        }
    }

    func application() async throws -> some ApplicationProtocol {
        await buildApplication(configuration: serverConfiguration, pool: pool, migrator: try Fixtures.migrator(),
                               logger: Fixtures.logger)
    }

    func routeCatalog() async throws -> [RouteDescription] {
        await buildRouter(configuration: serverConfiguration, database: AppDatabase(pool: pool),
                          migrator: try Fixtures.migrator()).1
    }
}

extension TestClientProtocol {
    /// Signs in and returns the token.
    func signIn(_ login: String, password: String = AuthFixture.password, device: UUID = AuthFixture.device) async throws
        -> String
    {
        let body = SignInRequest(login: login, password: password, deviceId: device, deviceName: "test")
        return try await execute(uri: "/v1/session", method: .post, body: ByteBuffer(data: try WireJSON.encoder().encode(body))) {
            response in
            #expect(response.status == .created, "sign-in of \(login): \(String(buffer: response.body))")
            return try WireJSON.decoder().decode(SignInResponse.self, from: Data(buffer: response.body)).token
        }
    }

    /// Runs a request with an optional bearer token and JSON body; returns status and body.
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: (any Encodable)? = nil,
              raw: ByteBuffer? = nil) async throws -> (status: HTTPResponse.Status, body: String) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body = raw
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(data: try WireJSON.encoder().encode(json))
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            (response.status, String(buffer: response.body))
        }
    }
}

extension ByteBuffer {
    init(data: Data) {
        self.init(bytes: data)
    }
}

/// The error code in an API error body, for assertions.
func errorCode(_ body: String) -> String? {
    (try? WireJSON.decoder().decode(APIErrorBody.self, from: Data(body.utf8)))?.error.code
}

/// A clock the test sets: the server judges deadlines by it.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ iso: String) { current = Self.instant(iso) }

    var now: Date { lock.withLock { current } }

    /// Sets the time, e.g. `"2022-03-25T23:59:59+08:00"`.
    func set(_ iso: String) { lock.withLock { current = Self.instant(iso) } }

    var serverClock: ServerClock { ServerClock { [self] in now } }

    static func instant(_ iso: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: iso) else { fatalError("bad test instant \(iso)") }
        return date
    }
}
