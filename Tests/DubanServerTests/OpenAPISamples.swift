import DubanCore
import Foundation

/// Values of the wire types with every optional field set, for checking the document's schemas
/// against what `WireJSON` really writes.
struct OpenAPISamples {
    let time = Date(timeIntervalSince1970: 1_650_000_000.25)
    let day = LocalDate(iso: "2022-03-28")!
    let id = UUID()
    let sha = String(repeating: "ab", count: 32)

    var account: AccountInfo {
        AccountInfo(login: "tianma1", displayName: "张三", role: .staff, unitCode: "jd-tianma", unitName: "天马街道",
                    disabled: false, mustChangePassword: true, createdAt: time, lastSignInAt: time)
    }
    var accountWithPassword: AccountWithPassword { AccountWithPassword(account: account, oneTimePassword: "abc-def") }
    var me: MeResponse {
        MeResponse(account: account, session: SessionInfo(deviceId: id, deviceName: "laptop", createdAt: time, expiresAt: time))
    }
    var units: UnitList {
        UnitList(units: [UnitInfo(code: "zjj", name: "区住建局", kind: .bureau, parentCode: "yf", aliases: ["住建局"], active: true)])
    }
    var audit: AuditList {
        AuditList(entries: [AuditEntry(id: 1, seq: 1, receivedAt: time, accountLogin: "admin", unitCode: "yf", deviceId: id,
                                       action: "session.create", entityType: "session", entityId: "1", detail: "{}", hash: sha)],
                  nextAfterId: 1)
    }
    var verification: AuditVerification {
        AuditVerification(ok: false, checked: 3, firstBroken: BrokenAuditEntry(id: 2, seq: 2, reason: "hash_mismatch"), pending: 0)
    }
    var revision: ReportRevisionRecord {
        ReportRevisionRecord(reportId: id, taskId: 9, unitCode: "jd-tianma", nodeId: 1, revision: 1, baseVersion: 0, inConflict: false,
                             text: "进展", quantities: ["parks": 2], percent: 35, evidence: [sha], authoredAt: time, receivedAt: time,
                             accountLogin: "tianma1", deviceId: id, reportVersion: 1, headRevision: 1, openConflicts: 0,
                             publicSummary: "已建成", difficulties: "用地待协调")
    }
    var schedule: ProgressStanding {
        ProgressStanding(completion: 12.5, expected: 25, light: .yellow, basis: .implementationPlan, fromIndicators: true)
    }
    var indicator: Indicator {
        Indicator(id: 1, taskId: 9, name: "健身路径", measure: "套", target: 30, cumulative: true, source: .cityStandard, confirmed: false,
                  phrase: "30套健身路径", splits: [IndicatorSplit(unitCode: "jd-tianma", target: 4)], splitReason: "其余由区本级建设")
    }
    var implementationPlan: ImplementationPlanRecord {
        let step = ImplementationStep(date: day, values: ["健身路径": 3], percent: 10, note: "设计招标")
        return ImplementationPlanRecord(
            id: id, taskId: 9, unitCode: "zjj", version: 2, state: .submitted, acceptedRevision: 1,
            revisions: [.init(revision: 1, measures: "分片包干", steps: [step], splits: [ProposedSplit(indicator: "健身路径", unitCode: "jd-tianma", target: 4)],
                              evidence: [sha], reason: "调整工期", accountLogin: "zjj1", authoredAt: time, receivedAt: time)],
            reviews: [.init(revision: 1, decision: .accept, reason: "同意", reviewerLogin: "super", decidedAt: time)])
    }
    var targets: TargetList {
        TargetList(planYear: 2022, indicators: [indicator], warnings: [LocalizedText(en: "22 not split", zh: "尚有 22 套未分解")])
    }
    var indicatorReport: IndicatorReport {
        IndicatorReport(planYear: 2022, date: day, rule: .standard, rows: [
            IndicatorStanding(taskId: 9, taskNumber: 9, indicator: "健身路径", measure: "套", unitCode: "jd-tianma", target: 4,
                              expected: 1, actual: 0.5, basis: .straightLine, cityStandard: true, date: day),
        ], tasks: [.init(taskId: 9, taskNumber: 9, title: "游园", progress: schedule)])
    }
    var urge: UrgeRecord {
        UrgeRecord(id: 1, taskId: 9, taskNumber: 9, unitCode: "jd-baisha", nodeId: 1, nodeDate: day, message: "请报送",
                   timeliness: .missing, urgedBy: "super", createdAt: time, reason: .behindSchedule, figures: schedule)
    }
    var order: SupervisionOrderRecord {
        SupervisionOrderRecord(id: 1, taskId: 9, taskNumber: 9, unitCode: "jd-baisha", grade: .yellow, state: .open,
                               history: [OrderEvent(action: .escalated, grade: .yellow, note: "再次逾期", by: "super", at: time)],
                               reason: .behindSchedule, figures: schedule)
    }
    var extensionRecord: ExtensionRecord {
        ExtensionRecord(id: id, taskId: 9, taskNumber: 9, unitCode: "jd-tianma", nodeId: 1, nodeDate: day, role: .responsible,
                        scheduledDueDate: day, requestedDueDate: day, reason: "雨天", state: .granted, grantedDueDate: day,
                        decisionNote: "同意", requestedBy: "tianma1", requestedAt: time, decidedBy: "super", decidedAt: time)
    }
    var circular: CircularRecord {
        let task = CircularSnapshot.TaskLine(taskNumber: 9, title: "游园", light: .red, reasons: [.farBehind, .late])
        let unit = CircularSnapshot.UnitLine(unitCode: "jd-baisha", unitName: "白沙镇", taskNumber: 9, role: .responsible,
                                             timeliness: .late, daysLate: 3)
        return CircularRecord(id: 1, planYear: 2022, nodeDate: day, state: .issued, number: 3, documentNumber: "〔2022〕3号",
                              title: "通报", body: "正文",
                              snapshot: CircularSnapshot(takenAt: time, nodeDate: day, tasksOnSchedule: [task], tasksBehind: [task],
                                                         lateUnits: [unit], missingUnits: [unit], commended: ["zjj"],
                                                         criticized: ["jd-baisha"]),
                              draftedBy: "super", issuedBy: "super", issuedAt: time, updatedAt: time)
    }
    var inspection: InspectionRecord {
        InspectionRecord(id: 1, taskId: 9, taskNumber: 9, unitCode: "jd-tianma", kind: .onSite, inspectedOn: day, inspectors: ["李明"],
                         findings: "台账不全", rectification: "补齐", rectificationDue: day, state: .rectifying,
                         history: [InspectionEvent(action: .recorded, note: "台账不全", by: "super", at: time)])
    }
    var assessment: AssessmentRecord {
        AssessmentRecord(id: id, planYear: 2022, taskId: 9, taskNumber: 9, unitCode: "jd-tianma", unitName: "天马街道",
                         leadUnitCode: "zjj", scores: ["quality": 8.5], prefilled: ["timeliness": 10], reasons: ["quality": "好"],
                         comment: "良好", evidence: [sha], total: 85.5, state: .returned, reviewNote: "补充", version: 2,
                         writtenBy: "zjj1", writtenAt: time, reviewedAt: time)
    }
    var sync: SyncResponse {
        let review = ReviewRecord(reportId: id, taskId: 9, unitCode: "jd-tianma", revision: 1, decision: .return, reason: "缺数量",
                                  reviewerLogin: "zjj1", reviewerUnitCode: "zjj", authoredAt: time, receivedAt: time,
                                  reviewState: .returned)
        let changes = [
            ChangeRecord(seq: 1, entityType: "report_revision", entityId: "x/1", reportRevision: revision),
            ChangeRecord(seq: 2, entityType: "report_review", entityId: "x/1", reportReview: review),
            ChangeRecord(seq: 3, entityType: "urge", entityId: "1", urge: urge),
            ChangeRecord(seq: 4, entityType: "supervision_order", entityId: "1", supervisionOrder: order),
            ChangeRecord(seq: 5, entityType: "extension", entityId: "e", extension: extensionRecord),
            ChangeRecord(seq: 6, entityType: "circular", entityId: "1", circular: circular),
            ChangeRecord(seq: 7, entityType: "inspection", entityId: "1", inspection: inspection),
            ChangeRecord(seq: 8, entityType: "assessment", entityId: "a", assessment: assessment),
        ]
        let reference = ReferenceData(
            units: units.units, plans: [.init(id: 1, year: 2022, title: "计划", timeZone: "Asia/Shanghai", responsibleLeadDays: 3,
                                     progressRule: .standard)],
            nodes: [.init(id: 1, planId: 1, ordinal: 1, nodeDate: day, leadDueDate: day, responsibleDueDate: day)],
            tasks: [.init(id: 9, planId: 1, number: 9, title: "游园", content: "建设", completionStandard: "建成", notApplicable: false,
                          districtLeadWritten: "区住建局", districtResponsibleWritten: "各街道办事处")],
            assignments: [.init(taskId: 9, unitCode: "zjj", role: .lead)], indicators: [indicator],
            implementationPlans: [implementationPlan])
        let result = MutationResult(id: id, status: .rejected, reportId: id, version: 1, serverVersion: 2, code: "x", message: "m",
                                    messageZh: "中")
        return SyncResponse(epoch: "e1", epochChanged: true, results: [result], changes: changes, cursor: 8, hasMore: false,
                            referenceVersion: 3, reference: reference, serverTime: time)
    }
    var syncRequest: SyncRequest {
        SyncRequest(deviceId: id, epoch: "e1", cursor: 3, referenceVersion: 2,
                    mutations: [MutationEnvelope(id: id, deviceSeq: 1, kind: "report.write", baseVersion: 0, payload: "{}",
                                                 payloadSha256: sha, authoredAt: time)], pageSize: 10)
    }
    var overview: SupervisionOverview {
        SupervisionOverview(
            planId: 1, planYear: 2022, nodeId: 1, nodeDate: day, evaluatedAt: time, timeZone: "Asia/Shanghai",
            tasks: [TaskStanding(taskId: 9, taskNumber: 9, title: "游园", notApplicable: false, light: .yellow, reasons: [.behind],
                                 target: 25, progress: 10, leadUnitCodes: ["zjj"]).withSchedule(schedule)],
            units: [UnitStanding(taskId: 9, taskNumber: 9, taskTitle: "游园", unitCode: "jd-tianma", unitName: "天马街道", role: .responsible,
                                 scheduledDueDate: day, extendedTo: day, timeliness: .late, daysLate: 2, firstReceivedAt: time,
                                 firstAuthoredAt: time, reviewState: .submitted, percent: 10, light: .red, reasons: [.late],
                                 urges: 1, openOrder: .blue).with(schedule: schedule)])
    }
    var lists: SupervisionLists {
        SupervisionLists(urges: [urge], orders: [order], extensions: [extensionRecord], inspections: [inspection])
    }
    var assessments: AssessmentTable {
        AssessmentTable(planYear: 2022, criteria: [AssessmentCriterion(code: "timeliness", nameZh: "及时性", nameEn: "timeliness",
                                                                       maxScore: 10, weight: 20, prefill: "timeliness")],
                        assessments: [assessment])
    }
    var publicProgress: PublicProgress {
        PublicProgress(planYear: 2022, planTitle: "计划", tasks: [
            PublicTaskProgress(number: 9, title: "游园", content: "建设", completionStandard: "建成", notApplicable: false,
                               leadUnits: ["区住建局"], percent: 35, summary: "已建成", nodeDate: day, updatedAt: time, light: .green,
                               indicators: [PublicIndicator(name: "健身路径", measure: "套", target: 30, done: 4, cityStandard: true)],
                               history: [PublicSummaryEntry(nodeDate: day, summary: "已建成", acceptedAt: time)]),
        ])
    }
    var counts: ReportingCounts { ReportingCounts(expected: 3, received: 2, onTime: 1) }
    var progress: OversightAnswer<TaskProgressRow> {
        OversightAnswer(planYear: 2022, nodeDate: day, evaluatedAt: time, rows: [
            TaskProgressRow(taskNumber: 9, title: "游园", notApplicable: false, leadUnits: ["区住建局"], light: .red, reasons: [.missing],
                            target: 25, progress: 10, lastUpdate: time, counts: counts, schedule: schedule),
            TaskProgressRow(taskNumber: 2, title: "不涉及", notApplicable: true, leadUnits: [], light: nil, reasons: [],
                            target: nil, progress: nil, lastUpdate: nil, counts: ReportingCounts()),
        ])
    }
    var completeness: OversightAnswer<NodeCompletenessRow> {
        OversightAnswer(planYear: 2022, nodeDate: nil, evaluatedAt: time,
                        rows: [NodeCompletenessRow(nodeDate: day, tier: .lead, dueDate: day, counts: counts)])
    }
    var timeliness: OversightAnswer<UnitTimelinessRow> {
        OversightAnswer(planYear: 2022, nodeDate: day, evaluatedAt: time,
                        rows: [UnitTimelinessRow(unitCode: "zjj", unitName: "区住建局", tier: .lead, counts: counts)])
    }
    var overdue: OversightAnswer<OverdueRow> {
        OversightAnswer(planYear: 2022, nodeDate: day, evaluatedAt: time, rows: [
            OverdueRow(taskNumber: 9, taskTitle: "游园", unitCode: "jd-baisha", unitName: "白沙镇", tier: .responsible, nodeDate: day,
                       dueDate: day, timeliness: .late, daysLate: 3, receivedAt: time, urges: 1, openOrder: .red),
        ])
    }
    var lights: OversightAnswer<StatusLightRow> {
        OversightAnswer(planYear: 2022, nodeDate: nil, evaluatedAt: time, rows: [
            StatusLightRow(taskNumber: 9, taskTitle: "游园", unitCode: "zjj", unitName: "区住建局", light: .yellow, reasons: [.caughtUp],
                           nodeDate: day, target: 25, progress: 20, schedule: schedule),
        ])
    }
    var scope: ScopeSnapshot { ScopeSnapshot(taskId: 9, revisions: [revision]) }
    var inspectionRequest: InspectionRequest {
        InspectionRequest(taskNumber: 9, unitCode: "jd-tianma", planYear: 2022, kind: .online, inspectedOn: day, inspectors: ["李明"],
                          findings: "问题", rectification: "整改", rectificationDue: day)
    }
    var evidence: EvidenceStatus { EvidenceStatus(sha256: sha, size: 10, mediaType: "application/pdf", received: 10, complete: true) }
    var assignments: AssignmentList {
        AssignmentList(assignments: [AssignmentInfo(planYear: 2022, taskNumber: 9, taskTitle: "游园", unitCode: "zjj", unitName: "区住建局",
                                                    role: .lead, writtenAs: "区住建局")])
    }
    var planImport: PlanImportResult {
        let match = UnitMatch(written: "区住建局", how: .name, codes: ["zjj"], names: ["区住建局"], nearest: ["住建局"], vague: false)
        let preview = PlanPreview(
            title: "2022年为民办实事", issuer: "区政府办", documentNumber: "区政办〔2022〕1号", issuedOn: day, year: 2022,
            timeZone: "Asia/Shanghai", responsibleLeadDays: 3, responsibleLeadDaysSource: "提前3日",
            nodes: [.init(ordinal: 1, nodeDate: day, leadDueDate: day, responsibleDueDate: day, source: "3月28日")],
            planDates: [.init(date: day, what: "完成", source: "3月28日前完成")],
            tasks: [.init(number: 9, label: "九", group: "民生", title: "游园", deadline: "年底", notApplicable: "无",
                          lead: [match], responsible: [match], subItems: ["子项"],
                          proposedIndicators: [.init(name: "健身路径", measure: "套", target: 30, phrase: "30套健身路径")],
                          people: ["联系人": "李明"], otherColumns: ["备注": "无"])],
            warnings: [.init(code: "notice.note", location: "paragraph 3", message: LocalizedText(en: "note", zh: "注意"))],
            rosterChecked: true, unresolved: [.init(name: "区海事局", tasks: [1], nearest: ["区交通局"], vague: false)],
            changes: [PlanChange(.taskCreated, task: 9, to: "游园"), PlanChange(.nodeMoved, node: 1, from: "2022-03-28", to: "2022-03-30")])
        let summary = PlanImportSummary(
            planId: 1, year: 2022, title: "2022年为民办实事", planCreated: true, planUpdated: false, tasksCreated: 1, tasksUpdated: 0,
            tasksUnchanged: 0, nodesCreated: 1, nodesUpdated: 0, nodesRemoved: 0, assignmentsAdded: 2, assignmentsUpdated: 0,
            assignmentsRemoved: 0, indicatorsProposed: 1,
            unitsCreated: [ImportedUnit(code: "hsj", name: "区海事局", kind: .bureau, parentCode: "yf")], changed: true)
        return PlanImportResult(dryRun: false, preview: preview, summary: summary)
    }
    var unitImport: UnitImportResult { UnitImportResult(dryRun: true, created: ["t-new"], updated: ["zjj"], unchanged: 3) }
}

extension TaskStanding {
    func withSchedule(_ schedule: ProgressStanding) -> TaskStanding {
        var copy = self
        copy.schedule = schedule
        return copy
    }
}
