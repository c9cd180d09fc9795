import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

extension TestDevice {
    mutating func review(report: UUID, revision: Int, decision: ReviewDecision, reason: String? = nil) throws -> MutationEnvelope {
        seq += 1
        let payload = String(decoding: try WireJSON.encoder().encode(
            ReviewWritePayload(reportId: report, revision: revision, decision: decision, reason: reason)), as: UTF8.self)
        return MutationEnvelope(id: UUID(), deviceSeq: seq, kind: ReviewWritePayload.kind, baseVersion: revision, payload: payload,
                                payloadSha256: sha256Hex(payload), authoredAt: Date())
    }
}

/// The lead unit accepts or returns a responsible unit's report; illegal transitions are refused.
@Suite struct ReviewTests {
    @Test func returnResubmitAcceptAndTheLock() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var office = try await TestDevice.signIn("tianma1", client: client)
                var lead = try await TestDevice.signIn("zjj1", client: client)
                var other = try await TestDevice.signIn("jiahe1", client: client)
                let ids = try SyncTests.task9(try #require(try await office.sync(client).reference))
                _ = try await lead.sync(client)
                _ = try await other.sync(client)
                let report = UUID()
                _ = try await office.sync(client, [try office.write(report: report, task: ids.task, node: ids.node, base: 0, text: "初稿")])

                // Illegal: a return without a reason; a responsible unit reviewing; a unit reviewing its own report.
                let noReason = try await lead.sync(client, [try lead.review(report: report, revision: 1, decision: .return)])
                #expect(noReason.results[0].code == "review.reason_required")
                let byOther = try await other.sync(client, [try other.review(report: report, revision: 1, decision: .accept)])
                #expect(["review.unknown_report", "review.not_lead"].contains(byOther.results[0].code))
                let byItself = try await office.sync(client, [try office.review(report: report, revision: 1, decision: .accept)])
                #expect(byItself.results[0].code == "review.not_lead")

                // Returned with a reason: the office sees it on its next sync.
                let returned = try await lead.sync(client, [try lead.review(report: report, revision: 1, decision: .return,
                                                                            reason: "缺少健身路径数量")])
                #expect(returned.results[0].status == .applied)
                let seen = try await office.sync(client)
                let review = try #require(seen.changes.compactMap(\.reportReview).last)
                #expect(review.decision == .return && review.reason == "缺少健身路径数量" && review.reviewState == .returned)
                #expect(review.reviewerUnitCode == "zjj")
                let whileReturned = try await lead.sync(client, [try lead.review(report: report, revision: 1, decision: .accept)])
                #expect(whileReturned.results[0].code == "review.returned", "accepting a returned report is refused")

                // Resubmitted, then accepted; the accepted report is locked.
                _ = try await office.sync(client, [try office.write(report: report, task: ids.task, node: ids.node, base: 1, text: "修改稿")])
                let stale = try await lead.sync(client, [try lead.review(report: report, revision: 1, decision: .accept)])
                #expect(stale.results[0].code == "review.not_head")
                let accepted = try await lead.sync(client, [try lead.review(report: report, revision: 2, decision: .accept)])
                #expect(accepted.results[0].status == .applied)
                let again = try await lead.sync(client, [try lead.review(report: report, revision: 2, decision: .return, reason: "再看看")])
                #expect(again.results[0].code == "review.already_accepted")
                let edit = try await office.sync(client, [try office.write(report: report, task: ids.task, node: ids.node, base: 2, text: "再改")])
                #expect(edit.results[0].code == "report.accepted", "editing an accepted report is refused")
                #expect(edit.results[0].messageZh?.isEmpty == false)

                // The other office never sees this unit's reviews.
                #expect(try await other.pullAll(client).compactMap(\.reportReview).isEmpty)
                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                let state = try await owner.query("SELECT review_state, reviewed_revision FROM duban.reports WHERE id = \(report)")[0]
                #expect(state[0] == "accepted" && state[1] == "2")
                #expect(try await owner.query("SELECT count(*) FROM duban.report_reviews")[0].decode(Int.self, at: 0) == 2)
            }
        }
    }

    @Test func theDatabaseKeepsALeadFromRewritingAReport() async throws {
        try await AuthFixture.with { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var office = try await TestDevice.signIn("tianma1", client: client)
                let ids = try SyncTests.task9(try #require(try await office.sync(client).reference))
                let report = UUID()
                _ = try await office.sync(client, [try office.write(report: report, task: ids.task, node: ids.node, base: 0, text: "初稿")])
            }
            let error = await #expect(throws: PostgresError.self) {
                try await RowLevelSecurityTests.asAccount("zjj1", fixture: fixture) { connection in
                    try await connection.execute("UPDATE duban.reports SET version = version + 1")
                }
            }
            #expect(error?.sqlState == "42501")
        }
    }
}
