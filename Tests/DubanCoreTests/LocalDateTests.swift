import Foundation
import Testing
@testable import DubanCore

struct LocalDateTests {
    private func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    @Test func validatesDays() {
        #expect(LocalDate(year: 2022, month: 2, day: 28) != nil)
        #expect(LocalDate(year: 2022, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 1900, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2000, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2022, month: 13, day: 1) == nil)
        #expect(LocalDate(year: 2022, month: 4, day: 31) == nil)
        #expect(LocalDate(year: 2022, month: 1, day: 0) == nil)
        #expect(LocalDate(year: 0, month: 1, day: 1) == nil)
    }

    @Test func parsesAndPrintsISO() {
        #expect(date("2022-03-28").description == "2022-03-28")
        #expect(LocalDate(year: 5, month: 1, day: 9)!.description == "0005-01-09")
        for bad in ["2022-3-28", "2022-02-30", "2022/03/28", "20220328", " 2022-03-28", "２０２２-03-28", ""] {
            #expect(LocalDate(iso: bad) == nil, "\(bad)")
        }
    }

    @Test func addsAcrossMonthAndYearEnds() {
        #expect(date("2022-03-28").adding(days: -3) == date("2022-03-25"))
        #expect(date("2022-03-02").adding(days: -3) == date("2022-02-27"))
        #expect(date("2022-12-30").adding(days: 3) == date("2023-01-02"))
        #expect(date("2023-01-02").adding(days: -3) == date("2022-12-30"))
        #expect(date("2022-01-31").adding(days: 1) == date("2022-02-01"))
        #expect(date("2022-06-30").adding(days: 0) == date("2022-06-30"))
        #expect(date("2022-01-01").adding(days: 365) == date("2023-01-01"))
    }

    @Test func addsAcrossLeapDays() {
        #expect(date("2024-02-28").adding(days: 1) == date("2024-02-29"))
        #expect(date("2024-03-01").adding(days: -1) == date("2024-02-29"))
        #expect(date("2023-03-01").adding(days: -1) == date("2023-02-28"))
        #expect(date("2100-03-01").adding(days: -1) == date("2100-02-28"))
        #expect(date("2000-03-01").adding(days: -1) == date("2000-02-29"))
        #expect(date("2024-01-01").adding(days: 366) == date("2025-01-01"))
        #expect(date("2023-01-01").days(until: date("2024-01-01")) == 365)
        #expect(date("2024-01-01").days(until: date("2025-01-01")) == 366)
    }

    @Test func dayNumbersRoundTrip() {
        #expect(date("1970-01-01").daysSinceEpoch == 0)
        #expect(date("1969-12-31").daysSinceEpoch == -1)
        var day = date("1999-12-25")
        for _ in 0..<1000 {
            let next = day.adding(days: 1)
            #expect(LocalDate(daysSinceEpoch: day.daysSinceEpoch + 1) == next)
            #expect(next > day)
            day = next
        }
        #expect(day == date("2002-09-20"))
    }

    @Test func ordersChronologically() {
        let dates = ["2022-12-05", "2022-03-28", "2021-12-31", "2022-09-23"].map(date)
        #expect(dates.sorted().map(\.description) == ["2021-12-31", "2022-03-28", "2022-09-23", "2022-12-05"])
    }

    @Test func codesAsISOString() throws {
        let data = try JSONEncoder().encode([date("2022-03-28")])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2022-03-28\"]")
        #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [date("2022-03-28")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([LocalDate].self, from: Data("[\"2022-02-30\"]".utf8))
        }
    }

    @Test func convertsInstantsInAZone() throws {
        let shanghai = try #require(TimeZone(identifier: "Asia/Shanghai"))
        // 2022-03-27T16:00:00Z is midnight of 28 March in Shanghai (UTC+8).
        let midnight = Date(timeIntervalSince1970: 1_648_396_800)
        #expect(LocalDate(midnight, in: shanghai) == date("2022-03-28"))
        #expect(LocalDate(midnight.addingTimeInterval(-1), in: shanghai) == date("2022-03-27"))
        #expect(date("2022-03-28").start(in: shanghai) == midnight)
        #expect(date("2022-03-28").start(in: TimeZone(identifier: "UTC")!) == midnight.addingTimeInterval(8 * 3600))
    }
}
