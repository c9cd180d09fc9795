@testable import DubanClient
import DubanCore
import Foundation
import Testing

@Suite struct DueDatesTests {
    static func reference(timeZone: String) -> ReferenceData {
        let plan = ReferenceData.Plan(id: 1, year: 2022, title: "plan", timeZone: timeZone, responsibleLeadDays: 3)
        let nodes = [("2022-03-28", 1), ("2022-06-30", 2)].map { date, ordinal in
            let node = LocalDate(iso: date)!
            return ReferenceData.Node(id: Int64(ordinal), planId: 1, ordinal: ordinal, nodeDate: node, leadDueDate: node,
                                      responsibleDueDate: node.adding(days: -3))
        }
        let task = ReferenceData.Task(id: 9, planId: 1, number: 9, title: "t", content: "", completionStandard: "",
                                      notApplicable: false, districtLeadWritten: "", districtResponsibleWritten: "")
        return ReferenceData(units: [], plans: [plan], nodes: nodes, tasks: [task], assignments: [
            .init(taskId: 9, unitCode: "zjj", role: .lead), .init(taskId: 9, unitCode: "jd-tianma", role: .responsible),
        ])
    }

    static func time(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func aResponsibleUnitIsDueThreeDaysBeforeTheNodeUntilMidnightInThePlansZone() throws {
        let reference = Self.reference(timeZone: "Asia/Shanghai")
        let task = reference.tasks[0]
        #expect(DueDates.role(of: "jd-tianma", on: 9, in: reference) == .responsible)
        #expect(DueDates.role(of: "zjj", on: 9, in: reference) == .lead)
        #expect(DueDates.role(of: "jd-jiahe", on: 9, in: reference) == nil)

        // 23:59:59 in Beijing on 25 March: still due today.
        let lastSecond = Self.time("2022-03-25T15:59:59Z")
        let due = try #require(DueDates.next(task: task, role: .responsible, reference: reference, now: lastSecond))
        #expect(due.date == LocalDate(iso: "2022-03-25") && due.daysLeft == 0 && due.nodeId == 1)
        #expect(due.deadline == Self.time("2022-03-25T16:00:00Z"))
        // Midnight in Beijing: the next node.
        let next = try #require(DueDates.next(task: task, role: .responsible, reference: reference, now: Self.time("2022-03-25T16:00:00Z")))
        #expect(next.nodeId == 2 && next.date == LocalDate(iso: "2022-06-27"))
        // The lead unit reports on the node date itself.
        let lead = try #require(DueDates.next(task: task, role: .lead, reference: reference, now: Self.time("2022-03-26T00:00:00Z")))
        #expect(lead.date == LocalDate(iso: "2022-03-28") && lead.daysLeft == 2)
        // Everything past: nothing next.
        #expect(DueDates.next(task: task, role: .lead, reference: reference, now: Self.time("2022-07-01T00:00:00Z")) == nil)
    }

    @Test func theSameInstantIsAnotherDayInAnotherZone() throws {
        let instant = Self.time("2022-03-25T20:00:00Z")  // 26 March 04:00 in Beijing, 25 March 16:00 in New York
        let shanghai = Self.reference(timeZone: "Asia/Shanghai")
        let newYork = Self.reference(timeZone: "America/New_York")
        let inShanghai = try #require(DueDates.next(task: shanghai.tasks[0], role: .responsible, reference: shanghai, now: instant))
        let inNewYork = try #require(DueDates.next(task: newYork.tasks[0], role: .responsible, reference: newYork, now: instant))
        #expect(inShanghai.nodeId == 2, "past in Beijing")
        #expect(inNewYork.nodeId == 1 && inNewYork.daysLeft == 0, "still 25 March in New York")
        #expect(inNewYork.deadline == Self.time("2022-03-26T04:00:00Z"), "midnight EDT")
        // An unknown zone name falls back to the notice's Asia/Shanghai.
        #expect(DueDates.timeZone(of: .init(id: 1, year: 2022, title: "", timeZone: "Mars/Olympus", responsibleLeadDays: 3))
                == TimeZone(identifier: "Asia/Shanghai"))
    }

    @Test func theTaskListShowsRoleNextDueDateAndDaysLeft() {
        let reference = Self.reference(timeZone: "Asia/Shanghai")
        let rows = TaskRow.rows(unit: "jd-tianma", reference: reference, reports: [], now: Self.time("2022-03-01T02:00:00Z"))
        #expect(rows.count == 1)
        #expect(rows[0].role == .responsible && rows[0].nextNode == LocalDate(iso: "2022-03-28"))
        #expect(rows[0].dueDate == LocalDate(iso: "2022-03-25") && rows[0].daysLeft == 24)
        #expect(TaskRow.rows(unit: "jd-jiahe", reference: reference, reports: [], now: Date()).isEmpty)
    }
}
