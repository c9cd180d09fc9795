import Foundation
import Testing

/// Drives the real `duban` binary.
@Suite struct ClientCommandTests {
    @Test func versionAndHelp() async throws {
        let version = try await ProcessRunner.run("duban", ["version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("duban "))
        let help = try await ProcessRunner.run("duban", ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE"))
        for command in [["config", "--help"], ["config", "show", "--help"], ["config", "set-server", "--help"]] {
            let result = try await ProcessRunner.run("duban", command)
            #expect(result.status == 0, "\(command)")
        }
        let serverHelp = try await ProcessRunner.run("duban-server", ["--help"])
        #expect(serverHelp.stdout.contains("import-plan"))
        for command in ["serve", "migrate", "import-units", "import-plan", "version"] {
            let result = try await ProcessRunner.run("duban-server", [command, "--help"])
            #expect(result.status == 0, "\(command)")
        }
    }

    @Test func configKeepsTheServerPerDataFolder() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("duban-home-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let env = ["DUBAN_HOME": home.path]
        let bad = try await ProcessRunner.run("duban", ["config", "set-server", "ftp://x"], environment: env)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("ftp://x"))
        let set = try await ProcessRunner.run("duban", ["config", "set-server", "http://127.0.0.1:8080/"], environment: env)
        #expect(set.status == 0, "\(set.stderr)")
        let show = try await ProcessRunner.run("duban", ["config", "show"], environment: env)
        #expect(show.stdout.contains("http://127.0.0.1:8080\n"))
        #expect(show.stdout.contains(home.path))
        var zh = env
        zh["LANG"] = "zh_CN.UTF-8"
        let shown = try await ProcessRunner.run("duban", ["config", "show"], environment: zh)
        #expect(shown.stdout.contains("服务器"))
    }
}
