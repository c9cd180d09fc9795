import Testing
import DubanCore
import DubanImport

struct ParsedPlanAssignmentsTests {
    private let directory: UnitDirectory
    private let offices = ["jd-tianma", "jd-jiahe", "jd-jianpanshan", "jd-wuliting", "jd-rongjun", "jd-baisha",
                           "jd-qilin", "jd-yanghe"]

    init() throws {
        directory = UnitDirectory(units: try UnitRoster.parseCSV(try Fixture.rosterCSV))
    }

    private func codes(_ result: PlanAssignments, task: Int, role: AssignmentRole) -> [String] {
        result.assignments.filter { $0.taskNumber == task && $0.role == role }.map(\.unitCode)
    }

    @Test func assignsTheSeedAgainstTheSampleRoster() throws {
        let result = try NoticeEdits().parse().assignments(using: directory)
        #expect(result.unresolved.isEmpty)
        #expect(Set(result.assignments.map(\.taskNumber)) == [1, 4, 8, 9])
        #expect(codes(result, task: 1, role: .lead) == ["zjj"])
        #expect(codes(result, task: 1, role: .responsible) == ["fgj", "czj"])
        #expect(codes(result, task: 4, role: .responsible) == ["czj", "zrzyj"])
        #expect(codes(result, task: 8, role: .responsible) == ["fgj", "czj", "zrzyj", "zfj"])
        #expect(codes(result, task: 9, role: .lead) == ["zjj", "wtglj"])
        #expect(codes(result, task: 9, role: .responsible) == ["fgj", "czj", "zrzyj", "zfj"] + offices)
        #expect(result.assignments.count == 25)

        let finance = result.assignments.first { $0.taskNumber == 9 && $0.unitCode == "czj" }
        #expect(finance == PlannedAssignment(taskNumber: 9, unitCode: "czj", role: .responsible, writtenAs: "财政局"))
        #expect(result.assignments.filter { offices.contains($0.unitCode) }.allSatisfy { $0.writtenAs == "各街道办事处" })
    }

    @Test func reportsUnknownNamesWithTheirTask() throws {
        let result = try NoticeEdits()
            .replacing("\t区财政局、区自然资源局\n", with: "\t区财政局、区卫健局、区卫健局\n")
            .parse().assignments(using: directory)
        #expect(result.unresolved == [UnresolvedUnitName(taskNumber: 4, role: .responsible, name: "区卫健局")])
        #expect(codes(result, task: 4, role: .responsible) == ["czj"])
    }

    @Test func keepsLeadsAndCollapsesDuplicates() {
        let task = ParsedTask(
            number: 7, title: "t", content: "c", completionStandard: "s",
            cityLead: UnitCell(written: ""), cityResponsible: UnitCell(written: ""),
            districtLead: UnitCell(written: "天马街道办事处、区住建局、住建局"),
            districtResponsible: UnitCell(written: "区住建局，各街道，区财政局、财政局，各镇"))
        let plan = ParsedPlan(title: "p", issuer: nil, year: 2022, timeZone: "Asia/Shanghai", responsibleLeadDays: 3,
                              nodes: [], tasks: [task])
        let result = plan.assignments(using: directory)
        #expect(codes(result, task: 7, role: .lead) == ["jd-tianma", "zjj"])
        #expect(codes(result, task: 7, role: .responsible)
            == offices.filter { $0 != "jd-tianma" } + ["czj", "zhen-luorong", "zhen-luobu", "zhen-lirong"])
        #expect(result.assignments.count == Set(result.assignments.map(\.unitCode)).count)
        #expect(result.unresolved.isEmpty)

        let noTowns = plan.assignments(using: UnitDirectory(units: directory.units.filter { $0.kind != .town }))
        #expect(noTowns.unresolved == [UnresolvedUnitName(taskNumber: 7, role: .responsible, name: "各镇")])
    }

    @Test func givesNotApplicableTasksNothing() throws {
        let plan = try NoticeEdits().replacing("\t不涉及鱼峰区\n\t\n\n\t4\n", with: "\t不涉及鱼峰区\n\t区财政局\n\n\t4\n").parse()
        #expect(plan.tasks[2].notApplicable)
        #expect(plan.assignments(using: directory).assignments.allSatisfy { $0.taskNumber != 3 })
    }
}
