import DubanCore
import DubanTestSupport
import Foundation
import Postgres
import Testing

/// Two `duban` installations, a central admin's and a subdistrict office's, each with its own data
/// folder, against a real `duban-server`: sign-in, the forced password change, account management,
/// listings in every format, disabling, sign-out, and the audit trail.
@Suite struct AccountCLITests {
    @Test func adminAndSubdistrictStaffWorkThroughTheirAccounts() async throws {
        try await LoadedDatabase.with { database, adminOneTimePassword in
            let server = try await ServerProcess(database: database)
            defer { server.stop() }
            let address = server.base.absoluteString
            let admin = CLIInstallation()
            let staff = CLIInstallation()
            defer {
                admin.remove()
                staff.remove()
            }

            // The admin signs in with the one-time password and is told to change it.
            let adminLogin = try await admin.run(["login", "--server", address + "/", "--login", "admin", "--password-stdin"],
                                                 input: adminOneTimePassword + "\n")
            #expect(adminLogin.status == 0, "\(adminLogin.stderr)")
            #expect(adminLogin.stdout.contains("signed in to \(address) as admin"), "\(adminLogin.stdout)")
            #expect(adminLogin.stdout.contains("duban password"))
            #expect(try admin.mode(of: "credentials.json") == 0o600)
            #expect(try admin.mode(of: ".") == 0o700)
            let credentials = try String(contentsOf: admin.home.appendingPathComponent("credentials.json"), encoding: .utf8)
            #expect(credentials.contains("\"login\" : \"admin\""))
            #expect(!credentials.contains(adminOneTimePassword), "the password is never stored")

            // Until the password is changed, the server refuses everything else, and the CLI says what to do.
            let early = try await admin.run(["admin", "account", "list"])
            #expect(early.status == 1)
            #expect(early.errorLines.count == 2 && early.stderr.hasPrefix("error: ") && early.requestId != nil, "\(early.stderr)")
            #expect(early.stderr.contains("duban password"))

            let adminPassword = "Admin-pass-2024"
            let changed = try await admin.run(["password", "--stdin"], input: "\(adminOneTimePassword)\n\(adminPassword)\n")
            #expect(changed.status == 0, "\(changed.stderr)")
            #expect(changed.stdout.contains("password changed"))

            // A staff account for a subdistrict office; its one-time password is printed once.
            let added = try await admin.run(["admin", "account", "add", "--login", "tianma01", "--name", "张三",
                                             "--role", "staff", "--unit", "jd-tianma"])
            #expect(added.status == 0, "\(added.stderr)")
            #expect(added.stdout.contains("天马街道办事处"))
            let staffOneTimePassword = try #require(added.value(after: "one-time password: "), "\(added.stdout)")

            // Listings: an aligned table, the API's JSON, CSV for Excel.
            let table = try await admin.run(["admin", "account", "list"])
            #expect(table.status == 0, "\(table.stderr)")
            let lines = table.stdout.split(separator: "\n").map(String.init)
            let staffLine = try #require(lines.first { $0.hasPrefix("tianma01") }, "\(table.stdout)")
            let adminLine = try #require(lines.first { $0.hasPrefix("admin ") }, "\(table.stdout)")
            #expect(staffLine.contains("张三") && staffLine.contains("天马街道办事处"))
            // Chinese names take two columns each: the unit codes still start in one column.
            #expect(Self.column(of: "jd-tianma", in: staffLine) == Self.column(of: "yf ", in: adminLine), "\(table.stdout)")
            #expect(Self.column(of: "unit ", in: lines[0]) == Self.column(of: "yf ", in: adminLine), "\(table.stdout)")

            let json = try await admin.run(["admin", "account", "list", "--format", "json"])
            let list = try WireJSON.decoder().decode(AccountList.self, from: Data(json.stdout.utf8))
            let listed = try #require(list.accounts.first { $0.login == "tianma01" })
            #expect(listed.unitCode == "jd-tianma" && listed.role == .staff && listed.mustChangePassword)

            let csv = try await admin.run(["admin", "account", "list", "--unit", "jd-tianma", "--format", "csv"])
            #expect(csv.status == 0, "\(csv.stderr)")
            #expect(csv.stdout.hasPrefix("\u{FEFF}login,name,role,unit,unit name,"), "\(csv.stdout)")
            #expect(csv.stdout.contains("\r\ntianma01,张三,staff,jd-tianma,天马街道办事处,active,yes,"), "\(csv.stdout)")
            #expect(!csv.stdout.contains("\nadmin,"), "filtered by unit")

            let units = try await admin.run(["admin", "unit", "list", "--format", "csv"])
            #expect(units.stdout.contains("jd-tianma,天马街道办事处,subdistrict_office,yf,天马街道,active"), "\(units.stdout)")

            // The staff member signs in on another machine, changes the password, and sees the unit.
            let staffLogin = try await staff.run(["login", "--server", address, "--login", "tianma01", "--password-stdin"],
                                                 input: staffOneTimePassword + "\n")
            #expect(staffLogin.status == 0, "\(staffLogin.stderr)")
            #expect(staffLogin.stdout.contains("duban password"))
            let tooShort = try await staff.run(["password", "--stdin"], input: "\(staffOneTimePassword)\nshort\n")
            #expect(tooShort.status == 1)
            #expect(tooShort.stderr == "error: the new password needs at least 8 characters\n")
            let staffPassword = "Staff-pass-2024"
            let staffChanged = try await staff.run(["password", "--stdin"], input: "\(staffOneTimePassword)\n\(staffPassword)\n")
            #expect(staffChanged.status == 0, "\(staffChanged.stderr)")

            let whoami = try await staff.run(["whoami"])
            #expect(whoami.status == 0, "\(whoami.stderr)")
            #expect(whoami.stdout.contains("tianma01"))
            #expect(whoami.stdout.contains("jd-tianma"))
            #expect(whoami.stdout.contains("天马街道办事处"))
            let whoamiZh = try await staff.run(["whoami"], language: "zh_CN.UTF-8")
            #expect(whoamiZh.stdout.contains("单位名称  天马街道办事处"), "\(whoamiZh.stdout)")
            let me = try WireJSON.decoder().decode(MeResponse.self, from: Data(try await staff.run(["whoami", "--format", "json"]).stdout.utf8))
            #expect(me.account.unitCode == "jd-tianma" && !me.account.mustChangePassword)

            // Staff may read their assignments, and may not administer.
            let assignments = try await staff.run(["assignments", "--format", "json"])
            #expect(assignments.status == 0, "\(assignments.stderr)")
            let visible = try WireJSON.decoder().decode(AssignmentList.self, from: Data(assignments.stdout.utf8))
            #expect(!visible.assignments.isEmpty)
            #expect(visible.assignments.allSatisfy { $0.unitCode == "jd-tianma" })
            let forbidden = try await staff.run(["admin", "account", "list"])
            #expect(forbidden.status == 1)
            #expect(forbidden.errorLines.count == 2 && forbidden.stderr.hasPrefix("error: ") && forbidden.requestId != nil,
                    "\(forbidden.stderr)")

            // The admin disables the account: the staff's next command fails with one clear line.
            let disabled = try await admin.run(["admin", "account", "disable", "tianma01"])
            #expect(disabled.status == 0, "\(disabled.stderr)")
            let refused = try await staff.run(["whoami"])
            #expect(refused.status == 1)
            #expect(refused.errorLines.count == 2 && refused.requestId != nil, "\(refused.stderr)")
            #expect(refused.stderr.hasPrefix("error: ") && refused.stderr.contains("duban login"), "\(refused.stderr)")
            #expect(!refused.stderr.contains("Fatal error"))
            let refusedZh = try await staff.run(["whoami"], language: "zh_CN.UTF-8")
            #expect(refusedZh.stderr.hasPrefix("错误："), "\(refusedZh.stderr)")
            let again = try await staff.run(["login", "--login", "tianma01", "--password-stdin"], input: staffPassword + "\n")
            #expect(again.status == 1)
            #expect(again.stderr.contains("disabled"), "\(again.stderr)")

            // Signing out of a dead session still forgets it here.
            let staffLogout = try await staff.run(["logout"])
            #expect(staffLogout.status == 0, "\(staffLogout.stderr)")
            #expect(!FileManager.default.fileExists(atPath: staff.home.appendingPathComponent("credentials.json").path))
            #expect(FileManager.default.fileExists(atPath: staff.home.appendingPathComponent("config.json").path))

            // Enabling and resetting give the account back, with a new one-time password.
            #expect(try await admin.run(["admin", "account", "enable", "tianma01"]).status == 0)
            let reset = try await admin.run(["admin", "account", "reset-password", "tianma01"])
            let resetPassword = try #require(reset.value(after: "one-time password: "), "\(reset.stdout) \(reset.stderr)")
            let back = try await staff.run(["login", "--login", "tianma01", "--password-stdin"], input: resetPassword + "\n")
            #expect(back.status == 0, "\(back.stderr)")
            let revoked = try await admin.run(["admin", "account", "revoke-sessions", "tianma01"])
            #expect(revoked.status == 0, "\(revoked.stderr)")
            #expect(revoked.stdout.contains("1 session(s) of tianma01 revoked"), "\(revoked.stdout)")
            #expect(try await staff.run(["whoami"]).status == 1)

            // The audit trail shows the account's creation, and its chain is intact.
            let audit = try await admin.run(["admin", "audit", "list", "--entity-type", "account", "--entity-id", "tianma01",
                                             "--format", "json"])
            #expect(audit.status == 0, "\(audit.stderr)")
            let entries = try WireJSON.decoder().decode(AuditList.self, from: Data(audit.stdout.utf8)).entries
            let creation = try #require(entries.first { $0.action == "account.create" }, "\(audit.stdout)")
            #expect(creation.accountLogin == "admin")
            #expect(entries.map(\.action).contains("account.disable"))
            let auditTable = try await admin.run(["admin", "audit", "list", "--account", "admin", "--since", "2000-01-01"])
            #expect(auditTable.stdout.contains("account.create"), "\(auditTable.stdout)")
            let page = try await admin.run(["admin", "audit", "list", "--limit", "2"])
            #expect(page.stdout.split(separator: "\n").count == 4, "\(page.stdout)")
            #expect(page.stderr.contains("--after-id"), "\(page.stderr)")
            let badTime = try await admin.run(["admin", "audit", "list", "--since", "yesterday"])
            #expect(badTime.status == 1 && badTime.stderr.contains("yesterday"))

            let verify = try await admin.run(["admin", "audit", "verify"])
            #expect(verify.status == 0, "\(verify.stderr)")
            #expect(verify.stdout.contains("audit trail intact"), "\(verify.stdout)")

            // A superuser edits one chained entry behind the server's back: verify names it and fails.
            let superuser = try await PostgresConnection.connect(TestDatabase.superuser(database), logger: TestDatabase.defaultLogger)
            defer { superuser.close() }
            // The server seals entries in the background: wait, with room for a loaded machine, until a third is sealed.
            let sealDeadline = ContinuousClock.now + .seconds(120)
            while try await superuser.query("SELECT count(*) FROM duban.audit_log WHERE seq IS NOT NULL")[0].decode(Int.self, at: 0) < 3,
                  ContinuousClock.now < sealDeadline {
                try await Task.sleep(for: .milliseconds(200))
            }
            let victim = try #require(try await superuser.query("""
                SELECT id, seq, detail::text FROM duban.audit_log WHERE seq IS NOT NULL ORDER BY seq OFFSET 2 LIMIT 1
                """).first)
            let victimID = try victim.decode(Int64.self, at: 0)
            // Entries refuse change: the attacker switches the guard off first, as the owner can.
            try await superuser.execute("ALTER TABLE duban.audit_log DISABLE TRIGGER audit_log_protect")
            try await superuser.execute("UPDATE duban.audit_log SET detail = '{\"forged\":true}' WHERE id = \(victimID)")
            let tampered = try await admin.run(["admin", "audit", "verify"])
            #expect(tampered.status == 1, "\(tampered.stdout)")
            #expect(tampered.stderr.contains("entry \(victimID) ") && tampered.stderr.contains("no longer matches its hash"),
                    "\(tampered.stderr)")
            try await superuser.execute("UPDATE duban.audit_log SET detail = \(try victim.decode(String.self, at: 2))::jsonb WHERE id = \(victimID)")
            try await superuser.execute("ALTER TABLE duban.audit_log ENABLE TRIGGER audit_log_protect")
            #expect(try await admin.run(["admin", "audit", "verify"]).status == 0, "restored, the chain holds again")

            // Units: add, list, disable.
            let unit = try await admin.run(["admin", "unit", "add", "--code", "jd-test", "--name", "测试街道办事处",
                                            "--kind", "subdistrict_office", "--parent", "yf", "--alias", "测试街道"])
            #expect(unit.status == 0, "\(unit.stderr)")
            #expect(try await admin.run(["admin", "unit", "disable", "jd-test"]).status == 0)
            let unitsAfter = try await admin.run(["admin", "unit", "list", "--format", "json"])
            let testUnit = try WireJSON.decoder().decode(UnitList.self, from: Data(unitsAfter.stdout.utf8)).units
                .first { $0.code == "jd-test" }
            #expect(testUnit?.active == false && testUnit?.aliases == ["测试街道"])

            // The admin signs out; the token no longer works, and the CLI says to sign in.
            let adminLogout = try await admin.run(["logout"])
            #expect(adminLogout.status == 0, "\(adminLogout.stderr)")
            #expect(adminLogout.stdout.contains("signed out of \(address)"))
            let after = try await admin.run(["whoami"])
            #expect(after.status == 1)
            #expect(after.stderr == "error: not signed in: run `duban login` first\n")

            // Offline: logout forgets the token here and warns that the server still honours it.
            let relogin = try await admin.run(["login", "--login", "admin", "--password-stdin"], input: adminPassword + "\n")
            #expect(relogin.status == 0, "\(relogin.stderr)")
            server.stop()
            let offlineWhoami = try await admin.run(["whoami"])
            #expect(offlineWhoami.status == 1)
            #expect(offlineWhoami.stderr.contains("cannot reach the server \(address)"), "\(offlineWhoami.stderr)")
            let offline = try await admin.run(["logout"])
            #expect(offline.status == 0, "\(offline.stderr)")
            #expect(offline.stderr.contains("stays valid on the server"), "\(offline.stderr)")
            #expect(!FileManager.default.fileExists(atPath: admin.home.appendingPathComponent("credentials.json").path))
        }
    }

    @Test func signInErrorsAreOneLineInTheUsersLanguage() async throws {
        try await LoadedDatabase.with { database, _ in
            let server = try await ServerProcess(database: database)
            defer { server.stop() }
            let client = CLIInstallation()
            defer { client.remove() }
            let wrong = try await client.run(["login", "--server", server.base.absoluteString, "--login", "admin",
                                              "--password-stdin"], input: "not-the-password\n")
            #expect(wrong.status == 1)
            #expect(wrong.errorLines.first == "error: wrong login or password", "\(wrong.stderr)")
            #expect(wrong.errorLines.count == 2 && wrong.requestId != nil, "\(wrong.stderr)")
            let wrongZh = try await client.run(["login", "--server", server.base.absoluteString, "--login", "admin",
                                                "--password-stdin"], input: "not-the-password\n", language: "zh_CN.UTF-8")
            #expect(wrongZh.errorLines.first == "错误：账号或密码错误", "\(wrongZh.stderr)")
            #expect(wrongZh.errorLines.count == 2 && wrongZh.errorLines.last?.hasPrefix("请求编号：") == true, "\(wrongZh.stderr)")
            #expect(!FileManager.default.fileExists(atPath: client.home.appendingPathComponent("credentials.json").path))
            let noPassword = try await client.run(["login", "--server", server.base.absoluteString, "--login", "admin",
                                                   "--password-stdin"], input: "")
            #expect(noPassword.status == 1)
            #expect(noPassword.stderr.contains("standard input"), "\(noPassword.stderr)")
        }
    }

    @Test func withoutAServerOrASessionTheCLISaysWhatToDo() async throws {
        let client = CLIInstallation()
        defer { client.remove() }
        for command in [["whoami"], ["admin", "account", "list"], ["admin", "audit", "verify"], ["assignments"]] {
            let result = try await client.run(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr == "error: not signed in: run `duban login` first\n", "\(command): \(result.stderr)")
        }
        let logout = try await client.run(["logout"])
        #expect(logout.status == 0 && logout.stdout == "not signed in\n")
        let noServer = try await client.run(["login", "--login", "admin", "--password-stdin"], input: "x\n")
        #expect(noServer.status == 1 && noServer.stderr.contains("--server"), "\(noServer.stderr)")
        let port = try ProcessRunner.freePort()
        let unreachable = try await client.run(["login", "--server", "http://127.0.0.1:\(port)", "--login", "admin",
                                                "--password-stdin"], input: "x\n")
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.hasPrefix("error: cannot reach the server http://127.0.0.1:\(port)"), "\(unreachable.stderr)")
        for command in [["login"], ["logout"], ["whoami"], ["password"], ["assignments"], ["admin"],
                        ["admin", "unit", "add"], ["admin", "unit", "list"], ["admin", "unit", "disable"],
                        ["admin", "account", "add"], ["admin", "account", "list"], ["admin", "account", "disable"],
                        ["admin", "account", "enable"], ["admin", "account", "reset-password"],
                        ["admin", "account", "revoke-sessions"], ["admin", "audit", "list"], ["admin", "audit", "verify"]] {
            let help = try await client.run(command + ["--help"])
            #expect(help.status == 0 && help.stdout.contains("USAGE"), "\(command)")
        }
    }

    /// The display column where `text` starts in `line`.
    static func column(of text: String, in line: String) -> Int? {
        guard let range = line.range(of: text) else { return nil }
        return line[..<range.lowerBound].reduce(0) { width, character in
            width + (character.unicodeScalars.first.map { $0.value >= 0x1100 } == true ? 2 : 1)
        }
    }
}

/// One installation of `duban`: its own data folder (`DUBAN_HOME`), as on a separate machine.
struct CLIInstallation {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("duban-cli-\(UUID().uuidString)")

    /// Runs `duban` with `input` on standard input, in English unless `language` says otherwise.
    func run(_ arguments: [String], input: String? = nil, language: String? = nil) async throws -> ProcessRunner.Result {
        var environment = ["DUBAN_HOME": home.path]
        if let language { environment["LANG"] = language }
        return try await ProcessRunner.run("duban", arguments, input: input, environment: environment)
    }

    func mode(of name: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: home.appendingPathComponent(name).path)
        return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
    }

    func remove() {
        try? FileManager.default.removeItem(at: home)
    }
}

extension ProcessRunner.Result {
    /// The lines written to standard error.
    var errorLines: [Substring] { stderr.split(separator: "\n") }

    /// The id of the request that failed, from the `request id: …` / `请求编号：…` line the CLI
    /// prints under a server's error message: 32 lower-case hex digits (or the proxy's id).
    var requestId: String? {
        for line in errorLines {
            for prefix in ["request id: ", "请求编号："] where line.hasPrefix(prefix) {
                let id = String(line.dropFirst(prefix.count))
                return RequestIDFormat.isWellFormed(id) ? id : nil
            }
        }
        return nil
    }

    /// The rest of the first stdout line that starts with `prefix`.
    func value(after prefix: String) -> String? {
        stdout.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }
}

/// The server's request-id rule, as the tests check it: 1–64 characters of `A-Z a-z 0-9 . _ -`.
enum RequestIDFormat {
    static func isWellFormed(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2E
                || byte == 0x5F || byte == 0x2D
        }
    }
}
