import DubanTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Postgres
import Testing

/// Drives the real `duban-server` binary: migrate, import, serve, shut down.
@Suite struct ServerCommandTests {
    @Test func migrateInTwoProcessesAtOnce() async throws {
        try await TestDatabase.withDatabase { configuration in
            let env = ProcessRunner.databaseEnvironment(configuration.parameters)
            async let first = ProcessRunner.run("duban-server", ["migrate"], environment: env)
            async let second = ProcessRunner.run("duban-server", ["migrate"], environment: env)
            let results = try await [first, second]
            for result in results {
                #expect(result.status == 0, "\(result.stderr)")
            }
            let outputs = results.map(\.stdout).sorted()
            #expect(outputs.contains { $0.contains("applied") }, "\(outputs)")
            #expect(outputs.contains { $0.contains("nothing to apply") }, "\(outputs)")
            let third = try await ProcessRunner.run("duban-server", ["migrate", "--status"], environment: env)
            #expect(third.status == 0)
            #expect(third.stdout.contains("current"))
        }
    }

    @Test func importPlanEndToEnd() async throws {
        try await TestDatabase.withDatabase { configuration in
            let env = ProcessRunner.databaseEnvironment(configuration.parameters)
            let sample = ProcessRunner.root.appendingPathComponent("Deploy/sample")
            #expect(try await ProcessRunner.run("duban-server", ["migrate"], environment: env).status == 0)

            // Before the roster: the plan names units nobody knows; nothing is imported, the names are listed.
            let refused = try await ProcessRunner.run(
                "duban-server", ["import-plan", sample.appendingPathComponent("notice-2022.docx").path], environment: env)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("区住建局"), "\(refused.stderr)")
            #expect(!refused.stderr.contains("Fatal error"))

            let units = try await ProcessRunner.run(
                "duban-server", ["import-units", sample.appendingPathComponent("units-sample.csv").path], environment: env)
            #expect(units.status == 0, "\(units.stderr)")
            #expect(units.stdout.contains("19 created"))

            let imported = try await ProcessRunner.run(
                "duban-server", ["import-plan", sample.appendingPathComponent("notice-2022.docx").path], environment: env)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("created"))

            let again = try await ProcessRunner.run(
                "duban-server", ["import-plan", sample.appendingPathComponent("notice-2022.txt").path], environment: env)
            #expect(again.status == 0)
            #expect(again.stdout.contains("nothing changed"), "\(again.stdout)")

