import Foundation
import Testing

/// Deploy/BACKUP.md's point-in-time recovery, done for real by `Tools/pitr-drill`: WAL archiving, a
/// base backup, a mistake after a noted time, recovery of the base backup up to that time in a new
/// data directory, the new epoch, and the server ready on the recovered cluster.
@Suite struct PointInTimeRecoveryDrillTests {
    @Test func theDocumentedRecoveryStopsJustBeforeTheMistake() async throws {
        let script = ProcessRunner.root.appendingPathComponent("Tools/pitr-drill").path
        let server = ProcessRunner.binDirectory.appendingPathComponent("duban-server").path
        let result = try await SyncRestoreTests.tool("/usr/bin/env", ["bash", script], environment: ["DUBAN_SERVER_BIN": server])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("ok: the mistake after the target is not"), "\(result.stderr)")
        #expect(result.stderr.contains("ok: the unit added before the target is there"))
        #expect(result.stderr.contains("point-in-time recovery drill: 7 checks held"), "\(result.stderr)")
    }
}
