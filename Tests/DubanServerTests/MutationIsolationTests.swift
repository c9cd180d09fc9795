import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

/// One mutation's failure is that mutation's answer, never the batch's: whatever the database
/// refuses inside one mutation (a CHECK, a trigger, a policy) rolls back to its savepoint and is
/// answered `rejected`, while the mutations before and after it are stored and the sync answers 200.
@Suite struct MutationIsolationTests {
    /// A trigger on each table a mutation kind writes that refuses any row holding POISON: a stand-in
    /// for every refusal the payload rules do not foresee.
    static func poison(_ fixture: AuthFixture) async throws {
        let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
        defer { owner.close() }
        try await owner.simpleQuery("""
            CREATE FUNCTION duban.test_refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW::text LIKE '%POISON%' THEN
                    RAISE EXCEPTION 'poisoned row' USING ERRCODE = 'check_violation', CONSTRAINT = 'test_poison';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER test_poison BEFORE INSERT OR UPDATE ON duban.report_revisions FOR EACH ROW EXECUTE FUNCTION duban.test_refuse_poison();
            CREATE TRIGGER test_poison BEFORE INSERT OR UPDATE ON duban.report_reviews FOR EACH ROW EXECUTE FUNCTION duban.test_refuse_poison();
            CREATE TRIGGER test_poison BEFORE INSERT OR UPDATE ON duban.extensions FOR EACH ROW EXECUTE FUNCTION duban.test_refuse_poison();
            CREATE TRIGGER test_poison BEFORE INSERT OR UPDATE ON duban.assessments FOR EACH ROW EXECUTE FUNCTION duban.test_refuse_poison();
            """)
    }

    static func count(_ table: String, _ fixture: AuthFixture) async throws -> Int {
        let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
        defer { owner.close() }
        // The table name is one of this test's own literals, never input.
        return try await owner.query("SELECT count(*) FROM duban.\(unescaped: table)")[0].decode(Int.self, at: 0)
    }

    static func expectIsolated(_ answer: SyncResponse, _ what: String) {
        #expect(answer.results.map(\.status) == [.applied, .rejected, .applied], "\(what): good, poisoned, good")
        #expect(answer.results[1].code == "mutation.refused_by_database", "\(what)")
        #expect(answer.results[1].message?.isEmpty == false && answer.results[1].messageZh?.isEmpty == false, "\(what): both languages")
    }

