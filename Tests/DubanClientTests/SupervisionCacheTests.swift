@testable import DubanClient
import DubanCore
import Foundation
import Testing

/// The supervision office's records from the change feed: stored once per entity, replaced whole by a
/// later change of the same entity, never by an older copy; unknown kinds skipped; gone with a new epoch.
@Suite struct SupervisionCacheTests {
    let base = LocalCacheTests()
    typealias F = SupervisionFixtures

    @Test func eachKindIsStoredFromAPageAndReplacedByALaterChange() throws {
        try base.withCache { cache in
            let requestId = UUID()
            let first = base.response(changes: [
                F.change(1, urge: F.urge(1)),
                F.change(2, order: F.order(3, grade: .blue)),
                F.change(3, extension: F.extensionRecord(requestId, state: .requested)),
                F.change(4, circular: F.circular(7, number: 1)),
                F.change(5, inspection: F.inspection(5, state: .rectifying)),
                ChangeRecord(seq: 6, entityType: "assessment", entityId: "a1"),  // a kind this client does not know
            ], cursor: 6)
            let outcome = try cache.apply(first, deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            #expect(outcome.pulled == 5, "the unknown kind is skipped, not counted")
            #expect(try cache.integer("SELECT count(*) FROM supervision_items") == 5)
            #expect(try cache.state().cursor == 6, "the cursor moves past the unknown kind")
            #expect(try cache.urges() == [F.urge(1)])
            #expect(try cache.supervisionOrders() == [F.order(3, grade: .blue)])
            #expect(try cache.extensions() == [F.extensionRecord(requestId, state: .requested)])
            #expect(try cache.circulars() == [F.circular(7, number: 1)])
            #expect(try cache.inspections() == [F.inspection(5, state: .rectifying)])

            // Later changes of the same entities carry their whole new state: replaced, not added.
            let granted = F.extensionRecord(requestId, state: .granted, granted: LocalDate(iso: "2022-04-01"))
            let second = base.response(changes: [
                F.change(7, order: F.order(3, grade: .yellow)),
                F.change(8, extension: granted),
                F.change(9, inspection: F.inspection(5, state: .closed)),
                F.change(10, urge: F.urge(2, message: "第二次催办", at: 86_400)),
            ], cursor: 10)
            for _ in 0..<2 {
                _ = try cache.apply(second, deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            }
            #expect(try cache.integer("SELECT count(*) FROM supervision_items") == 6)
            #expect(try cache.supervisionOrders().map(\.grade) == [.yellow])
            #expect(try cache.supervisionOrders().first?.history.count == 2)
            #expect(try cache.extensions() == [granted])
            #expect(try cache.inspections().map(\.state) == [.closed])
            #expect(try cache.urges().map(\.id) == [2, 1], "newest first")

            // An older copy arriving again (a re-pull from zero) does not undo a newer one.
            _ = try cache.apply(first, deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            #expect(try cache.extensions() == [granted])
            #expect(try cache.supervisionOrders().map(\.grade) == [.yellow])
        }
    }

    @Test func recordsAreFilteredByUnitAndGoWithANewEpoch() throws {
        try base.withCache { cache in
            _ = try cache.apply(base.response(changes: [
                F.change(1, urge: F.urge(1)),
                F.change(2, urge: F.urge(2, unit: "jd-jiahe")),
                F.change(3, order: F.order(4, grade: .red, unit: "jd-jiahe")),
                F.change(4, circular: F.circular(1, number: 1)),
                F.change(5, circular: F.circular(2, number: 2)),
            ], cursor: 5), deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            #expect(try cache.urges(unit: "jd-tianma").map(\.id) == [1])
            #expect(try cache.urges().count == 2)
            #expect(try cache.supervisionOrders(unit: "jd-tianma").isEmpty)
            #expect(try cache.circulars().map(\.documentNumber) == ["〔2022〕2号", "〔2022〕1号"], "newest first")

            // The server's data was restored: everything is pulled again from zero.
            _ = try cache.apply(base.response(changes: [F.change(1, circular: F.circular(1, number: 1))], cursor: 1,
                                              epoch: "e2", epochChanged: true),
                                deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            #expect(try cache.integer("SELECT count(*) FROM supervision_items") == 1)
            #expect(try cache.circulars().map(\.id) == [1])
            #expect(try cache.urges().isEmpty)
        }
    }

    @Test func aChangeWithoutItsRecordIsSkipped() throws {
        try base.withCache { cache in
            let outcome = try cache.apply(base.response(changes: [ChangeRecord(seq: 1, entityType: "urge", entityId: "9")], cursor: 1),
                                          deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            #expect(outcome.pulled == 0)
            #expect(try cache.integer("SELECT count(*) FROM supervision_items") == 0)
        }
    }

    @Test func theFeedsJSONDecodesIntoTheCache() throws {
        // The wire as the server writes it (snake_case, `extension` as a key).
        let record = F.extensionRecord(UUID(), state: .exempted, requested: nil)
        let page = base.response(changes: [F.change(1, extension: record)], cursor: 1)
        let wire = try WireJSON.encoder().encode(page)
        #expect(String(decoding: wire, as: UTF8.self).contains("\"extension\":{"))
        let decoded = try WireJSON.decoder().decode(SyncResponse.self, from: wire)
        try base.withCache { cache in
            _ = try cache.apply(decoded, deviceId: LocalCacheTests.device, now: LocalCacheTests.now)
            #expect(try cache.extensions() == [record])
        }
    }
}

/// `duban circular show` names a circular by its document number, YEAR-N, id or number.
@Suite struct CircularLookupTests {
    @Test func aCircularIsFoundByWhatPeopleType() throws {
        var old = SupervisionFixtures.circular(11, number: 3)
        old.planYear = 2021
        old.documentNumber = CircularRecord.documentNumber(year: 2021, number: 3)
        let circulars = [SupervisionFixtures.circular(12, number: 1), SupervisionFixtures.circular(15, number: 3), old]
        #expect(try CircularLookup.find("〔2022〕3号", in: circulars).id == 15)
        #expect(try CircularLookup.find("〔2021〕3号", in: circulars).id == 11)
        #expect(try CircularLookup.find("2021-3", in: circulars).id == 11)
        #expect(try CircularLookup.find("12", in: circulars).id == 12, "an id first")
        #expect(try CircularLookup.find("3号", in: circulars).id == 15, "a bare number in the newest year")
        #expect(try CircularLookup.find("1", in: circulars).id == 12)
        #expect(throws: ClientError.self) { try CircularLookup.find("〔2022〕9号", in: circulars) }
        #expect(throws: ClientError.self) { try CircularLookup.find("7", in: circulars) }
    }
}
