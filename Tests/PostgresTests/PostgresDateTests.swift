import Foundation
import Postgres
import Testing

@Suite struct PostgresDateTests {
    @Test func parsesAndPrintsISO() throws {
        let date = try #require(PostgresDate("2022-03-28"))
        #expect(date == PostgresDate(year: 2022, month: 3, day: 28))
        #expect(date.description == "2022-03-28")
        #expect(PostgresDate(year: 7, month: 1, day: 2).description == "0007-01-02")
        #expect(PostgresDate("0044-03-15 BC") == PostgresDate(year: -43, month: 3, day: 15))
        #expect(PostgresDate(year: -43, month: 3, day: 15).description == "0044-03-15 BC")
    }

    @Test(arguments: ["", "2022-3-28", "2022-02-30", "2023-02-29", "2022-13-01", "2022-00-10", "22-03-28", "2022-03-28x", "２０２２-03-28"])
    func rejectsInvalid(_ text: String) {
        #expect(PostgresDate(text) == nil)
    }

    @Test func acceptsLeapDay() {
        #expect(PostgresDate("2024-02-29") != nil)
        #expect(PostgresDate("2000-02-29") != nil)
        #expect(PostgresDate("1900-02-29") == nil)
    }

    @Test func comparesChronologically() {
        let dates = ["2022-03-28", "2021-12-31", "2022-03-01", "2022-01-15"].compactMap { PostgresDate($0) }
        #expect(dates.sorted().map(\.description) == ["2021-12-31", "2022-01-15", "2022-03-01", "2022-03-28"])
    }

    @Test func fromDateInATimeZone() throws {
        let instant = Date(timeIntervalSince1970: 1_648_425_600 - 1)  // 2022-03-27T23:59:59Z
        #expect(PostgresDate(instant) == PostgresDate(year: 2022, month: 3, day: 27))
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        #expect(PostgresDate(instant, timeZone: tokyo) == PostgresDate(year: 2022, month: 3, day: 28))
        #expect(PostgresDate(Date(timeIntervalSince1970: -1)) == PostgresDate(year: 1969, month: 12, day: 31))
    }
}
