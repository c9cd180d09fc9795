import Foundation
import Testing
import DubanCore

/// DHIS2's reporting metrics over judged reports.
@Suite struct ReportingCountsTests {
    @Test func exemptedPendingAndNotDueLeaveTheDenominator() {
        let counts = ReportingCounts([.onTime, .onTime, .late(days: 2), .missing, .exempted, .pending, .notDue])
        #expect(counts == ReportingCounts(expected: 4, received: 3, onTime: 2))
        #expect(counts.reportingRate == 75 && counts.onTimeRate == 50)
    }

    @Test func nothingExpectedHasNoRate() {
        let counts = ReportingCounts([.exempted, .pending])
        #expect(counts.expected == 0 && counts.reportingRate == nil && counts.onTimeRate == nil)
    }

    @Test func sumsAndTheWireShape() throws {
        let sum = ReportingCounts(expected: 3, received: 2, onTime: 1) + ReportingCounts(expected: 1, received: 1, onTime: 1)
        #expect(sum == ReportingCounts(expected: 4, received: 3, onTime: 2))
        let json = String(decoding: try WireJSON.encoder().encode(sum), as: UTF8.self)
        #expect(json.contains("\"reporting_rate\":75") && json.contains("\"on_time_rate\":50"), "\(json)")
        #expect(try WireJSON.decoder().decode(ReportingCounts.self, from: Data(json.utf8)) == sum)
    }
}
