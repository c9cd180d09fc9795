@testable import DubanClient
import Foundation
import Testing

@Suite struct TimeInputTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    @Test func readsZonedLocalAndDateOnlyTimes() {
        let expected = Date(timeIntervalSince1970: 1_648_396_800)  // 2022-03-27T16:00:00Z = 2022-03-28 00:00 in Shanghai
        #expect(TimeInput.parse("2022-03-27T16:00:00Z", timeZone: shanghai) == expected)
        #expect(TimeInput.parse("2022-03-28T00:00:00+08:00", timeZone: shanghai) == expected)
        #expect(TimeInput.parse("2022-03-28", timeZone: shanghai) == expected)
        #expect(TimeInput.parse("2022-03-28T00:00:00", timeZone: shanghai) == expected)
        #expect(TimeInput.parse("2022-03-28 00:00", timeZone: shanghai) == expected)
        #expect(TimeInput.parse("2022-03-27T16:00:00.000Z", timeZone: shanghai) == expected)
    }

    @Test(arguments: ["", "yesterday", "2022-13-01", "2022-02-30", "28/03/2022"])
    func refusesWhatIsNotATime(text: String) {
        #expect(TimeInput.parse(text, timeZone: shanghai) == nil)
    }
}
