import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

/// A staff pull reads one index range per scope, or, for a unit leading many tasks, one filtered
/// walk along the feed: both must deliver exactly the same changes in the same order and pages.
@Suite struct PullPlanTests {
    @Test func bothPlansDeliverTheSameFeed() async throws {
        try await AuthFixture.with { fixture in
            // The co-lead of task 9 (wtglj, leading nothing else) pulls; zjj's task-1 writes are not its to see.
            let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
            defer { owner.close() }
            try await owner.execute("""
                INSERT INTO duban.accounts (unit_id, login, display_name, role, password_hash, must_change_password)
                SELECT u.id, 'wtglj1', 'wtglj1', 'staff', a.password_hash, false
                  FROM duban.units u CROSS JOIN (SELECT password_hash FROM duban.accounts WHERE login = 'zjj1') a
                 WHERE u.code = 'wtglj'
                """)
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                var jiahe = try await TestDevice.signIn("jiahe1", client: client)
                var lead = try await TestDevice.signIn("zjj1", client: client)
                var victim = try await TestDevice.signIn("victim", client: client)
                let reference = try #require(try await tianma.sync(client).reference)
                let ids = try SyncTests.task9(reference)
                _ = try await jiahe.sync(client)
                _ = try await lead.sync(client)
                _ = try await victim.sync(client)
                for round in 0..<3 {
                    let node = ids.node + Int64(round)
                    for result in [try await tianma.sync(client, [try tianma.write(report: UUID(), task: ids.task, node: node, base: 0, text: "t")]),
                                   try await jiahe.sync(client, [try jiahe.write(report: UUID(), task: ids.task, node: node, base: 0, text: "j")]),
                                   try await lead.sync(client, [try lead.write(report: UUID(), task: ids.otherTask, node: node, base: 0, text: "l")]),
                                   try await victim.sync(client, [try victim.write(report: UUID(), task: ids.task, node: node, base: 0, text: "v")])] {
                        #expect(result.results.first?.status == .applied, "\(result.results)")
                    }
                }
            }
            func pulled(rangeFrom: Int, pageSize: Int) async throws -> [String] {
                var configuration = fixture.serverConfiguration
                configuration.pullRangeScanFromLedTasks = rangeFrom
                let app = await buildApplication(configuration: configuration, pool: fixture.pool, migrator: try Fixtures.migrator(),
                                                 logger: Fixtures.logger)
                return try await app.test(.router) { client in
                    var colead = try await TestDevice.signIn("wtglj1", client: client)
                    return try await colead.pullAll(client, pageSize: pageSize).map { "\($0.seq) \($0.entityId)" }
                }
            }
            let perScope = try await pulled(rangeFrom: 1000, pageSize: 1000)
            let walk = try await pulled(rangeFrom: 1, pageSize: 1000)
            #expect(perScope.count == 9, "the three writes each of tianma, jiahe and fgj on task 9, not zjj's on task 1: \(perScope)")
            #expect(walk == perScope)
            #expect(try await pulled(rangeFrom: 1, pageSize: 2) == perScope, "the same pages, two at a time")
        }
    }
}
