import DubanTestSupport
import Foundation
import Postgres
import Testing

/// Values sent as bind parameters and read back from a real PostgreSQL.
@Suite struct PostgresEncodableTests {
    @Test func nullsDecodeAsNilAndDecodeThrows() async throws {
        try await TestDatabase.withConnection { connection in
            let missing: String? = nil
            let rows = try await connection.query("SELECT NULL::text AS t, NULL::int AS i, \(missing)::text AS bound")
            let row = try #require(rows.first)
            #expect(row[0] == nil)
            #expect(row[2] == nil)
            #expect(try row.decodeIfPresent(String.self, at: 0) == nil)
            #expect(try row.decodeIfPresent(Int.self, column: "i") == nil)
            #expect(try row.decodeIfPresent(String.self, column: "bound") == nil)
            let error = #expect(throws: PostgresError.self) { try row.decode(String.self, at: 0) }
            #expect(error?.code == .decoding)
            #expect(throws: PostgresError.self) { try row.decode(Int.self, column: "i") }
        }
    }

    @Test func byteaRoundTripsEveryByteEmptyAndOneMebibyte() async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE blobs (id int PRIMARY KEY, body bytea NOT NULL)")
            let allBytes = Data((0...255).map { UInt8($0) })
            var generator = SystemRandomNumberGenerator()
            let large = Data((0..<1_048_576).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
            for (id, value) in [allBytes, Data(), large].enumerated() {
                try await connection.execute("INSERT INTO blobs (id, body) VALUES (\(id), \(value))")
                let rows = try await connection.query("SELECT body, length(body) FROM blobs WHERE id = \(id)")
                #expect(try rows[0].decode(Data.self, at: 0) == value)
                #expect(try rows[0].decode(Int.self, at: 1) == value.count)
            }
            let bytes: [UInt8] = Array(allBytes.reversed())
            let echoed = try await connection.query("SELECT \(bytes)::bytea")
            #expect(try echoed[0].decode([UInt8].self, at: 0) == bytes)
        }
    }

    @Test(arguments: [
        "", "plain", "中文测试，你好世界", "it's \"quoted\" and `ticked`", "back\\slash \\x00 $1 %s {a,b}",
        "tab\tnew\nline\r", "emoji 🐘🇨🇳 and combining é", "  spaces  ", "NULL", "'; DROP TABLE notes; --",
    ])
    func textRoundTrips(_ text: String) async throws {
        try await TestDatabase.withConnection { connection in
            try await connection.simpleQuery("CREATE TABLE notes (body text NOT NULL)")
            try await connection.execute("INSERT INTO notes (body) VALUES (\(text))")
            let rows = try await connection.query("SELECT body, \(text) = body FROM notes")
            #expect(rows.count == 1)
            #expect(try rows[0].decode(String.self, at: 0) == text)
            #expect(try rows[0].decode(Bool.self, at: 1))
        }
    }

    @Test func scalarsRoundTrip() async throws {
        try await TestDatabase.withConnection { connection in
            let uuid = UUID()
            let rows = try await connection.query(
                """
                SELECT \(Int.max), \(Int.min), \(Int32.min), \(Int64(-42)), \(true), \(false),
                       \(0.1), \(Double.pi), \(-1.5e-300), \(Double.infinity), \(-Double.infinity), \(Double.nan),
                       \(uuid), \(uuid) = \(uuid.uuidString)::uuid
                """)
            let row = try #require(rows.first)
            #expect(try row.decode(Int.self, at: 0) == .max)
            #expect(try row.decode(Int.self, at: 1) == .min)
            #expect(try row.decode(Int32.self, at: 2) == .min)
            #expect(try row.decode(Int64.self, at: 3) == -42)
            #expect(try row.decode(Bool.self, at: 4) == true)
            #expect(try row.decode(Bool.self, at: 5) == false)
            #expect(try row.decode(Double.self, at: 6) == 0.1)
            #expect(try row.decode(Double.self, at: 7) == .pi)
            #expect(try row.decode(Double.self, at: 8) == -1.5e-300)
            #expect(try row.decode(Double.self, at: 9) == .infinity)
            #expect(try row.decode(Double.self, at: 10) == -.infinity)
            #expect(try row.decode(Double.self, at: 11).isNaN)
            #expect(try row.decode(UUID.self, at: 12) == uuid)
            #expect(try row.decode(Bool.self, at: 13))
        }
    }

    @Test func wrongTextFailsToDecode() async throws {
        try await TestDatabase.withConnection { connection in
            let row = try await connection.query("SELECT 'abc'::text, 'maybe'::text, '\\x0g'::text")[0]
            #expect(throws: PostgresError.self) { try row.decode(Int.self, at: 0) }
            #expect(throws: PostgresError.self) { try row.decode(Bool.self, at: 1) }
            #expect(throws: PostgresError.self) { try row.decode(Data.self, at: 2) }
            #expect(throws: PostgresError.self) { try row.decode(UUID.self, at: 0) }
            #expect(throws: PostgresError.self) { try row.decode(Int.self, at: 3) }
            #expect(throws: PostgresError.self) { try row.decode(Int.self, column: "missing") }
        }
    }

    @Test func datesRoundTripAtMicrosecondPrecision() async throws {
        try await TestDatabase.withConnection { connection in
            let dates = [
                Date(timeIntervalSinceReferenceDate: 670_000_000.123456),
                Date(timeIntervalSince1970: 0),
                Date(timeIntervalSince1970: -1_234_567_890.5),
                Date(timeIntervalSinceReferenceDate: 3_000_000_000.000001),
                Date(timeIntervalSinceReferenceDate: (Date().timeIntervalSinceReferenceDate * 1_000_000).rounded() / 1_000_000),
            ]
            try await connection.simpleQuery("CREATE TABLE events (id int, at timestamptz NOT NULL)")
            for (id, date) in dates.enumerated() {
                try await connection.execute("INSERT INTO events VALUES (\(id), \(date))")
                let row = try await connection.query("SELECT at, at::text FROM events WHERE id = \(id)")[0]
                #expect(try row.decode(Date.self, at: 0) == date)
                #expect(try row.decode(String.self, at: 1).hasSuffix("+00"))  // session TimeZone is UTC
            }
        }
    }

    @Test func serverTimestampsDecodeAsUTC() async throws {
        try await TestDatabase.withConnection { connection in
            let row = try await connection.query(
                """
                SELECT '2024-01-02 03:04:05.5+02'::timestamptz, '2024-01-02 03:04:05'::timestamp,
                       'infinity'::timestamptz, '0044-03-15 12:00:00+00 BC'::timestamptz, now()
                """)[0]
            #expect(try row.decode(Date.self, at: 0) == Date(timeIntervalSince1970: 1_704_157_445.5))
            #expect(try row.decode(Date.self, at: 1) == Date(timeIntervalSince1970: 1_704_164_645))
            #expect(try row.decode(Date.self, at: 2) == .distantFuture)
            #expect(try row.decode(Date.self, at: 3) == Date(timeIntervalSince1970: -63_517_780_800))
            #expect(abs(try row.decode(Date.self, at: 4).timeIntervalSinceNow) < 60)
        }
    }

    @Test func calendarDatesRoundTrip() async throws {
        try await TestDatabase.withConnection { connection in
            let dates = [
                PostgresDate(year: 2022, month: 3, day: 28), PostgresDate(year: 2024, month: 2, day: 29),
                PostgresDate(year: 1, month: 1, day: 1), PostgresDate(year: 9999, month: 12, day: 31),
                PostgresDate(year: -43, month: 3, day: 15),
            ]
            for date in dates {
                let row = try await connection.query("SELECT \(date), \(date)::text, \(date) + 1")[0]
                #expect(try row.decode(PostgresDate.self, at: 0) == date)
                #expect(row[1] == date.description)
                #expect(try row.decode(PostgresDate.self, at: 2) > date)
            }
        }
    }

    @Test func textArraysRoundTrip() async throws {
        try await TestDatabase.withConnection { connection in
            let arrays: [[String]] = [
                [], [""], ["a", "b"], ["with \"quotes\"", "back\\slash", "comma,brace{}", "NULL", "null", " spaced "],
                ["中文", "🐘", "'; DROP TABLE x; --"],
            ]
            try await connection.simpleQuery("CREATE TABLE tagged (id int, tags text[] NOT NULL)")
            for (id, array) in arrays.enumerated() {
                try await connection.execute("INSERT INTO tagged VALUES (\(id), \(array))")
                let row = try await connection.query(
                    "SELECT tags, cardinality(tags), tags = \(array) FROM tagged WHERE id = \(id)")[0]
                #expect(try row.decode([String].self, at: 0) == array)
                #expect(try row.decode(Int.self, at: 1) == array.count)
                #expect(try row.decode(Bool.self, at: 2))
            }
            let withNull = try await connection.query("SELECT ARRAY['a', NULL], ARRAY[[1,2],[3,4]]")[0]
            #expect(throws: PostgresError.self) { try withNull.decode([String].self, at: 0) }
            #expect(throws: PostgresError.self) { try withNull.decode([Int].self, at: 1) }
        }
    }

    @Test func otherArraysRoundTrip() async throws {
        try await TestDatabase.withConnection { connection in
            let ints = [1, -2, Int.max]
            let bools = [true, false]
            let doubles = [0.5, -1e10, .infinity]
            let uuids = [UUID(), UUID()]
            let row = try await connection.query(
                "SELECT \(ints), \(bools), \(doubles), \(uuids), \([Int32(7)]), '[0:1]={x,y}'::text[]")[0]
            #expect(try row.decode([Int].self, at: 0) == ints)
            #expect(try row.decode([Bool].self, at: 1) == bools)
            #expect(try row.decode([Double].self, at: 2) == doubles)
            #expect(try row.decode([UUID].self, at: 3) == uuids)
            #expect(try row.decode([Int32].self, at: 4) == [7])
            #expect(try row.decode([String].self, at: 5) == ["x", "y"])
        }
    }
}
