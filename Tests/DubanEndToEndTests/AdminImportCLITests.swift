import DubanCore
import DubanTestSupport
import Foundation
import Testing

/// `duban admin plan import` and `duban admin units import` with the real binaries: the admin uploads
/// the seed notice from the CLI, sees the preview in English and Chinese, and a re-import changes nothing.
@Suite struct AdminImportCLITests {
    @Test func anAdminPreviewsAndImportsTheSeedNoticeFromTheCLI() async throws {
        try await LoadedDatabase.with { database, adminOneTimePassword in
            let server = try await ServerProcess(database: database)
            defer { server.stop() }
            let admin = CLIInstallation()
            defer { admin.remove() }
            let login = try await admin.run(["login", "--server", server.base.absoluteString, "--login", "admin", "--password-stdin"],
                                            input: adminOneTimePassword + "\n")
            #expect(login.status == 0, "\(login.stderr)")
            let changed = try await admin.run(["password", "--stdin"], input: "\(adminOneTimePassword)\nAdmin-pass-2024\n")
            #expect(changed.status == 0, "\(changed.stderr)")

            let notice = ProcessRunner.root.appendingPathComponent("Deploy/sample/notice-2022.docx").path
            let dry = try await admin.run(["admin", "plan", "import", notice, "--dry-run"])
            #expect(dry.status == 0, "\(dry.stderr)")
            #expect(dry.stdout.hasPrefix("plan: "), "\(dry.stdout)")
            #expect(dry.stdout.contains("  node 1: "), "\(dry.stdout)")
            #expect(!dry.stdout.contains("already up to date"), "a dry run prints no summary")

            let zh = try await admin.run(["admin", "plan", "import", notice, "--dry-run"], language: "zh_CN.UTF-8")
            #expect(zh.status == 0, "\(zh.stderr)")
            #expect(zh.stdout.hasPrefix("计划："), "\(zh.stdout)")

            let json = try await admin.run(["admin", "plan", "import", notice, "--dry-run", "--format", "json"])
            let result = try WireJSON.decoder().decode(PlanImportResult.self, from: Data(json.stdout.utf8))
            #expect(result.dryRun && !result.preview.tasks.isEmpty && result.preview.unresolved.isEmpty)

            // The seed plan is loaded already: importing it again changes nothing.
            let again = try await admin.run(["admin", "plan", "import", notice])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("already up to date"), "\(again.stdout)")

            let roster = ProcessRunner.root.appendingPathComponent("Deploy/sample/units-sample.csv").path
            let units = try await admin.run(["admin", "units", "import", roster, "--dry-run"])
            #expect(units.status == 0, "\(units.stderr)")
            #expect(units.stdout.contains("0 created, 0 updated"), "\(units.stdout)")

            // Next year's notice makes a plan beside this one; an unfinished task is carried into it once.
            let seed = try String(contentsOf: ProcessRunner.root.appendingPathComponent("Deploy/sample/notice-2022.txt"), encoding: .utf8)
            let nextYear = FileManager.default.temporaryDirectory.appendingPathComponent("notice-2023-\(UUID().uuidString).txt")
            defer { try? FileManager.default.removeItem(at: nextYear) }
            try seed.replacingOccurrences(of: "2022", with: "2023").write(to: nextYear, atomically: true, encoding: .utf8)
            let imported = try await admin.run(["admin", "plan", "import", nextYear.path])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("(2023) created"), "\(imported.stdout)")
            let carried = try await admin.run(["admin", "plan", "carry-over", "--from", "2022", "--task", "9"])
            #expect(carried.status == 0, "\(carried.stderr)")
            #expect(carried.stdout.contains("task 9 of 2022") && carried.stdout.contains("as task 901"), "\(carried.stdout)")
            let twice = try await admin.run(["admin", "plan", "carry-over", "--from", "2022", "--task", "9"], language: "zh_CN.UTF-8")
            #expect(twice.status != 0 && twice.stderr.contains("已结转至 2023 年"), "\(twice.stderr)")
            #expect(try await admin.run(["sync"]).status == 0)
            let unknownYear = try await admin.run(["tasks", "--year", "2030"])
            #expect(unknownYear.status != 0 && unknownYear.stderr.contains("no plan of 2030"), "\(unknownYear.stderr)")
            #expect(unknownYear.stderr.contains("2022") && unknownYear.stderr.contains("2023"), "both plans held: \(unknownYear.stderr)")

            // A file over the server's limit is refused before it is sent.
            let big = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID().uuidString).docx")
            defer { try? FileManager.default.removeItem(at: big) }
            try Data(count: AdminImportLimit.noticeBytes + 1).write(to: big)
            let refused = try await admin.run(["admin", "plan", "import", big.path, "--dry-run"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("larger than 20 MiB"), "\(refused.stderr)")
        }
    }
}
