import DubanTestSupport
import Foundation
import Postgres
import Testing

/// The real `duban-server import-plan` on hostile `.docx` notices: a clear error naming the problem,
/// bounded time and memory (peak RSS measured by GNU time), no crash, and nothing imported.
@Suite struct HostileInputImportPlanTests {
    /// Each file and a phrase its error message must hold.
    static func files() -> [(name: String, bytes: [UInt8], phrase: String)] {
        var many = (0..<20_000).map { HostileZip.Entry.stored("media/image\($0).png", [0x89, 0x50]) }
        many.append(.stored("word/document.xml", Array("<w:document/>".utf8)))
        let sample = (try? Data(contentsOf: ProcessRunner.root.appendingPathComponent("Deploy/sample/notice-2022.docx"))).map(Array.init) ?? []
        return [
            ("not a zip", Array("这不是 Word 文件".utf8), "cannot be opened as a zip archive"),
            ("a truncated zip", Array(sample.prefix(sample.count / 2)), "cannot be opened as a zip archive"),
            ("a 3 GiB bomb", HostileZip.docxBomb(inflatedBytes: 3 << 30), "zip bomb"),
            ("a 3 GiB bomb claiming 1000 bytes", HostileZip.docxBomb(inflatedBytes: 3 << 30, claimedSize: 1000), "zip bomb"),
            ("20 000 entries", HostileZip.archive(many), "more than 10000 entries"),
        ]
    }

    @Test func hostileNoticesAreRefusedWithBoundedTimeAndMemory() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("duban-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try await TestDatabase.withDatabase { configuration in
            let env = ProcessRunner.databaseEnvironment(configuration.parameters)
            #expect(try await ProcessRunner.run("duban-server", ["migrate"], environment: env).status == 0)
            let units = try await ProcessRunner.run("duban-server", [
                "import-units", ProcessRunner.root.appendingPathComponent("Deploy/sample/units-sample.csv").path], environment: env)
            #expect(units.status == 0, "\(units.stderr)")
            for (index, (name, bytes, phrase)) in Self.files().enumerated() {
                #expect(bytes.count > 0)
                let file = dir.appendingPathComponent("notice-\(index).docx")
                try Data(bytes).write(to: file)
                let server = ProcessRunner.binary("duban-server").path
                let result = try await ProcessRunner.run("/usr/bin/time", ["-f", "hostile-rss-kib=%M hostile-seconds=%e", server,
                                                                           "import-plan", file.path], environment: env, timeout: 60)
                #expect(result.status != 0, "\(name) was imported: \(result.stdout)")
                #expect(result.stderr.contains(phrase), "\(name): \(result.stderr)")
                #expect(!result.stderr.contains("Fatal error"), "\(name): \(result.stderr)")
                let rss = result.stderr.firstMatch(of: /hostile-rss-kib=(\d+)/).flatMap { Int($0.1) }
                let seconds = result.stderr.firstMatch(of: /hostile-seconds=([\d.]+)/).flatMap { Double($0.1) }
                #expect(rss != nil && seconds != nil, "\(result.stderr)")
                // The reader inflates at most 20 MiB of a part and reads at most a 20 MiB file.
                #expect((rss ?? .max) < 256 * 1024, "\(name): peak RSS \(rss ?? -1) KiB")
                #expect((seconds ?? .infinity) < 30, "\(name): \(seconds ?? -1) s")
                print("hostile input: import-plan \(name) (\(bytes.count) bytes): refused, peak RSS \(rss ?? -1) KiB, \(seconds ?? -1) s")
            }
            let connection = try await PostgresConnection.connect(configuration, logger: TestDatabase.defaultLogger)
            defer { connection.close() }
            let counts = try await connection.query("SELECT (SELECT count(*) FROM duban.plans), (SELECT count(*) FROM duban.tasks)")[0]
            #expect(try counts.decode(Int64.self, at: 0) == 0, "nothing imported")
            #expect(try counts.decode(Int64.self, at: 1) == 0, "nothing imported")
        }
    }
}
