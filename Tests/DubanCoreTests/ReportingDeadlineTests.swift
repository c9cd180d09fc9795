import Foundation
import Testing
import DubanCore

struct ReportingDeadlineTests {
    private func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }
    private func zone(_ identifier: String) -> TimeZone { TimeZone(identifier: identifier)! }
    /// An instant written with an explicit UTC offset, so the expectation does not lean on the zone database.
    private func instant(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    private var shanghai: TimeZone { zone("Asia/Shanghai") }

    @Test func endOfDueDayInShanghai() {
        let lead = ReportingDeadline(role: .lead, scheduledDate: day("2022-03-28"), timeZone: shanghai)
        #expect(lead.deadline == instant("2022-03-29T00:00:00+08:00"))
        #expect(lead.deadline == Date(timeIntervalSince1970: 1_648_483_200))
        #expect(lead.isOnTime(receivedAt: instant("2022-03-28T23:59:59+08:00")))
        #expect(lead.daysLate(receivedAt: instant("2022-03-28T23:59:59+08:00")) == 0)
        #expect(!lead.isOnTime(receivedAt: instant("2022-03-29T00:00:00+08:00")))
        #expect(lead.daysLate(receivedAt: instant("2022-03-29T00:00:00+08:00")) == 1)
        #expect(lead.daysLate(receivedAt: instant("2022-03-31T23:59:59+08:00")) == 3)
        #expect(lead.isOnTime(receivedAt: instant("2022-01-05T09:00:00+08:00")))
    }

    @Test func seedNodesHaveTwoTiers() {
        // The notice: nodes 3月28日, 6月30日, 9月23日, 12月5日; responsible units report 提前3日.
        let nodes = ["2022-03-28", "2022-06-30", "2022-09-23", "2022-12-05"].map(day)
        let lead = nodes.map { ReportingDeadline(role: .lead, nodeDate: $0, responsibleLeadDays: 3, timeZone: shanghai) }
        let responsible = nodes.map {
            ReportingDeadline(role: .responsible, nodeDate: $0, responsibleLeadDays: 3, timeZone: shanghai)
        }
        #expect(lead.map(\.dueDate.description) == ["2022-03-28", "2022-06-30", "2022-09-23", "2022-12-05"])
        #expect(responsible.map(\.dueDate.description) == ["2022-03-25", "2022-06-27", "2022-09-20", "2022-12-02"])
        #expect(responsible[0] == ReportingDeadline(role: .responsible, scheduledDate: day("2022-03-25"), timeZone: shanghai))
        #expect(responsible[0].deadline == instant("2022-03-26T00:00:00+08:00"))

        // A report on 27 March is late for the responsible unit and on time for the lead unit.
        let received = instant("2022-03-27T10:00:00+08:00")
        #expect(responsible[0].daysLate(receivedAt: received) == 2)
        #expect(lead[0].isOnTime(receivedAt: received))
    }

    @Test func extensionMovesTheDueDate() {
        let scheduled = ReportingDeadline(role: .responsible, scheduledDate: day("2022-03-25"), timeZone: shanghai)
        var extended = scheduled
        extended.extendedTo = day("2022-03-27")
        let received = instant("2022-03-27T18:00:00+08:00")

        #expect(extended.scheduledDate == day("2022-03-25"))
        #expect(extended.dueDate == day("2022-03-27"))
        #expect(extended.deadline == instant("2022-03-28T00:00:00+08:00"))
        #expect(!scheduled.isOnTime(receivedAt: received))
        #expect(extended.isOnTime(receivedAt: received))
        #expect(!extended.isOnTime(receivedAt: instant("2022-03-28T00:00:00+08:00")))
        #expect(extended.daysLate(receivedAt: instant("2022-03-29T08:00:00+08:00")) == 2)
        #expect(extended.daysLeft(now: instant("2022-03-26T12:00:00+08:00")) == 1)
        #expect(scheduled.daysLeft(now: instant("2022-03-26T12:00:00+08:00")) == -1)
    }

    @Test func sameInstantOnTimeInOneZoneLateInAnother() {
        let due = day("2022-03-28")
        let berlin = ReportingDeadline(role: .lead, scheduledDate: due, timeZone: zone("Europe/Berlin"))
        let china = ReportingDeadline(role: .lead, scheduledDate: due, timeZone: shanghai)
        let received = instant("2022-03-28T16:30:00Z") // 00:30 on 29 March in Shanghai, 18:30 on 28 March in Berlin.

        #expect(berlin.isOnTime(receivedAt: received))
        #expect(!china.isOnTime(receivedAt: received))
        #expect(china.daysLate(receivedAt: received) == 1)
        #expect(berlin.deadline == instant("2022-03-29T00:00:00+02:00")) // summer time since 27 March
        #expect(berlin.daysLeft(now: received) == 0)
        #expect(china.daysLeft(now: received) == -1)
    }

    @Test func oddOffsetZone() {
        let kathmandu = ReportingDeadline(role: .lead, scheduledDate: day("2022-03-28"), timeZone: zone("Asia/Kathmandu"))
        #expect(kathmandu.deadline == instant("2022-03-28T18:15:00Z"))
        #expect(kathmandu.isOnTime(receivedAt: instant("2022-03-28T23:59:59+05:45")))
        #expect(!kathmandu.isOnTime(receivedAt: instant("2022-03-29T00:00:00+05:45")))
    }

    @Test func newYorkSpringForwardDayHas23Hours() {
        // 13 March 2022: clocks jump from 02:00 EST to 03:00 EDT.
        let newYork = zone("America/New_York")
        let due = ReportingDeadline(role: .lead, scheduledDate: day("2022-03-13"), timeZone: newYork)
        #expect(due.deadline == instant("2022-03-14T00:00:00-04:00"))
        #expect(due.isOnTime(receivedAt: instant("2022-03-13T23:59:59-04:00")))
        #expect(!due.isOnTime(receivedAt: instant("2022-03-14T00:00:00-04:00")))
        // Start of day plus 24 hours would wrongly accept this.
        #expect(due.daysLate(receivedAt: instant("2022-03-14T00:30:00-04:00")) == 1)
        #expect(due.daysLeft(now: instant("2022-03-13T00:00:00-05:00")) == 0)

        let dayBefore = ReportingDeadline(role: .lead, scheduledDate: day("2022-03-12"), timeZone: newYork)
        #expect(dayBefore.deadline == instant("2022-03-13T00:00:00-05:00"))
    }

    @Test func newYorkFallBackDayHas25Hours() {
        // 6 November 2022: clocks fall back from 02:00 EDT to 01:00 EST.
        let due = ReportingDeadline(role: .lead, scheduledDate: day("2022-11-06"), timeZone: zone("America/New_York"))
        #expect(due.deadline == instant("2022-11-07T00:00:00-05:00"))
        // Start of day plus 24 hours would wrongly reject this.
        #expect(due.isOnTime(receivedAt: instant("2022-11-06T23:30:00-05:00")))
        #expect(!due.isOnTime(receivedAt: instant("2022-11-07T00:00:00-05:00")))
    }

    @Test func zoneWhereDSTSkipsMidnight() {
        // Havana, 13 March 2022: clocks jump from 00:00 CST to 01:00 CDT, so that day starts at 01:00.
        let due = ReportingDeadline(role: .lead, scheduledDate: day("2022-03-12"), timeZone: zone("America/Havana"))
        #expect(due.deadline == instant("2022-03-13T01:00:00-04:00"))
        #expect(due.isOnTime(receivedAt: instant("2022-03-12T23:59:59-05:00")))
        #expect(!due.isOnTime(receivedAt: instant("2022-03-13T01:00:00-04:00")))
    }

    @Test func onlyReceivedTimeDecides() {
        // The client says it wrote the report on the due day; the server got it the next morning.
        let report = (authoredAt: instant("2022-03-28T20:00:00+08:00"), receivedAt: instant("2022-03-29T08:00:00+08:00"))
        let due = ReportingDeadline(role: .lead, scheduledDate: day("2022-03-28"), timeZone: shanghai)
        #expect(report.authoredAt < due.deadline)
        #expect(!due.isOnTime(receivedAt: report.receivedAt))
        #expect(Timeliness(deadline: due, receivedAt: report.receivedAt, now: report.receivedAt) == .late(days: 1))

        // And a wrong offline clock dated after the deadline does not make an early receipt late.
        let early = (authoredAt: instant("2022-04-02T09:00:00+08:00"), receivedAt: instant("2022-03-27T09:00:00+08:00"))
        #expect(early.authoredAt > due.deadline)
        #expect(due.isOnTime(receivedAt: early.receivedAt))
    }

    @Test func timeliness() {
        let due = ReportingDeadline(role: .responsible, scheduledDate: day("2022-03-25"), timeZone: shanghai)
        let before = instant("2022-03-25T12:00:00+08:00")
        let after = instant("2022-03-27T12:00:00+08:00")

        #expect(Timeliness(deadline: nil, receivedAt: nil, now: after) == .notDue)
        #expect(Timeliness(deadline: nil, receivedAt: before, now: after) == .notDue)
        #expect(Timeliness(deadline: due, receivedAt: before, now: after) == .onTime)
        #expect(Timeliness(deadline: due, receivedAt: after, now: after) == .late(days: 2))
        #expect(Timeliness(deadline: due, receivedAt: nil, now: before) == .pending)
        #expect(Timeliness(deadline: due, receivedAt: nil, now: instant("2022-03-25T23:59:59+08:00")) == .pending)
        #expect(Timeliness(deadline: due, receivedAt: nil, now: instant("2022-03-26T00:00:00+08:00")) == .missing)
        #expect(Timeliness(deadline: due, receivedAt: nil, isExempted: true, now: after) == .exempted)
        #expect(Timeliness(deadline: due, receivedAt: after, isExempted: true, now: after) == .exempted)
    }

    @Test func exemptionCountsAsOnTimeInRates() {
        let all: [Timeliness] = [.onTime, .exempted, .late(days: 1), .missing, .pending, .notDue]
        #expect(all.map(\.countsAsOnTime) == [true, true, false, false, nil, nil])
        let counted = all.compactMap(\.countsAsOnTime)
        #expect(counted.filter { $0 }.count == 2 && counted.count == 4)
    }

    @Test func timelinessCodesAsJSON() throws {
        let values: [Timeliness] = [.late(days: 3), .missing]
        let data = try JSONEncoder().encode(values)
        #expect(try JSONDecoder().decode([Timeliness].self, from: data) == values)
    }
}