            // Chinese messages where LANG says so.
            var zhEnv = env
            zhEnv["LANG"] = "zh_CN.UTF-8"
            let zh = try await ProcessRunner.run(
                "duban-server", ["import-plan", sample.appendingPathComponent("notice-2022.txt").path], environment: zhEnv)
            #expect(zh.stdout.contains("已是最新"), "\(zh.stdout)")
        }
    }

    @Test func dryRunPrintsThePlanWithoutADatabase() async throws {
        let docx = ProcessRunner.root.appendingPathComponent("Deploy/sample/notice-2022.docx").path
        let result = try await ProcessRunner.run(
            "duban-server", ["import-plan", "--dry-run", "--format", "json", docx],
            environment: ["PGHOST": "/nonexistent", "PGPORT": "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["year"] as? Int == 2022)
        #expect(json["time_zone"] as? String == "Asia/Shanghai")
        let nodes = try #require(json["nodes"] as? [[String: Any]])
        #expect(nodes.map { $0["lead_due_date"] as? String } == ["2022-03-28", "2022-06-30", "2022-09-23", "2022-12-05"])
        #expect(nodes.map { $0["responsible_due_date"] as? String } == ["2022-03-25", "2022-06-27", "2022-09-20", "2022-12-02"])
        let tasks = try #require(json["tasks"] as? [[String: Any]])
        #expect(tasks.count == 10)
        let task9 = try #require(tasks.first { $0["number"] as? Int == 9 })
        let cityLead = try #require(task9["city_lead"] as? [String: Any])
        #expect(cityLead["names"] as? [String] == ["市林业和园林局", "市体育局"])
        #expect(cityLead["written"] as? String == "市林业和园林局\n市体育局")
        #expect(tasks.filter { $0["not_applicable"] as? Bool == true }.compactMap { $0["number"] as? Int } == [2, 3, 5, 6, 7, 10])
    }

    @Test func malformedNoticeIsRefusedWithWhere() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duban-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let seed = try String(contentsOf: ProcessRunner.root.appendingPathComponent("Deploy/sample/notice-2022.txt"), encoding: .utf8)
        let badDate = dir.appendingPathComponent("bad-date.txt")
        try seed.replacingOccurrences(of: "6月30日", with: "6月32日").write(to: badDate, atomically: true, encoding: .utf8)
        let result = try await ProcessRunner.run("duban-server", ["import-plan", "--dry-run", badDate.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("6月32日"), "\(result.stderr)")
        #expect(result.stderr.contains("paragraph"), "\(result.stderr)")

        let notZip = dir.appendingPathComponent("fake.docx")
        try Data("this is not a zip".utf8).write(to: notZip)
        let fake = try await ProcessRunner.run("duban-server", ["import-plan", "--dry-run", notZip.path])
        #expect(fake.status != 0)
        #expect(!fake.stderr.isEmpty)
        #expect(!fake.stderr.contains("Fatal error"))
    }

    @Test func serveAnswersHealthAndReadinessAndStopsOnSIGTERM() async throws {
        try await TestDatabase.withDatabase { configuration in
            let owner = ProcessRunner.databaseEnvironment(configuration.parameters)
            #expect(try await ProcessRunner.run("duban-server", ["migrate"], environment: owner).status == 0)
            var env = ProcessRunner.databaseEnvironment(TestDatabase.serverRole(configuration).parameters)
            let port = try ProcessRunner.freePort()
            env["DUBAN_PORT"] = String(port)
            let server = try ProcessRunner.launch("duban-server", ["serve", "--host", "127.0.0.1"], environment: env)
            defer { if server.process.isRunning { server.process.terminate() } }
            let base = URL(string: "http://127.0.0.1:\(port)")!
            var ready: (Int, String)?
            for _ in 0..<150 {
                if let answer = try? await Self.get(base.appendingPathComponent("readyz")), answer.0 == 200 {
                    ready = answer
                    break
                }
                #expect(server.process.isRunning, "server exited: \(server.stderrSoFar)")
                if !server.process.isRunning { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(ready?.1.contains("current") == true, "\(String(describing: ready)) \(server.stderrSoFar)")
            let health = try await Self.get(base.appendingPathComponent("healthz"))
            #expect(health.0 == 200)
            // Structured logs: every line of stderr is a JSON object.
            let firstLine = server.stderrSoFar.split(separator: "\n").first.map(String.init) ?? ""
            #expect((try? JSONSerialization.jsonObject(with: Data(firstLine.utf8))) != nil, "\(firstLine)")

            kill(server.process.processIdentifier, SIGTERM)
            for _ in 0..<100 where server.process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            #expect(!server.process.isRunning)
            server.process.waitUntilExit()
            #expect(server.process.terminationStatus == 0, "\(server.stderrSoFar)")
            #expect(server.stderrSoFar.contains("stopped"))
        }
    }

    /// A role row-level security does not apply to (the tables' owner, a superuser) is refused at
    /// start, with a sentence naming the role to use; the server never listens.
    @Test func serveRefusesARoleThatBypassesRowLevelSecurity() async throws {
        try await TestDatabase.withDatabase { configuration in
            let owner = ProcessRunner.databaseEnvironment(configuration.parameters)
            #expect(try await ProcessRunner.run("duban-server", ["migrate"], environment: owner).status == 0)
            for (name, parameters) in [("owner", configuration.parameters), ("superuser", TestDatabase.superuser(configuration).parameters)] {
                var env = ProcessRunner.databaseEnvironment(parameters)
                env["DUBAN_PORT"] = String(try ProcessRunner.freePort())
                let refused = try await ProcessRunner.run("duban-server", ["serve", "--host", "127.0.0.1"], environment: env, timeout: 60)
                #expect(refused.status != 0, "\(name)")
                #expect(refused.stderr.contains("serve as duban_server"), "\(name): \(refused.stderr)")
                env["LANG"] = "zh_CN.UTF-8"
                let zh = try await ProcessRunner.run("duban-server", ["serve", "--host", "127.0.0.1"], environment: env, timeout: 60)
                #expect(zh.status != 0 && zh.stderr.contains("请以 duban_server 运行"), "\(name): \(zh.stderr)")
            }
        }
    }

    static func get(_ url: URL) async throws -> (Int, String) {
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
