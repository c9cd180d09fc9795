import DubanCore
import DubanTestSupport
import Foundation
import Testing

/// What the tests read from `duban review list --format json`.
struct ListedReview: Decodable {
    var id: UUID
    var taskNumber: Int?
    var unitCode: String
    var headRevision: Int
    var state: String
    var pendingDecision: String?
    var lastDecision: String?
    var lastReason: String?
}

extension Device {
    func reviews(_ extra: [String] = []) async throws -> [ListedReview] {
        try WireJSON.decoder().decode([ListedReview].self,
                                      from: Data(try await ok(["review", "list", "--format", "json"] + extra).utf8))
    }
}

/// The lead unit returns a responsible unit's report with a reason, the unit revises and resubmits,
/// the lead accepts, and the accepted report is locked: all through `duban` and sync.
@Suite(.serialized) struct ReviewCLITests {
    @Test func returnResubmitAcceptAndTheLockThroughTheCLI() async throws {
        try await SyncWorld.with { world in
            _ = try await world.addStaff("zjj1", unit: "zjj")
            _ = try await world.addStaff("tianma1", unit: "jd-tianma")
            let lead = try await world.device("zjj1")
            let office = try await world.device("tianma1")
            defer {
                lead.remove()
                office.remove()
            }

            // The office writes its task-9 report; the lead unit sees it waiting for review.
            let created = try await office.ok(["report", "new", "--task", "9", "--node", "1", "--text", "初稿",
                                               "--quantity", "parks_built=1"])
            let id = try #require(Device.reportId(in: created))
            try await office.ok(["sync"])
            try await lead.ok(["sync"])
            let listed = try await lead.reviews()
            #expect(listed.count == 1, "\(listed)")
            #expect(listed.first?.id.uuidString.lowercased().hasPrefix(id) == true)
            #expect(listed.first?.unitCode == "jd-tianma" && listed.first?.taskNumber == 9 && listed.first?.state == "submitted")
            let table = try await lead.ok(["review", "list"])
            #expect(table.contains(id) && table.contains("jd-tianma"), "\(table)")
            #expect(try await lead.ok(["review", "list", "--format", "csv", "--state", "accepted"]).split(separator: "\n").count == 1,
                    "only the header: nothing accepted yet")
            #expect(try await lead.ok(["status"]).contains("to review: 1"))

            // Illegal here: a return without a reason, the office reviewing its own report.
            let noReason = try await lead.run(["review", "return", id, "--reason", " "])
            #expect(noReason.status != 0 && noReason.stderr.contains("reason"), "\(noReason.stderr)")
            let byOffice = try await office.run(["review", "accept", id])
            #expect(byOffice.status != 0 && byOffice.stderr.contains("lead unit"), "\(byOffice.stderr)")

            // Returned with a reason; the office sees the reason after one sync.
            let returned = try await lead.ok(["review", "return", id, "--reason", "缺少健身路径数量"])
            #expect(returned.contains("returned") && returned.contains("synced: pushed 1"), "\(returned)")
            #expect(try await lead.reviews(["--state", "returned"]).first?.lastReason == "缺少健身路径数量")
            let again = try await lead.run(["review", "accept", id])
            #expect(again.status != 0 && again.stderr.contains("returned"), "accepting a returned report is refused: \(again.stderr)")
            try await office.ok(["sync"])
            let status = try await office.ok(["status"])
            #expect(status.contains("returned for revision: 缺少健身路径数量"), "\(status)")
            #expect(try await office.ok(["report", "show", id]).contains("returned for revision: 缺少健身路径数量"))

            // Revised and resubmitted: submitted again for the lead.
            let edited = try await office.ok(["report", "edit", id, "--text", "修改稿", "--quantity", "fitness_paths=2"])
            #expect(edited.contains("resubmits"), "\(edited)")
            try await office.ok(["sync"])
            try await lead.ok(["sync"])
            let resubmitted = try #require(try await lead.reviews().first)
            #expect(resubmitted.state == "submitted" && resubmitted.headRevision == 2, "\(resubmitted)")

            // Accepted: the office's edit written before it heard of it is refused by the server (quarantine),
            // a later one here at once; `report show` says accepted.
            let accepted = try await lead.ok(["review", "accept", id])
            #expect(accepted.contains("revision 2 accepted") && accepted.contains("synced: pushed 1"), "\(accepted)")
            #expect(try await lead.reviews(["--state", "accepted"]).count == 1)
            try await office.ok(["report", "edit", id, "--text", "再改一次", "--offline"])
            let refusedByServer = try await office.ok(["sync"])
            #expect(refusedByServer.contains("rejected 1"), "\(refusedByServer)")
            let quarantine = try await office.ok(["outbox", "--format", "json"])
            #expect(quarantine.contains("report.accepted"), "\(quarantine)")
            let refusedHere = try await office.run(["report", "edit", id, "--text", "还想改"])
            #expect(refusedHere.status != 0 && refusedHere.stderr.contains("accepted"), "\(refusedHere.stderr)")
            let shown = try await office.ok(["report", "show", id])
            #expect(shown.contains("accepted (revision 2"), "\(shown)")
            #expect(shown.contains("修改稿"))
            #expect(try await office.ok(["status"]).contains("accepted"))

            // In Chinese too.
            let zh = try await office.ok(["report", "show", id], extra: ["LANG": "zh_CN.UTF-8"])
            #expect(zh.contains("已审核通过"), "\(zh)")
        }
    }
}
