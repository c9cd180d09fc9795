import DubanCore
import DubanTestSupport
import Foundation
import Postgres
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `duban sync` killed with SIGKILL at random moments, and an evidence upload cut halfway: the next
/// run finishes the work with nothing lost and nothing applied twice.
@Suite(.serialized) struct SyncInterruptionTests {
    /// A file that looks like a PDF, `size` bytes of seeded noise after the header.
    static func pdf(size: Int, seed: UInt64) -> Data {
        var bytes = [UInt8](Array("%PDF-1.7\n".utf8))
        bytes.reserveCapacity(size)
        var state = seed
        while bytes.count < size {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            bytes.append(UInt8(truncatingIfNeeded: state >> 33))
        }
        return Data(bytes)
    }

    static func write(_ data: Data, name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("duban-\(UUID().uuidString)-\(name)")
        try data.write(to: url)
        return url
    }

    @Test func killedFiftyTimesDuringSyncThenSyncedToTheEnd() async throws {
        try await SyncWorld.with { world in
            _ = try await world.addStaff("tianma1", unit: "jd-tianma")
            let device = try await world.device("tianma1")
            let other = try await world.device("tianma1")
            defer {
                device.remove()
                other.remove()
            }
            // Small batches and pages: many round trips, so a kill lands between any two steps.
            let slow = ["DUBAN_SYNC_BATCH": "3", "DUBAN_SYNC_PAGE": "4"]
            var ids: [String] = []
            for node in 1...4 {
                let out = try await device.ok(["report", "new", "--task", "9", "--node", String(node), "--text", "r\(node) e0", "--offline"])
                ids.append(try #require(Device.reportId(in: out)))
            }
            let evidence = try Self.write(Self.pdf(size: 9 << 20, seed: 42), name: "photos.pdf")
            defer { try? FileManager.default.removeItem(at: evidence) }
            try await device.ok(["report", "edit", ids[0], "--attach", evidence.path, "--offline"])
            var written: [String: [String]] = [:]
            for (index, id) in ids.enumerated() { written[id] = ["r\(index + 1) e0"] }
            written[ids[0], default: []].append("r1 e0")  // the evidence edit keeps the text

            var killed = 0
            var rng = SystemRandomNumberGenerator()
            for round in 1...50 {
                // Keep work in the outbox: two more edits per round.
                for _ in 0..<2 {
                    let index = Int.random(in: 0..<ids.count, using: &rng)
                    let text = "r\(index + 1) e\(round)-\(written[ids[index]]!.count)"
                    try await device.ok(["report", "edit", ids[index], "--text", text, "--offline"])
                    written[ids[index], default: []].append(text)
                }
                let sync = try device.launch(["sync"], extra: slow)
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...300, using: &rng)))
                if sync.process.isRunning {
                    kill(sync.process.processIdentifier, SIGKILL)
                    killed += 1
                }
                sync.process.waitUntilExit()
                _ = sync.finish()
            }
            #expect(killed >= 10, "most syncs were interrupted (\(killed))")

            let final = try await device.ok(["sync"], extra: slow)
            #expect(final.contains("rejected 0"), "\(final)")
            #expect(try await device.ok(["status"]).contains("outbox: 0 waiting"))
            let outbox = try JSONSerialization.jsonObject(with: Data(try await device.ok(["outbox", "--format", "json"]).utf8))
            #expect((outbox as? [Any])?.isEmpty == true, "nothing waiting, nothing quarantined")
            try await other.ok(["sync"])

