import DubanCore
import Foundation
import Testing

/// The payload rules both the client (before it saves) and the server (before it applies) use.
@Suite struct MutationPayloadTests {
    func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let violation as RuleViolation {
            return violation.code
        } catch {
            return "not a rule: \(error)"
        }
    }

    func report(text: String = "已完成", quantities: [String: Double] = [:], percent: Double? = nil, evidence: [String]? = nil,
                summary: String? = nil) -> ReportWritePayload {
        ReportWritePayload(reportId: UUID(), taskId: 9, nodeId: 1, text: text, quantities: quantities, percent: percent,
                           evidence: evidence, publicSummary: summary)
    }

    @Test func everyKindHasOnePayloadType() {
        let kinds: [MutationKind] = [ReportWritePayload.mutationKind, ReviewWritePayload.mutationKind,
                                     AssessmentWritePayload.mutationKind, ExtensionRequestPayload.mutationKind,
                                     ImplementationWritePayload.mutationKind, ImplementationReviewPayload.mutationKind]
        #expect(Set(kinds) == Set(MutationKind.allCases))
        #expect(ReportWritePayload.kind == "report.write" && ExtensionRequestPayload.kind == "extension.request")
    }

    @Test func textsAreMeasuredInCodePointsAsPostgreSQLDoes() {
        let crlf = String(repeating: "\r\n", count: 1000)
        #expect(crlf.count == 1000 && TextLimit.length(crlf) == 2000)
        #expect(code { try report(summary: "A" + String(repeating: "\r\n", count: 1500) + "B").validate() } == "report.summary_too_long")
        #expect(code { try report(summary: String(repeating: "进", count: TextLimit.publicSummary)).validate() } == nil)
        #expect(code { try report(summary: "  " + String(repeating: "进", count: TextLimit.publicSummary) + "\n").validate() } == nil,
                "measured as stored: trimmed")
        #expect(code { try report(text: String(repeating: "\r\n", count: 50_001)).validate() } == "report.text_too_long")
        #expect(code { try report(text: String(repeating: "x", count: TextLimit.reportText)).validate() } == nil)
        // A family emoji: one Character, seven code points.
        let family = "👨‍👩‍👧‍👦"
        #expect(family.count == 1 && TextLimit.length(family) == 7)
        #expect(code { try report(text: "a\u{0}b").validate() } == "mutation.bad_text")
    }

    @Test func quantityNamesAreTheOfficesOwnWords() {
        #expect(code { try report(quantities: ["健身路径": 2, "篮球场": 10, "fitness_paths": 1, "改造小区(个)": 3]).validate() } == nil)
        #expect(QuantityName.normalized("  健身路径 ") == "健身路径")
        // NFC: e + combining acute becomes é.
        #expect(QuantityName.normalized("cafe\u{301}") == "caf\u{e9}")
        #expect(code { try report(quantities: ["cafe\u{301}": 1]).validate() } == "report.bad_quantity", "not in stored (NFC) form")
        #expect(QuantityName.normalized("") == nil && QuantityName.normalized("   ") == nil)
        #expect(QuantityName.normalized("健身\n路径") == nil && QuantityName.normalized("a\u{7}") == nil)
        #expect(QuantityName.normalized(String(repeating: "路", count: 40)) != nil)
        #expect(QuantityName.normalized(String(repeating: "路", count: 41)) == nil)
        #expect(code { try report(quantities: ["健身路径": .infinity]).validate() } == "report.bad_quantity")
        let many = Dictionary(uniqueKeysWithValues: (0...ReportWritePayload.maxQuantities).map { ("q\($0)", 1.0) })
        #expect(code { try report(quantities: many).validate() } == "report.too_many_quantities")
    }

    @Test func percentAndEvidence() {
        #expect(code { try report(percent: 100).validate() } == nil)
        #expect(code { try report(percent: 100.5).validate() } == "report.bad_percent")
        #expect(code { try report(percent: .nan).validate() } == "report.bad_percent")
        let hash = String(repeating: "ab", count: 32)
        #expect(code { try report(evidence: [hash]).validate() } == nil)
        #expect(code { try report(evidence: [hash.uppercased()]).validate() } == "report.bad_evidence")
        #expect(code { try report(evidence: Array(repeating: hash, count: EvidenceHash.maxPerEntity + 1)).validate() } == "report.bad_evidence")
    }

    @Test func reviewsAndExtensionsNeedReasonsWithinTheirLimits() {
        let id = UUID()
        #expect(code { try ReviewWritePayload(reportId: id, revision: 1, decision: .accept).validate() } == nil)
        #expect(code { try ReviewWritePayload(reportId: id, revision: 1, decision: .return, reason: " \n").validate() } == "review.reason_required")
        #expect(code { try ReviewWritePayload(reportId: id, revision: 1, decision: .return,
                                              reason: "x" + String(repeating: "\r\n", count: 2500) + "y").validate() } == "review.reason_too_long")
        #expect(code { try ExtensionRequestPayload(extensionId: id, taskId: 9, nodeId: 1, requestedDueDate: nil, reason: "\t").validate() }
                == "extension.reason_required")
        #expect(code { try ExtensionRequestPayload(extensionId: id, taskId: 9, nodeId: 1, requestedDueDate: nil,
                                                   reason: "x" + String(repeating: "\r\n", count: 2500) + "y").validate() } == "extension.reason_too_long")
    }

    @Test func assessmentSheetsAgainstTheirCriteria() throws {
        let criteria = [
            AssessmentCriterion(code: "material_submission", nameZh: "材料报送", nameEn: "Material submission", maxScore: 40, weight: 40,
                                prefill: "timeliness"),
            AssessmentCriterion(code: "cooperation", nameZh: "配合完成实事项目", nameEn: "Cooperation", maxScore: 40, weight: 40, prefill: nil),
        ]
        func sheet(_ scores: [String: Double], reasons: [String: String] = [:], comment: String = "") -> AssessmentWritePayload {
            AssessmentWritePayload(assessmentId: UUID(), taskId: 9, unitCode: "jd-tianma", scores: scores, reasons: reasons, comment: comment)
        }
        func checked(_ payload: AssessmentWritePayload, _ prefilled: [String: Double]) -> String? {
            code { _ = try payload.checked(against: criteria, prefilled: prefilled) }
        }
        #expect(code { try sheet(["cooperation": -1]).validate() } == "assessment.score_out_of_range")
        #expect(code { try sheet([:], comment: String(repeating: "\r\n", count: 2501)).validate() } == "assessment.text_too_long")
        #expect(checked(sheet(["cooperation": 30]), ["material_submission": 40]) == nil)
        #expect(try sheet(["cooperation": 30]).checked(against: criteria, prefilled: ["material_submission": 40]).scores
                == ["cooperation": 30, "material_submission": 40], "a pre-filled criterion left out takes its figure")
        #expect(checked(sheet(["cooperation": 30, "material_submission": 20]), ["material_submission": 40]) == "assessment.reason_required")
        #expect(try sheet(["cooperation": 30, "material_submission": 20], reasons: ["material_submission": " 迟报两次 "])
            .checked(against: criteria, prefilled: ["material_submission": 40]).reasons == ["material_submission": "迟报两次"])
        #expect(checked(sheet(["cooperation": 30, "material_submission": 20]), [:]) == nil, "no figure held here: the server decides")
        #expect(checked(sheet(["material_submission": 40]), ["material_submission": 40]) == "assessment.score_missing")
        #expect(checked(sheet(["cooperation": 41]), ["material_submission": 40]) == "assessment.score_out_of_range")
        #expect(checked(sheet(["cooperation": 30, "speed": 1]), [:]) == "assessment.unknown_criterion")
    }
}
