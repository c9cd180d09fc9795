@testable import DubanServer
import DubanTestSupport
import Foundation
import Postgres
import Testing

/// The one rule of who sees which change: the SQL the pull runs (each of its ways), a task's history
/// and the in-memory filter the long poll's notifier uses give the same changes.
@Suite struct ChangeScopeTests {
    @Test func theSQLAndTheInMemoryRuleAgree() async throws {
        try await TestDatabase.withDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration, logger: Fixtures.logger)
            defer { connection.close() }
            _ = try await Fixtures.migrator().migrate(on: connection, logger: Fixtures.logger)
            // Changes of units 1–4 on tasks 1–5, plan-wide ones, unit-only and task-only ones.
            var all: [(seq: Int64, unit: Int64?, task: Int64?)] = []
            let units: [Int64?] = [nil, 1, 2, 3, 4]
            let tasks: [Int64?] = [nil, 1, 2, 3, 4, 5]
            for unit in units {
                for task in tasks {
                    for _ in 0..<2 {
                        let seq = try await connection.query("""
                            SELECT duban.record_change('test', 'x', \(unit), \(task), '{}'::jsonb)
                            """)[0].decode(Int64.self, at: 0)
                        all.append((seq, unit, task))
                    }
                }
            }
            let scopes = [
                ChangeScope(unitID: 1, reach: .ownUnitAndLedTasks, ledTasks: []),
                ChangeScope(unitID: 1, reach: .ownUnitAndLedTasks, ledTasks: [2, 5]),
                ChangeScope(unitID: 3, reach: .ownUnitAndLedTasks, ledTasks: [1, 2, 3, 4, 5]),
                ChangeScope(unitID: 9, reach: .ownUnitAndLedTasks, ledTasks: [4]),
                ChangeScope(unitID: 2, reach: .everyUnit, ledTasks: []),
                ChangeScope(unitID: 2, reach: .none, ledTasks: [1]),
            ]
            for scope in scopes {
                let expected = all.filter { scope.sees(unitID: $0.unit, taskID: $0.task) }.map(\.seq)
                for rangeScan in [1, 1000] {
                    for cursor in [Int64(0), all[all.count / 2].seq] {
                        let rows = try await scope.changes(after: cursor, limit: 1000, rangeScanFromLedTasks: rangeScan, on: connection)
                        let seqs = try rows.map { try $0.decode(Int64.self, at: 0) }
                        #expect(seqs == expected.filter { $0 > cursor }, "\(scope), range scan from \(rangeScan), after \(cursor)")
                        let any = try await scope.anyChange(after: cursor, newest: all.last!.seq, on: connection)
                        #expect(any == expected.contains { $0 > cursor }, "\(scope)")
                    }
                }
                // One task's history: the same rule, for that task only.
                for task in tasks.compactMap({ $0 }) {
                    let history = try await scope.changes(ofTask: task, after: 0, through: all.last!.seq, limit: 1000, on: connection)
                    #expect(try history.map { try $0.decode(Int64.self, at: 0) } == all.filter { $0.task == task }
                        .filter { scope.sees(unitID: $0.unit, taskID: $0.task) }.map(\.seq), "\(scope), task \(task)")
                }
                // Limited pages keep the order.
                let page = try await scope.changes(after: 0, limit: 3, rangeScanFromLedTasks: 1000, on: connection)
                #expect(try page.map { try $0.decode(Int64.self, at: 0) } == Array(expected.prefix(3)))
            }
        }
    }
}
