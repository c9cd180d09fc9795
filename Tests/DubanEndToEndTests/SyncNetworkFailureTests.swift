import DubanCore
import DubanTestSupport
import Foundation
import Postgres
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The link fails where it hurts most: the server's answer cut off after the server stored the
/// mutations (a proxy drops the connection mid-response), and the server killed mid-request. The
/// next sync completes with nothing lost or doubled.
@Suite(.serialized) struct SyncNetworkFailureTests {
    @Test func answersCutMidResponseAndAServerKilledMidRequestLoseAndDoubleNothing() async throws {
        try await LoadedDatabase.with { database, oneTimePassword in
            let port = try ProcessRunner.freePort()
            var server = try await ServerProcess(database: database, port: port)
            defer { server.stop() }
            let proxy = try CuttingProxy(upstreamPort: port)
            defer { proxy.stop() }
            let world = SyncWorld(database: database, server: server, admin: CLIInstallation())
            defer { world.admin.remove() }
            _ = try await world.admin.run(["login", "--server", server.base.absoluteString, "--login", "admin", "--password-stdin"],
                                          input: oneTimePassword + "\n")
            _ = try await world.admin.run(["password", "--stdin"], input: "\(oneTimePassword)\nAdmin-pass-2024\n")
            _ = try await world.addStaff("tianma1", unit: "jd-tianma")
            // The device talks to the server through the proxy.
            let device = Device()
            defer { device.remove() }
            let signedIn = try await device.run(["login", "--server", "http://127.0.0.1:\(proxy.port)", "--login", "tianma1",
                                                 "--password-stdin"], input: "Staff-pass-2024\n")
            try #require(signedIn.status == 0, "\(signedIn.stderr)")
            try await device.ok(["sync"])

            var ids: [String] = []
            var written = 0
            for node in 1...4 {
                ids.append(try #require(Device.reportId(in: try await device.ok([
                    "report", "new", "--task", "9", "--node", String(node), "--text", "节点 \(node)", "--offline"]))))
                written += 1
            }
            let connection = try await PostgresConnection.connect(TestDatabase.superuser(database), logger: TestDatabase.defaultLogger)
            defer { connection.close() }
            func stored() async throws -> Int {
                try await connection.query("SELECT count(*) FROM duban.report_revisions")[0].decode(Int.self, at: 0)
            }

            // Answers cut after the status line, inside the headers, inside the body.
            for cut in [20, 150, 600] {
                for id in ids {
                    try await device.ok(["report", "edit", id, "--text", "\(id) cut \(cut)", "--offline"])
                    written += 1
                }
                proxy.cutResponses(after: cut)
                let failed = try await device.run(["sync"])
                #expect(failed.status == 1, "cut at \(cut): \(failed.stdout)")
                #expect(failed.stderr.hasPrefix("error: cannot reach the server"), "\(failed.stderr)")
                #expect(try await stored() > 0)
                proxy.cutResponses(after: nil)
            }
            #expect(try await stored() == written, "the server stored every mutation although no answer arrived")

            // The server killed while a sync is in flight, then started again on the same address.
            for id in ids {
                try await device.ok(["report", "edit", id, "--text", "\(id) killed", "--offline"])
                written += 1
            }
            proxy.delayResponses(by: .milliseconds(400))
            let inFlight = try device.launch(["sync"], extra: ["DUBAN_SYNC_BATCH": "1"])
            try await Task.sleep(for: .milliseconds(600))
            kill(server.running.process.processIdentifier, SIGKILL)
            server.running.process.waitUntilExit()
            inFlight.process.waitUntilExit()
            #expect(inFlight.finish().status == 1)
            proxy.delayResponses(by: nil)
            server = try await ServerProcess(database: database, port: port)

            let final = try await device.ok(["sync"])
            #expect(final.contains("rejected 0") && final.contains("conflicts 0"), "\(final)")
            let total = try await stored()
            #expect(total == written, "nothing lost, nothing doubled: \(total) of \(written)")
            #expect(try await device.ok(["status"]).contains("outbox: 0 waiting"))
            for id in ids {
                let report = try await device.report(id)
                #expect(report.revisions.allSatisfy { $0.state == "synced" && !$0.inConflict })
                #expect(report.revisions.last?.content.text == "\(id) killed")
            }
            #expect(try await device.ok(["sync", "--verify"]).contains("match the server"))
        }
    }
}

/// A TCP proxy on loopback that forwards requests whole and, when told, cuts the answer to a sync
/// that carried mutations after a number of bytes (closing both sides), or holds answers back.
final class CuttingProxy: @unchecked Sendable {
    let port: Int
    private let upstreamPort: Int
    private let listener: Int32
    private let lock = NSLock()
    private var cut: Int?
    private var delay: Duration?
    private var stopped = false

    init(upstreamPort: Int) throws {
        self.upstreamPort = upstreamPort
        port = try ProcessRunner.freePort()
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.address(port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func cutResponses(after bytes: Int?) {
        lock.withLock { cut = bytes }
    }

    func delayResponses(by duration: Duration?) {
        lock.withLock { delay = duration }
    }

    func stop() {
        lock.withLock { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private static func address(_ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.address(upstreamPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                close(client)
                close(upstream)
                continue
            }
            let (limit, wait) = lock.withLock { (cut, delay) }
            let pair = SocketPair(client, upstream)
            Thread { Self.pump(from: client, to: upstream, limit: nil, wait: nil, pair: pair, request: true) }.start()
            Thread { Self.pump(from: upstream, to: client, limit: limit, wait: wait, pair: pair, request: false) }.start()
        }
    }

    /// Copies bytes until either side closes. Requests carrying mutations arm the connection; from
    /// then on the answer is cut after `limit` bytes.
    private static func pump(from source: Int32, to target: Int32, limit: Int?, wait: Duration?, pair: SocketPair, request: Bool) {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let marker = Array(#""mutations":[{"#.utf8)
        var passed = 0
        while true {
            let count = read(source, &buffer, buffer.count)
            if count <= 0 { break }
            if request, buffer[0..<count].firstRange(of: marker) != nil { pair.arm() }
            // Every chunk of an answer waits (not only a connection's first): the client keeps its
            // connection alive across a sync's requests, and each of them must stay slow.
            if !request, let wait {
                Thread.sleep(forTimeInterval: Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18)
            }
            var length = count
            let cutting = limit != nil && pair.armed
            if cutting, let limit { length = min(count, limit - passed) }
            if length > 0 {
                _ = buffer.withUnsafeBytes { write(target, $0.baseAddress!, length) }
            }
            if cutting {
                passed += length
                if let limit, passed >= limit { break }
            }
        }
        pair.finish()
    }
}

/// Both sockets of one proxied connection: shut down when either direction ends, closed (the
/// numbers freed for reuse) only when both have.
final class SocketPair: @unchecked Sendable {
    private let sockets: (Int32, Int32)
    private let lock = NSLock()
    private var ended = 0
    private var isArmed = false

    var armed: Bool { lock.withLock { isArmed } }

    func arm() {
        lock.withLock { isArmed = true }
    }

    init(_ first: Int32, _ second: Int32) {
        sockets = (first, second)
    }

    func finish() {
        lock.withLock {
            ended += 1
            if ended == 1 {
                shutdown(sockets.0, Int32(SHUT_RDWR))
                shutdown(sockets.1, Int32(SHUT_RDWR))
            } else {
                close(sockets.0)
                close(sockets.1)
            }
        }
    }
}
