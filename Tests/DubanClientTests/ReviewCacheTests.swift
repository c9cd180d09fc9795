@testable import DubanClient
import DubanCore
import Foundation
import Testing

/// Review decisions from the change feed: stored once however often they arrive, and the report's
/// review state follows them (and a resubmission).
@Suite struct ReviewCacheTests {
    let base = LocalCacheTests()

    func review(_ report: UUID, revision: Int, decision: ReviewDecision, reason: String? = nil, seq: Int64,
                mutation: UUID = UUID()) -> ChangeRecord {
        let record = ReviewRecord(reportId: report, taskId: 9, unitCode: "jd-tianma", revision: revision, decision: decision,
                                  reason: reason, reviewerLogin: "zjj1", reviewerUnitCode: "zjj",
                                  authoredAt: LocalCacheTests.now.addingTimeInterval(Double(seq)),
                                  receivedAt: LocalCacheTests.now.addingTimeInterval(Double(seq) + 1),
                                  reviewState: decision == .accept ? .accepted : .returned)
        return ChangeRecord(seq: seq, entityType: "report_review",
                            entityId: "\(report.uuidString.lowercased())/review/\(mutation.uuidString.lowercased())",
                            reportRevision: nil, reportReview: record)
    }

    @Test func aReviewAppliesOnceAndTheStateFollowsReturnResubmitAccept() throws {
        try base.withCache { cache in
            let report = UUID()
            let returned = review(report, revision: 1, decision: .return, reason: "缺少数量", seq: 2)
            let first = base.response(changes: [base.record(report, revision: 1, base: 0, text: "初稿"), returned], cursor: 2)
            for _ in 0..<3 {
                _ = try cache.apply(first, deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            }
            // The same change again in a later page, too.
            _ = try cache.apply(base.response(changes: [returned], cursor: 3), deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            #expect(try cache.integer("SELECT count(*) FROM report_reviews") == 1)
            var shown = try #require(try cache.report(report))
            #expect(shown.reviewState == .returned && shown.returnReason == "缺少数量")
            #expect(shown.reviews.count == 1 && shown.reviews[0].reviewerLogin == "zjj1")

            // Resubmitted: submitted again; the old return stays in the history.
            _ = try cache.apply(base.response(changes: [base.record(report, revision: 2, base: 1, text: "修改稿")], cursor: 4),
                                deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            shown = try #require(try cache.report(report))
            #expect(shown.reviewState == .submitted && shown.returnReason == nil && shown.reviews.count == 1)

            // Accepted: locked here too; a repeat of the old return changes nothing.
            let accepted = review(report, revision: 2, decision: .accept, seq: 5)
            _ = try cache.apply(base.response(changes: [accepted, returned, accepted], cursor: 5),
                                deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            shown = try #require(try cache.report(report))
            #expect(shown.reviewState == .accepted && shown.reviews.count == 2)
            #expect(try cache.integer("SELECT reviewed_revision FROM reports") == 2)
            #expect(throws: ClientError.self) {
                try cache.writeReport(reportId: report, taskId: 9, nodeId: 1, unitCode: "jd-tianma",
                                      content: ReportContent(text: "再改"), authoredAt: LocalCacheTests.now, now: LocalCacheTests.now)
            }
            #expect(try cache.outbox().isEmpty)
        }
    }

    @Test func aLocalDecisionGoesToTheOutboxAndIllegalOnesAreRefusedHere() throws {
        try base.withCache { cache in
            let report = UUID()
            _ = try cache.apply(base.response(changes: [base.record(report, revision: 1, base: 0, text: "初稿")], cursor: 1),
                                deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            #expect(throws: ClientError.self, "a return needs a reason") {
                try cache.writeReview(reportId: report, decision: .return, reason: "  ", authoredAt: LocalCacheTests.now, now: LocalCacheTests.now)
            }
            let (mutation, revision) = try cache.writeReview(reportId: report, decision: .return, reason: "补充照片",
                                                             authoredAt: LocalCacheTests.now, now: LocalCacheTests.now)
            #expect(revision == 1)
            let outbox = try cache.outbox()
            #expect(outbox.map(\.id) == [mutation] && outbox[0].kind == ReviewWritePayload.kind && outbox[0].baseVersion == 1)
            let payload = try WireJSON.decoder().decode(ReviewWritePayload.self, from: Data(outbox[0].payload.utf8))
            #expect(payload == ReviewWritePayload(reportId: report, revision: 1, decision: .return, reason: "补充照片"))
            #expect(try cache.report(report)?.pendingReviews.count == 1)
            #expect(try cache.report(report)?.current?.content.text == "初稿", "a review is not a revision")
            #expect(throws: ClientError.self, "one decision waits already") {
                try cache.writeReview(reportId: report, decision: .accept, reason: nil, authoredAt: LocalCacheTests.now, now: LocalCacheTests.now)
            }

            // The server's answer confirms it; the pull brings the record; the returned report cannot be accepted.
            let answer = base.response(results: [MutationResult(id: mutation, status: .applied, reportId: report, version: 1)],
                                       changes: [review(report, revision: 1, decision: .return, reason: "补充照片", seq: 2, mutation: mutation)],
                                       cursor: 2)
            _ = try cache.apply(answer, deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            #expect(try cache.outbox().isEmpty)
            #expect(try cache.report(report)?.reviewState == .returned)
            #expect(throws: ClientError.self) {
                try cache.writeReview(reportId: report, decision: .accept, reason: nil, authoredAt: LocalCacheTests.now, now: LocalCacheTests.now)
            }
        }
    }
}
