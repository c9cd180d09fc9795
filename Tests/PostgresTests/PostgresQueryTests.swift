import Foundation
import Postgres
import Testing

@Suite struct PostgresQueryTests {
    @Test func interpolatedValuesBecomeNumberedBinds() {
        let name = "Ann'; DROP TABLE users; --"
        let age: Int? = nil
        let query: PostgresQuery = "SELECT * FROM users WHERE name = \(name) AND age = \(age) AND active = \(true)"
        #expect(query.sql == "SELECT * FROM users WHERE name = $1 AND age = $2 AND active = $3")
        #expect(query.binds.count == 3)
        #expect(query.binds[0] == PostgresBind(text: name, typeOID: 0))
        #expect(query.binds[1].isNull)
        #expect(query.binds[2] == PostgresBind(text: "t", typeOID: 16))
    }

    @Test func unescapedFragmentsArePastedAsIs() {
        let order = "created_at DESC"
        let query: PostgresQuery = "SELECT id FROM t WHERE a = \(1) ORDER BY \(unescaped: order) LIMIT \(10)"
        #expect(query.sql == "SELECT id FROM t WHERE a = $1 ORDER BY created_at DESC LIMIT $2")
        #expect(query.binds.map(\.typeOID) == [20, 20])
    }

    @Test func plainLiteralHasNoBinds() {
        let query: PostgresQuery = "SELECT 1"
        #expect(query.sql == "SELECT 1")
        #expect(query.binds.isEmpty)
    }

    @Test func descriptionNeverShowsValues() {
        let secret = "hunter2"
        let query: PostgresQuery = "UPDATE users SET password = \(secret), avatar = \(Data([1, 2, 3]))"
        #expect(!query.description.contains(secret))
        #expect(!String(describing: query.binds).contains(secret))
        #expect(query.description == "UPDATE users SET password = $1, avatar = $2 [2 binds]")
    }

    @Test func bindTypesFollowTheSwiftType() {
        let query: PostgresQuery =
            "\(Data()) \(UUID()) \(Date()) \(PostgresDate(year: 2022, month: 3, day: 28)) \(["a"]) \(Int32(1)) \(2.5) \([UInt8]())"
        #expect(query.binds.map(\.typeOID) == [17, 2950, 1184, 1082, 1009, 23, 701, 17])
        #expect(query.binds.map(\.format) == [.binary, .text, .text, .text, .text, .text, .text, .binary])
    }
}
