import DubanTestSupport
import Foundation
import Testing

/// The real `duban` against a real `duban-server`: a server error's request id is printed under the
/// message, and the server's JSON log has a line with the same `request_id`.
@Suite struct CLIObservabilityTests {
    @Test func aServerErrorsRequestIdIsPrintedAndFoundInTheServersLog() async throws {
        try await LoadedDatabase.with { database, _ in
            let server = try await ServerProcess(database: database,
                                                 environment: ["DUBAN_LOG_LEVEL": "debug", "DUBAN_LOG_FORMAT": "json"])
            defer { server.stop() }
            let client = CLIInstallation()
            defer { client.remove() }
            let login = ["login", "--server", server.base.absoluteString, "--login", "admin", "--password-stdin"]

            let wrong = try await client.run(login, input: "not-the-password\n")
            #expect(wrong.status == 1)
            #expect(wrong.errorLines.first == "error: wrong login or password", "\(wrong.stderr)")
            let id = try #require(wrong.requestId, "\(wrong.stderr)")
            #expect(wrong.errorLines.count == 2 && wrong.errorLines.last == "request id: \(id)"[...], "\(wrong.stderr)")
            #expect(id.wholeMatch(of: #/[0-9a-f]{32}/#) != nil, "\(id)")

            let wrongZh = try await client.run(login, input: "not-the-password\n", language: "zh_CN.UTF-8")
            #expect(wrongZh.errorLines.first == "错误：账号或密码错误", "\(wrongZh.stderr)")
            let idZh = try #require(wrongZh.requestId, "\(wrongZh.stderr)")
            #expect(wrongZh.errorLines.last == "请求编号：\(idZh)"[...] && idZh != id, "\(wrongZh.stderr)")

            // The server's log: JSON lines, one of them about that request.
            var logged: [[String: Any]] = []
            for _ in 0..<50 {
                logged = server.running.stderrSoFar.split(separator: "\n").compactMap {
                    try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                }
                if logged.contains(where: { $0["request_id"] as? String == idZh }) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(logged.contains { $0["request_id"] as? String == id }, "no log line of request \(id)")
            #expect(logged.contains { $0["request_id"] as? String == idZh }, "no log line of request \(idZh)")

            // The two refusals are counted under the route's pattern.
            let metrics = try await server.request("GET", "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.body.contains(#"duban_http_requests_total{method="POST",route="/v1/session",status="401"} 2"#),
                    "\(metrics.body.prefix(2000))")
        }
    }
}
