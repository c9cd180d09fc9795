@testable import DubanServer
import DubanTestSupport
import Foundation
import Logging
import Postgres
import Testing

/// The rules that let a long poll trust a notification instead of polling: a waiter is woken by a
/// change it may see, numbered after its check; anything that could have been missed makes it check again.
@Suite struct ChangeNotifierTests {
    private func notifier() -> ChangeNotifier {
        ChangeNotifier(configuration: .environment, logger: Logger(label: "test"))
    }

    private let tianma = ChangeNotifier.Audience(unitID: 7, reach: .ownUnitAndLedTasks, ledTasks: [9])

    @Test func payloadsParse() {
        #expect(ChangeNotifier.Change(payload: "12:7:") == .init(seq: 12, unitID: 7, taskID: nil))
        #expect(ChangeNotifier.Change(payload: "13::9") == .init(seq: 13, unitID: nil, taskID: 9))
        #expect(ChangeNotifier.Change(payload: "14::") == .init(seq: 14, unitID: nil, taskID: nil))
        #expect(ChangeNotifier.Change(payload: "x:1:2") == nil)
        #expect(ChangeNotifier.Change(payload: "15:1") == nil)
    }

    @Test func audienceFollowsThePullsRule() {
        #expect(tianma.sees(.init(seq: 1, unitID: 7, taskID: 3)), "its own report")
        #expect(tianma.sees(.init(seq: 1, unitID: nil, taskID: nil)), "plan-wide (a circular)")
        #expect(tianma.sees(.init(seq: 1, unitID: 8, taskID: 9)), "another unit's report on a task it leads")
        #expect(!tianma.sees(.init(seq: 1, unitID: 8, taskID: 3)), "another unit's report elsewhere")
        #expect(!tianma.sees(.init(seq: 1, unitID: nil, taskID: 3)), "a task it does not lead")
        let office = ChangeNotifier.Audience(unitID: 1, reach: .everyUnit, ledTasks: [])
        #expect(office.sees(.init(seq: 1, unitID: 8, taskID: 3)))
    }

    @Test func notListeningMeansPollingAgainAfterAPause() async {
        let notifier = notifier()
        let started = ContinuousClock.now
        let outcome = await notifier.wait(for: tianma, checkedThrough: 5, generation: notifier.generation, until: .now + .seconds(10))
        #expect(outcome == .recheck)
        #expect(ContinuousClock.now - started >= .milliseconds(900), "a second between checks, not a busy loop")
    }

    @Test func aVisibleChangeWakesTheWaiterAndAnInvisibleOneDoesNot() async throws {
        let notifier = notifier()
        notifier.setListening(true)
        let generation = notifier.generation
        async let outcome = notifier.wait(for: tianma, checkedThrough: 5, generation: generation, until: .now + .seconds(20))
        try await waitUntil { notifier.waiterCount == 1 }
        notifier.announce(.init(seq: 6, unitID: 8, taskID: 3))
        try await Task.sleep(for: .milliseconds(100))
        #expect(notifier.waiterCount == 1, "another unit's change elsewhere leaves it waiting")
        notifier.announce(.init(seq: 7, unitID: 8, taskID: 9))
        #expect(await outcome == .changed(7))
        #expect(notifier.waiterCount == 0)
    }

    @Test func aChangeAnnouncedBetweenTheCheckAndTheWaitIsNotMissed() async {
        let notifier = notifier()
        notifier.setListening(true)
        let generation = notifier.generation
        // The database check saw 5; change 6 was announced before the waiter registered.
        notifier.announce(.init(seq: 6, unitID: 7, taskID: nil))
        #expect(await notifier.wait(for: tianma, checkedThrough: 5, generation: generation, until: .now + .seconds(20)) == .changed(6))
        // A waiter whose check already saw 6 is not woken by it.
        #expect(await notifier.wait(for: tianma, checkedThrough: 6, generation: generation, until: .now + .milliseconds(200)) == .timeout)
    }

    @Test func aReconnectMakesEveryWaiterCheckAgain() async throws {
        let notifier = notifier()
        notifier.setListening(true)
        let before = notifier.generation
        async let outcome = notifier.wait(for: tianma, checkedThrough: 5, generation: before, until: .now + .seconds(20))
        try await waitUntil { notifier.waiterCount == 1 }
        notifier.setListening(false)
        #expect(await outcome == .recheck, "changes made while the listener was away are unknown")
        notifier.setListening(true)
        #expect(notifier.generation == before + 1)
        // A check made during the old connection cannot be trusted: check again, at once.
        let started = ContinuousClock.now
        #expect(await notifier.wait(for: tianma, checkedThrough: 5, generation: before, until: .now + .seconds(20)) == .recheck)
        // At once, not at the 20 s deadline (the bound leaves room for a loaded machine).
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func aHistoryThatNoLongerReachesBackMakesTheWaiterCheckAgain() async {
        let notifier = notifier()
        notifier.setListening(true)
        let generation = notifier.generation
        for seq in 1...Int64(2 * ChangeNotifier.historyLimit + 10) {
            notifier.announce(.init(seq: seq, unitID: 99, taskID: nil))
        }
        #expect(await notifier.wait(for: tianma, checkedThrough: 5, generation: generation, until: .now + .seconds(20)) == .recheck)
        let newest = Int64(2 * ChangeNotifier.historyLimit + 10)
        #expect(await notifier.wait(for: tianma, checkedThrough: newest, generation: generation, until: .now + .milliseconds(200)) == .timeout)
    }

    @Test func aCancelledWaitEndsAndLeavesNoWaiter() async throws {
        let notifier = notifier()
        notifier.setListening(true)
        let generation = notifier.generation
        let task = Task { await notifier.wait(for: tianma, checkedThrough: 5, generation: generation, until: .now + .seconds(60)) }
        try await waitUntil { notifier.waiterCount == 1 }
        task.cancel()
        #expect(await task.value == .timeout)
        #expect(notifier.waiterCount == 0)
    }

    /// Real PostgreSQL: a change recorded in a committed transaction reaches a listener with its
    /// payload; a rolled-back one never does.
    @Test func committedChangesAreAnnouncedAndRolledBackOnesAreNot() async throws {
        try await TestDatabase.withDatabase { configuration in
            let connection = try await PostgresConnection.connect(configuration, logger: TestDatabase.defaultLogger)
            defer { connection.close() }
            try await Fixtures.migrator().migrate(on: connection, logger: Fixtures.logger)
            let listener = PostgresListener(configuration: configuration, channels: [ChangeNotifier.channel], logger: TestDatabase.defaultLogger)
            var events = listener.start().makeAsyncIterator()
            defer { listener.stop() }
            #expect(await events.next() == .connected)
            await #expect(throws: RolledBack.self) {
                try await connection.transaction { connection in
                    _ = try await connection.query("SELECT duban.record_change('test', 'a', NULL, NULL, '{}'::jsonb)")
                    throw RolledBack()
                }
            }
            let seq = try await connection.query("SELECT duban.record_change('test', 'b', NULL, NULL, '{}'::jsonb)")[0].decode(Int64.self, at: 0)
            guard case .notification(let notification) = await events.next() else {
                Issue.record("no notification")
                return
            }
            #expect(notification.channel == "duban_changes")
            #expect(ChangeNotifier.Change(payload: notification.payload) == .init(seq: seq, unitID: nil, taskID: nil))
        }
    }

    private struct RolledBack: Error {}

    private func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<200 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
        #expect(condition())
    }
}
