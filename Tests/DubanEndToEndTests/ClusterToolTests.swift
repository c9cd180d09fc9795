import Foundation
import Testing

/// Several servers on this machine, for real: `Tools/cluster --quick` starts a PostgreSQL primary and a
/// streaming replica, pgbouncer, two duban-servers and nginx with TLS from the files of Deploy/, runs
/// real `duban` clients through https (sign-in, offline reports, sync, review, a long poll woken
/// through the other server, oversight on the replica), SIGKILLs one server and checks the clients
/// carry on and nothing is lost. The test build's binaries are used (no second build).
@Suite struct ClusterToolTests {
    @Test func theQuickClusterRunHoldsEveryCheck() async throws {
        let script = ProcessRunner.root.appendingPathComponent("Tools/cluster").path
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("duban-cluster-test-\(UUID().uuidString.prefix(8))").path
        // Detached (every inherited descriptor above 2 closed first): Foundation's Process counts the
        // script as running while any daemon it started holds a descriptor Process passed down.
        let result = try await FaultCluster.detached(["bash", script, "--quick"], environment: [
            "DUBAN_CLUSTER_BIN_DIR": ProcessRunner.binDirectory.path,
            "DUBAN_CLUSTER_DIR": state,
        ], timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("ok   pgbouncer: duban_server signs in with SCRAM through it"), "\(result.stderr)")
        #expect(result.stderr.contains("ok   after the kill every sync succeeded through nginx"), "\(result.stderr)")
        #expect(result.stderr.contains("ok   duban sync --verify agrees with the server on every device"), "\(result.stderr)")
        #expect(result.stderr.contains("ok   the watching client was woken and pulled the change well before its 300 s interval"), "\(result.stderr)")
        #expect(result.stderr.contains("ok   the replica holds the same revisions"), "\(result.stderr)")
        #expect(result.stderr.contains(", 0 failed"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: state), "Tools/cluster left \(state) behind")
    }
}
