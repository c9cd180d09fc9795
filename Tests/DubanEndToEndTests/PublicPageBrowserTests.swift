import DubanCore
import DubanTestSupport
import Foundation
import Testing

/// The public progress page of a real `duban-server`, rendered by headless Chromium through
/// `Tools/public-page-check` (a phone-width screenshot and the DOM the browser built).
///
/// Without Chromium the test is skipped, except under `CI=true`, where a missing browser is a failure.
@Suite struct PublicPageBrowserTests {
    /// The browser the script will use, if installed: `$CHROMIUM`, else chromium or chromium-browser on the PATH.
    static let chromium: String? = {
        let environment = ProcessInfo.processInfo.environment
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        let names = environment["CHROMIUM"].map { $0.isEmpty ? [] : [$0] } ?? ["chromium", "chromium-browser"]
        for name in names {
            let candidates = name.contains("/") ? [name] : path.map { "\($0)/\(name)" }
            if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) { return found }
        }
        return nil
    }()

    static let onCI = ProcessInfo.processInfo.environment["CI"] == "true"

    @Test(.enabled(if: chromium != nil || onCI, "chromium is not installed (apt-get install chromium); skipped outside CI"))
    func chromiumShowsTheTenTasksOfTheSeedPlan() async throws {
        try #require(Self.chromium != nil, "chromium is not installed: CI must install it (Tools/test does)")
        let notice = ProcessRunner.root.appendingPathComponent("Deploy/sample/notice-2022.txt")
        let plan = try NoticeParser.parse(try NoticeDocument(plainText: try String(contentsOf: notice, encoding: .utf8)))
        #expect(plan.tasks.count == 10)
        try await LoadedDatabase.with { database, _ in
            let server = try await ServerProcess(database: database)
            defer { server.stop() }
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("duban-public-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: output) }
            let script = ProcessRunner.root.appendingPathComponent("Tools/public-page-check").path
            var arguments = [script, server.base.appendingPathComponent("public").absoluteString, output.path, "--tasks", "10",
                             "--expect", "不涉及本区", "--expect", "暂无公开进展"]
            for task in plan.tasks { arguments += ["--expect", task.title] }
            let check = try await ProcessRunner.run("/usr/bin/env", ["bash"] + arguments, environment: ["CHROMIUM": Self.chromium!],
                                                    timeout: 240)
            #expect(check.status == 0, "public-page-check: \(check.stdout)\n\(check.stderr)")

            let screenshot = try Data(contentsOf: output.appendingPathComponent("public.png"))
            #expect(screenshot.count > 5 * 1024, "a rendered page, not a blank one: \(screenshot.count) bytes")
            #expect(screenshot.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
            let dom = try String(contentsOf: output.appendingPathComponent("public.html"), encoding: .utf8)
            for task in plan.tasks {
                #expect(dom.contains(task.title), "task \(task.number) \(task.title) in the rendered page")
            }
            #expect(dom.contains("lang=\"zh-CN\""))
            #expect(!dom.contains("<script"))
        }
    }
}