    @Test func aRefusalInsideOneMutationIsItsOwnAnswerForEveryKind() async throws {
        try await AuthFixture.with { fixture in
            try await Self.poison(fixture)
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var office = try await TestDevice.signIn("tianma1", client: client)
                var lead = try await TestDevice.signIn("zjj1", client: client)
                let reference = try #require(try await office.sync(client).reference)
                let leadReference = try #require(try await lead.sync(client).reference)
                let ids = try SyncTests.task9(reference)
                let nodes = reference.nodes.filter { $0.planId == reference.tasks.first { $0.id == ids.task }?.planId }
                    .sorted { $0.ordinal < $1.ordinal }.map(\.id)
                try #require(nodes.count >= 4)

                // report.write
                let reports = [UUID(), UUID(), UUID()]
                let written = try await office.sync(client, [
                    try office.write(report: reports[0], task: ids.task, node: nodes[0], base: 0, text: "第一节点"),
                    try office.write(report: reports[1], task: ids.task, node: nodes[1], base: 0, text: "POISON"),
                    try office.write(report: reports[2], task: ids.task, node: nodes[2], base: 0, text: "第三节点"),
                ])
                Self.expectIsolated(written, "report.write")
                #expect(try await Self.count("report_revisions", fixture) == 2)
                let stored = [reports[0], reports[2]]

                // extension.request
                func ask(_ node: Int64, _ reason: String) throws -> MutationEnvelope {
                    office.seq += 1
                    let text = try ExtensionRequestPayload(extensionId: UUID(), taskId: ids.task, nodeId: node, requestedDueDate: nil,
                                                           reason: reason).payloadText()
                    return MutationEnvelope(id: UUID(), deviceSeq: office.seq, kind: ExtensionRequestPayload.kind, baseVersion: 0,
                                            payload: text, payloadSha256: sha256Hex(text), authoredAt: Date())
                }
                Self.expectIsolated(try await office.sync(client, [try ask(nodes[0], "施工受阻"), try ask(nodes[1], "POISON"),
                                                                   try ask(nodes[2], "材料未到")]), "extension.request")
                #expect(try await Self.count("extensions", fixture) == 2)

                // review.write: the lead reviews the two stored reports and a third it cannot store.
                _ = try await lead.pullAll(client)
                let third = UUID()
                _ = try await office.sync(client, [try office.write(report: third, task: ids.task, node: nodes[1], base: 0, text: "补报")])
                _ = try await lead.pullAll(client)
                Self.expectIsolated(try await lead.sync(client, [
                    try lead.review(report: stored[0], revision: 1, decision: .accept),
                    try lead.review(report: third, revision: 1, decision: .return, reason: "POISON"),
                    try lead.review(report: stored[1], revision: 1, decision: .return, reason: "请补充照片"),
                ]), "review.write")
                #expect(try await Self.count("report_reviews", fixture) == 2)

                // assessment.write: three responsible units of the task, the middle sheet poisoned.
                let units = leadReference.assignments.filter { $0.taskId == ids.task && $0.role == .responsible }.map(\.unitCode).sorted()
                try #require(units.count >= 3)
                func sheet(_ unit: String, _ comment: String) throws -> MutationEnvelope {
                    try lead.assess(AssessmentWritePayload(assessmentId: UUID(), taskId: ids.task, unitCode: unit,
                                                           scores: ["cooperation": 30, "bonus_confirmation": 5], comment: comment), base: 0)
                }
                Self.expectIsolated(try await lead.sync(client, [try sheet(units[0], "配合较好"), try sheet(units[1], "POISON"),
                                                                 try sheet(units[2], "配合一般")]), "assessment.write")
                #expect(try await Self.count("assessments", fixture) == 2)

                // The next sync is clean.
                let next = try await office.sync(client, [try office.write(report: UUID(), task: ids.task, node: nodes[3],
                                                                            base: 0, text: "之后的报告")])
                #expect(next.results.map(\.status) == [.applied])
            }
        }
    }

    /// A deadlock undoes the whole batch's transaction; nothing of it was stored, so the server
    /// applies the batch again instead of answering 500 (here a trigger reports one deadlock, once).
    @Test func aBatchUndoneByADeadlockIsAppliedAgain() async throws {
        try await AuthFixture.with { fixture in
            let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
            defer { owner.close() }
            try await owner.simpleQuery("""
                CREATE SEQUENCE duban.test_deadlocks;
                GRANT USAGE ON SEQUENCE duban.test_deadlocks TO duban_app;
                CREATE FUNCTION duban.test_deadlock_once() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    -- A sequence is not transactional: the second attempt sees 2 and passes.
                    IF NEW.text = 'DEADLOCK-ONCE' AND nextval('duban.test_deadlocks') = 1 THEN
                        RAISE EXCEPTION 'deadlock detected (test)' USING ERRCODE = 'deadlock_detected';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER test_deadlock BEFORE INSERT ON duban.report_revisions FOR EACH ROW EXECUTE FUNCTION duban.test_deadlock_once();
                """)
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var office = try await TestDevice.signIn("tianma1", client: client)
                let reference = try #require(try await office.sync(client).reference)
                let ids = try SyncTests.task9(reference)
                let nodes = reference.nodes.filter { $0.planId == reference.tasks.first { $0.id == ids.task }?.planId }
                    .sorted { $0.ordinal < $1.ordinal }.map(\.id)
                try #require(nodes.count >= 3)
                let answer = try await office.sync(client, [
                    try office.write(report: UUID(), task: ids.task, node: nodes[0], base: 0, text: "第一"),
                    try office.write(report: UUID(), task: ids.task, node: nodes[1], base: 0, text: "DEADLOCK-ONCE"),
                    try office.write(report: UUID(), task: ids.task, node: nodes[2], base: 0, text: "第三"),
                ])
                #expect(answer.results.map(\.status) == [.applied, .applied, .applied])
                #expect(try await Self.count("report_revisions", fixture) == 3, "each stored once")
                let tries = try await owner.query("SELECT last_value FROM duban.test_deadlocks")[0].decode(Int64.self, at: 0)
                #expect(tries == 2, "undone once, applied the second time")
            }
        }
    }

    @Test func whatThePayloadRulesRefuseNeverReachesTheDatabase() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var office = try await TestDevice.signIn("tianma1", client: client)
                let ids = try SyncTests.task9(try #require(try await office.sync(client).reference))
                func report(_ payload: ReportWritePayload, hash: ((String) -> String)? = nil) throws -> MutationEnvelope {
                    office.seq += 1
                    let text = try payload.payloadText()
                    return MutationEnvelope(id: UUID(), deviceSeq: office.seq, kind: ReportWritePayload.kind, baseVersion: 0,
                                            payload: text, payloadSha256: (hash ?? sha256Hex)(text), authoredAt: Date())
                }
                // 1 502 characters as Swift counts them, 3 002 code points as PostgreSQL does.
                let summary = "A" + String(repeating: "\r\n", count: 1500) + "B"
                let answer = try await office.sync(client, [
                    try report(ReportWritePayload(reportId: UUID(), taskId: ids.task, nodeId: ids.node, text: "x", publicSummary: summary)),
                    try report(ReportWritePayload(reportId: UUID(), taskId: ids.task, nodeId: ids.node,
                                                  text: String(repeating: "\r\n", count: 50_001))),
                    try report(ReportWritePayload(reportId: UUID(), taskId: ids.task, nodeId: ids.node, text: "健身路径两处",
                                                  quantities: ["健身路径": 2, "篮球场": 1]), hash: { sha256Hex($0).uppercased() }),
                ])
                #expect(answer.results.map(\.code) == ["report.summary_too_long", "report.text_too_long", nil])
                #expect(answer.results.last?.status == .applied, "a Chinese quantity name and an upper-case hash are accepted")
                let revision = try #require(answer.changes.compactMap(\.reportRevision).last)
                #expect(revision.quantities == ["健身路径": 2, "篮球场": 1])
            }
        }
    }
}