            let superuser = try await world.superuser()
            defer { superuser.close() }
            let serverRevisions = try await superuser.query("SELECT count(*) FROM duban.report_revisions")[0].decode(Int.self, at: 0)
            let serverReports = try await superuser.query("SELECT count(*) FROM duban.reports")[0].decode(Int.self, at: 0)
            let conflicts = try await superuser.query("SELECT count(*) FROM duban.report_revisions WHERE in_conflict")[0].decode(Int.self, at: 0)
            let total = written.values.reduce(0) { $0 + $1.count }
            #expect(serverReports == 4, "every report exactly once")
            #expect(serverRevisions == total, "every edit stored exactly once: \(serverRevisions) of \(total)")
            #expect(conflicts == 0, "one device's chained edits never conflict with themselves")
            for id in ids {
                for client in [device, other] {
                    let shown = try await client.report(id)
                    #expect(shown.revisions.allSatisfy { $0.state == "synced" })
                    #expect(shown.revisions.map(\.content.text) == written[id], "\(id): revisions in the order written")
                    #expect(shown.revisions.map(\.revision) == Array(1...written[id]!.count).map { Optional($0) })
                }
            }
            #expect(try await device.reports().count == 4)
            let verified = try await device.ok(["sync", "--verify"])
            #expect(verified.contains("match the server"), "the client's count equals the server's: \(verified)")
        }
    }

    @Test func aFortyMebibyteUploadInterruptedHalfwayResumesFromTheServersOffset() async throws {
        try await SyncWorld.with { world in
            _ = try await world.addStaff("tianma1", unit: "jd-tianma")
            let device = try await world.device("tianma1")
            let reader = try await world.device("tianma1")
            defer {
                device.remove()
                reader.remove()
            }
            let size = 40 << 20
            let content = Self.pdf(size: size, seed: 7)
            let file = try Self.write(content, name: "site-visit.pdf")
            defer { try? FileManager.default.removeItem(at: file) }
            let sha = try SHA256Hex.of(file: file)
            let id = try #require(Device.reportId(in: try await device.ok([
                "report", "new", "--task", "9", "--node", "1", "--text", "现场照片", "--attach", file.path, "--offline"])))

            let superuser = try await world.superuser()
            defer { superuser.close() }
            func received() async throws -> Int64 {
                try await superuser.query("""
                    SELECT coalesce(max(received), 0)
                      FROM (SELECT received FROM duban.evidence_uploads WHERE sha256 = \(sha)
                            UNION ALL SELECT size FROM duban.evidence_files WHERE sha256 = \(sha)) AS held
                    """)[0]
                    .decode(Int64.self, at: 0)
            }
            let sync = try device.launch(["sync", "--verbose"])
            let deadline = Date().addingTimeInterval(60)
            while try await received() < Int64(size / 2), sync.process.isRunning, Date() < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            kill(sync.process.processIdentifier, SIGKILL)
            sync.process.waitUntilExit()
            _ = sync.finish()
            // A chunk the server was still storing lands, or not: wait until no statement of the server's
            // is running any more (the client is gone; the server finishes or drops what it had).
            let settleDeadline = Date().addingTimeInterval(120)
            while try await superuser.query("""
                SELECT count(*) FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
                   AND usename = 'duban_server'
                """)[0].decode(Int.self, at: 0) > 0, Date() < settleDeadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            // A chunk whose body the server had read in full may still reach its statement after that: the
            // count must also stay the same across a second of polls before it is taken.
            var held = try await received()
            var steadySince = Date()
            while Date().timeIntervalSince(steadySince) < 1, Date() < settleDeadline {
                try await Task.sleep(for: .milliseconds(100))
                let now = try await received()
                if now != held { held = now; steadySince = Date() }
            }
            #expect(held >= Int64(size / 2) && held < Int64(size), "interrupted halfway: \(held)")

            let resumed = try await device.ok(["sync", "--verbose"])
            let sent = try #require(resumed.split(separator: "\n").first { $0.hasPrefix("uploaded bytes: ") }
                .flatMap { Int64($0.dropFirst("uploaded bytes: ".count)) }, "\(resumed)")
            #expect(sent == Int64(size) - held, "only the missing \(Int64(size) - held) bytes were sent, not \(sent)")
            #expect(resumed.contains("pushed 1"), "\(resumed)")
            let stored = try await superuser.query("SELECT complete FROM duban.evidence_files WHERE sha256 = \(sha)")[0]
            #expect(try stored.decode(Bool.self, at: 0), "complete: the server verified the hash")

            // Another device downloads it through the report: the same bytes.
            try await reader.ok(["sync"])
            #expect(try await reader.report(id).revisions.last?.content.evidence == [sha])
            let copy = FileManager.default.temporaryDirectory.appendingPathComponent("duban-\(UUID().uuidString).pdf")
            defer { try? FileManager.default.removeItem(at: copy) }
            try await reader.ok(["evidence", "get", String(sha.prefix(12)), "--output", copy.path])
            #expect(try SHA256Hex.of(file: copy) == sha)
        }
    }
}

/// SHA-256 of a file by coreutils' `sha256sum`, independent of the client's code (this target does
/// not link swift-crypto).
enum SHA256Hex {
    static func of(file: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(String(decoding: output, as: UTF8.self).prefix(64))
    }
}
