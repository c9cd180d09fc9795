import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `Tools/faults.d/tcp_proxy.py` (the fault suite's proxy) between `duban` and the server, switched
/// between `pass`, `cut N`, `trickle R`, `stall N` and `refuse` for each new connection.
final class FaultProxy: @unchecked Sendable {
    let port: Int
    private let running: ProcessRunner.Running
    private let modeFile: URL

    /// Starts the proxy in front of `upstreamPort`, passing everything, and waits until it listens.
    init(upstreamPort: Int) async throws {
        port = try ProcessRunner.freePort()
        modeFile = FileManager.default.temporaryDirectory.appendingPathComponent("duban-proxy-\(UUID().uuidString)")
        try Data("pass\n".utf8).write(to: modeFile)
        let script = ProcessRunner.root.appendingPathComponent("Tools/faults.d/tcp_proxy.py").path
        running = try ProcessRunner.launch("/usr/bin/env", ["python3", script, "--listen", String(port),
                                                            "--target", String(upstreamPort), "--mode-file", modeFile.path])
        for _ in 0..<100 {
            let out = (try? String(contentsOf: running.stdoutURL, encoding: .utf8)) ?? ""
            if out.hasPrefix("ready") { return }
            guard running.process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        stop()
        throw ProxyDidNotStart(log: running.stderrSoFar)
    }

    /// How the next connections are treated, e.g. `"trickle 1"`, `"stall 0"`, `"pass"`.
    func set(_ mode: String) throws {
        try Data((mode + "\n").utf8).write(to: modeFile, options: .atomic)
    }

    /// Kills the proxy with SIGKILL: it inherits the test process's blocked signal mask, so a
    /// SIGTERM would stay pending forever.
    func stop() {
        if running.process.isRunning {
            kill(running.process.processIdentifier, SIGKILL)
            running.process.waitUntilExit()
        }
        _ = running.finish()
        try? FileManager.default.removeItem(at: modeFile)
    }

    struct ProxyDidNotStart: Error, CustomStringConvertible {
        var log: String
        var description: String { "tcp_proxy.py did not start:\n\(log)" }
    }
}
