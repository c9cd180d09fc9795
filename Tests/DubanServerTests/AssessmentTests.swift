import DubanCore
import DubanServer
import DubanTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

extension TestDevice {
    mutating func assess(_ payload: AssessmentWritePayload, base: Int) throws -> MutationEnvelope {
        seq += 1
        let text = String(decoding: try WireJSON.encoder().encode(payload), as: UTF8.self)
        return MutationEnvelope(id: UUID(), deviceSeq: seq, kind: AssessmentWritePayload.kind, baseVersion: base, payload: text,
                                payloadSha256: sha256Hex(text), authoredAt: Date())
    }
}

/// Year-end assessment sheets: pre-filled from timeliness, changed only with a reason, reviewed by
/// the office, locked once accepted, never shown to the unit assessed.
@Suite struct AssessmentTests {
    @Test func sheetsArePrefilledReviewedAndLocked() async throws {
        let clock = TestClock("2022-03-20T09:00:00+08:00")
        try await AuthFixture.with(clock: clock.serverClock) { fixture in
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var tianma = try await TestDevice.signIn("tianma1", client: client)
                var jiahe = try await TestDevice.signIn("jiahe1", client: client)
                var lead = try await TestDevice.signIn("zjj1", client: client)
                let office = try await client.signIn("super")
                let audit = try await client.signIn("audit")
                let ids = try SyncTests.task9(try #require(try await tianma.sync(client).reference))
                _ = try await jiahe.sync(client)
                _ = try await lead.sync(client)
                clock.set("2022-03-24T09:00:00+08:00")
                _ = try await tianma.sync(client, [try tianma.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "按时")])
                clock.set("2022-03-26T09:00:00+08:00")
                _ = try await jiahe.sync(client, [try jiahe.write(report: UUID(), task: ids.task, node: ids.node, base: 0, text: "迟")])
                clock.set("2022-04-10T09:00:00+08:00")

                // tianma: on time at the one node due → material submission pre-filled at full marks.
                let tianmaSheet = UUID()
                let first = try await lead.sync(client, [try lead.assess(AssessmentWritePayload(
                    assessmentId: tianmaSheet, taskId: ids.task, unitCode: "jd-tianma",
                    scores: ["cooperation": 36, "bonus_confirmation": 10], comment: "配合积极"), base: 0)])
                #expect(first.results[0].status == .applied && first.results[0].version == 1, "\(first.results)")
                let sheet = try #require(first.changes.compactMap(\.assessment).last)
                #expect(sheet.prefilled["material_submission"] == 40 && sheet.scores["material_submission"] == 40)
                #expect(sheet.total == 40 + 36 + 10, "weights 40/40/20 over maxima 40/40/20")

                // jiahe: late at its only node → pre-filled 0; a different score needs a reason.
                let jiaheSheet = UUID()
                let unexplained = try await lead.sync(client, [try lead.assess(AssessmentWritePayload(
                    assessmentId: jiaheSheet, taskId: ids.task, unitCode: "jd-jiahe",
                    scores: ["material_submission": 30, "cooperation": 30, "bonus_confirmation": 5]), base: 0)])
                #expect(unexplained.results[0].code == "assessment.reason_required")
                #expect(unexplained.results[0].messageZh?.contains("预填为 0") == true)
                for (scores, code) in [(["material_submission": 0.0, "cooperation": 41, "bonus_confirmation": 5], "assessment.score_out_of_range"),
                                       (["cooperation": 30, "speed": 5, "bonus_confirmation": 5], "assessment.unknown_criterion"),
                                       (["cooperation": 30], "assessment.score_missing")] {
                    let refused = try await lead.sync(client, [try lead.assess(AssessmentWritePayload(
                        assessmentId: jiaheSheet, taskId: ids.task, unitCode: "jd-jiahe", scores: scores), base: 0)])
                    #expect(refused.results[0].code == code)
                }
                let byUnit = try await tianma.sync(client, [try tianma.assess(AssessmentWritePayload(
                    assessmentId: UUID(), taskId: ids.task, unitCode: "jd-jiahe", scores: ["cooperation": 1, "bonus_confirmation": 1]), base: 0)])
                #expect(byUnit.results[0].code == "assessment.not_lead", "a responsible unit never scores")
                let notResponsible = try await lead.sync(client, [try lead.assess(AssessmentWritePayload(
                    assessmentId: UUID(), taskId: ids.task, unitCode: "zjj", scores: ["cooperation": 1, "bonus_confirmation": 1]), base: 0)])
                #expect(notResponsible.results[0].code == "assessment.not_responsible")
                let explained = try await lead.sync(client, [try lead.assess(AssessmentWritePayload(
                    assessmentId: jiaheSheet, taskId: ids.task, unitCode: "jd-jiahe",
                    scores: ["material_submission": 30, "cooperation": 30, "bonus_confirmation": 5],
                    reasons: ["material_submission": "逾期系系统故障，经核实"]), base: 0)])
                #expect(explained.results[0].status == .applied)

                // Evidence: a file the assessed unit attached to its report is reused by hash; a stranger's is refused.
                let owner0 = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner0.close() }
                let attached = String(repeating: "a", count: 64)
                let stranger = String(repeating: "b", count: 64)
                for (sha, unit) in [(attached, "jd-tianma"), (stranger, "jd-baisha")] {
                    try await owner0.execute("""
                        INSERT INTO duban.evidence_files (sha256, size, media_type, received, complete, completed_at)
                        VALUES (\(sha), 9, 'application/pdf', 9, true, now())
                        """)
                    try await owner0.execute("""
                        INSERT INTO duban.evidence_holders (sha256, unit_id, account_id)
                        SELECT \(sha), u.id, (SELECT id FROM duban.accounts WHERE login = 'tianma1') FROM duban.units u WHERE u.code = \(unit)
                        """)
                }
                var withFile = try tianma.write(report: UUID(), task: ids.task, node: ids.node + 1, base: 0, text: "附照片")
                let payload = try WireJSON.decoder().decode(ReportWritePayload.self, from: Data(withFile.payload.utf8))
                var withEvidence = payload
                withEvidence.evidence = [attached]
                withFile.payload = String(decoding: try WireJSON.encoder().encode(withEvidence), as: UTF8.self)
                withFile.payloadSha256 = sha256Hex(withFile.payload)
                #expect(try await tianma.sync(client, [withFile]).results[0].status == .applied)
                let reused = try await lead.sync(client, [try lead.assess(AssessmentWritePayload(
                    assessmentId: tianmaSheet, taskId: ids.task, unitCode: "jd-tianma",
                    scores: ["cooperation": 36, "bonus_confirmation": 10], evidence: [attached]), base: 1)])
                #expect(reused.results[0].status == .applied, "\(reused.results)")
                let foreign = try await lead.sync(client, [try lead.assess(AssessmentWritePayload(
                    assessmentId: tianmaSheet, taskId: ids.task, unitCode: "jd-tianma",
                    scores: ["cooperation": 36, "bonus_confirmation": 10], evidence: [stranger]), base: 2)])
                #expect(foreign.results[0].code == "report.evidence_missing")

                // The assessed units see nothing; the office and oversight see both.
                let seenByUnit = try await client.decoded(AssessmentTable.self, .get, "/v1/assessments", token: tianma.token)
                #expect(seenByUnit.assessments.isEmpty)
                #expect(try await tianma.sync(client).changes.compactMap(\.assessment).isEmpty)
                let table = try await client.decoded(AssessmentTable.self, .get, "/v1/assessments", token: audit)
                #expect(table.criteria.map(\.code) == ["material_submission", "cooperation", "bonus_confirmation"])
                #expect(table.assessments.map(\.unitCode) == ["jd-jiahe", "jd-tianma"])
                let jiaheRecord = try #require(table.assessments.first { $0.unitCode == "jd-jiahe" })
                #expect(jiaheRecord.reasons["material_submission"] == "逾期系系统故障，经核实" && jiaheRecord.prefilled["material_submission"] == 0)

                // Returned with a note, revised on version 1, accepted, then locked.
                let bare = try await client.call(.post, "/v1/supervision/assessments/\(jiaheSheet)/review", token: office,
                                                 json: AssessmentReviewRequest(decision: .return))
                #expect(errorCode(bare.body) == "review.reason_required")
                let returned = try await client.decoded(AssessmentRecord.self, .post, "/v1/supervision/assessments/\(jiaheSheet)/review",
                                                        token: office, json: AssessmentReviewRequest(decision: .return, note: "理由不充分"))
                #expect(returned.state == .returned)
                #expect(try await lead.sync(client).changes.compactMap(\.assessment).last?.reviewNote == "理由不充分")
                let stale = try await lead.sync(client, [try lead.assess(AssessmentWritePayload(
                    assessmentId: jiaheSheet, taskId: ids.task, unitCode: "jd-jiahe",
                    scores: ["cooperation": 30, "bonus_confirmation": 5]), base: 0)])
                #expect(stale.results[0].code == "assessment.stale")
                let revised = try await lead.sync(client, [try lead.assess(AssessmentWritePayload(
                    assessmentId: jiaheSheet, taskId: ids.task, unitCode: "jd-jiahe",
                    scores: ["cooperation": 30, "bonus_confirmation": 5], comment: "按预填"), base: 1)])
                #expect(revised.results[0].status == .applied && revised.results[0].version == 2)
                let accepted = try await client.decoded(AssessmentRecord.self, .post, "/v1/supervision/assessments/\(jiaheSheet)/review",
                                                        token: office, json: AssessmentReviewRequest(decision: .accept))
                #expect(accepted.state == .accepted && accepted.total == 0 + 30 + 5 && accepted.version == 2)
                let again = try await client.call(.post, "/v1/supervision/assessments/\(jiaheSheet)/review", token: office,
                                                  json: AssessmentReviewRequest(decision: .return, note: "x"))
                #expect(again.status == .conflict && errorCode(again.body) == "assessment.accepted")
                let locked = try await lead.sync(client, [try lead.assess(AssessmentWritePayload(
                    assessmentId: jiaheSheet, taskId: ids.task, unitCode: "jd-jiahe",
                    scores: ["cooperation": 40, "bonus_confirmation": 20]), base: 2)])
                #expect(locked.results[0].code == "assessment.accepted")

                // Oversight reads the same through SQL.
                let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
                defer { owner.close() }
                let summary = try await owner.query("""
                    SELECT unit_code, total::float8, state FROM oversight.assessment_summary ORDER BY unit_code
                    """)
                #expect(summary.map { $0[0] ?? "" } == ["jd-jiahe", "jd-tianma"])
                #expect(try summary[0].decode(Double.self, at: 1) == 35 && summary[0][2] == "accepted")
            }
        }
    }

    @Test func criteriaAreConfigurationAndFreezeOnceScored() async throws {
        try await AuthFixture.with { fixture in
            let owner = try await PostgresConnection.connect(fixture.configuration, logger: Fixtures.logger)
            defer { owner.close() }
            let importer = AssessmentCriteriaImporter()
            let badWeights = Data(#"[{"code":"a","name_zh":"甲","name_en":"a","max_score":10,"weight":60}]"#.utf8)
            await #expect(throws: AssessmentCriteriaImporter.Failure.self) {
                try await importer.importCriteria(badWeights, year: 2022, on: owner)
            }
            let badCode = Data(#"[{"code":"Material Score","name_zh":"甲","name_en":"a","max_score":10,"weight":100}]"#.utf8)
            let named = await #expect(throws: AssessmentCriteriaImporter.Failure.self) {
                try await importer.importCriteria(badCode, year: 2022, on: owner)
            }
            #expect(named?.code == "criteria.names" && named?.message.zh.contains("Material Score") == true)
            let custom = Data(#"""
                [{"code":"material_submission","name_zh":"材料报送","name_en":"materials","max_score":10,"weight":50,"prefill":"timeliness"},
                 {"code":"cooperation","name_zh":"配合","name_en":"cooperation","max_score":100,"weight":50}]
                """#.utf8)
            let stored = try await importer.importCriteria(custom, year: 2022, on: owner)
            #expect(stored.map(\.code) == ["material_submission", "cooperation"] && stored[0].maxScore == 10)
            let app = try await fixture.application()
            try await app.test(.router) { client in
                var lead = try await TestDevice.signIn("zjj1", client: client)
                let ids = try SyncTests.task9(try #require(try await lead.sync(client).reference))
                let written = try await lead.sync(client, [try lead.assess(AssessmentWritePayload(
                    assessmentId: UUID(), taskId: ids.task, unitCode: "jd-tianma", scores: ["cooperation": 80]), base: 0)])
                // Nothing reported in 2022 by a clock in 2026: on-time rate 0 → 0 of 10; 0×50 + 80/100×50 = 40.
                #expect(written.changes.compactMap(\.assessment).last?.total == 40, "\(written.results)")
            }
            let frozen = await #expect(throws: AssessmentCriteriaImporter.Failure.self) {
                try await importer.importCriteria(custom, year: 2022, on: owner)
            }
            #expect(frozen?.code == "criteria.frozen")
        }
    }
}
