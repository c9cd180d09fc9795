import Testing
import DubanCore
import DubanImport

struct UnitRosterTests {
    private let header = "code,name,kind,parent_code,aliases\n"

    private func error(_ csv: String, knownCodes: Set<String> = []) -> RosterError? {
        do {
            _ = try UnitRoster.parseCSV(csv, knownCodes: knownCodes)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesTheSampleRoster() throws {
        let units = try UnitRoster.parseCSV(try Fixture.rosterCSV)
        #expect(units.count == 19)
        #expect(units[0] == UnitRecord(code: "yf", name: "鱼峰区人民政府", kind: .districtGovernment,
                                       parentCode: nil, aliases: ["鱼峰区"]))
        let czj = try #require(units.first { $0.code == "czj" })
        #expect(czj.name == "区财政局" && czj.kind == .bureau && czj.parentCode == "yf" && czj.aliases == ["财政局"])
        #expect(units.first { $0.code == "dcjxb" }?.aliases == ["督查绩效办", "区督查绩效办"])
        #expect(units.filter { $0.kind == .subdistrictOffice }.count == 8)
        #expect(units.filter { $0.kind == .town }.count == 3)
    }

    @Test func acceptsBOMCRLFQuotingAndMissingOptionalColumns() throws {
        let csv = "\u{FEFF}code,name,kind\r\n"
            + "a,\"甲局, 一\",bureau\r\n"
            + "\"b\",\"乙\"\"局\"\"\",other\r\n"
            + "\r\n"
            + "c,\"丙\n局\",town"
        let units = try UnitRoster.parseCSV(csv)
        #expect(units.map(\.code) == ["a", "b", "c"])
        #expect(units.map(\.name) == ["甲局, 一", "乙\"局\"", "丙\n局"])
        #expect(units.allSatisfy { $0.parentCode == nil && $0.aliases.isEmpty })
    }

    @Test func allowsParentsKnownElsewhereAndForwardReferences() throws {
        let csv = header + "b,乙局,bureau,a,\na,甲区,district_government,,\nc,丙局,bureau,old,\n"
        #expect(error(csv)?.code == "roster.unknown_parent")
        let units = try UnitRoster.parseCSV(csv, knownCodes: ["old"])
        #expect(units.map(\.parentCode) == ["a", nil, "old"])
    }

    @Test func rejectsAnUnknownKindWithItsLine() {
        let failure = error(header + "a,甲局,bureau,,\nb,乙局,ministry,,\n")
        #expect(failure?.code == "roster.unknown_kind")
        #expect(failure?.line == 3)
        #expect(failure?.message.en.contains("ministry") == true)
        #expect(failure?.message.zh.contains("第3行") == true)
    }

    @Test func rejectsADuplicateCodeWithItsLine() {
        let failure = error(header + "a,甲局,bureau,,\nb,乙局,bureau,,\na,丙局,bureau,,\n")
        #expect(failure?.code == "roster.duplicate_code")
        #expect(failure?.line == 4)
        #expect(failure?.message.en.contains("line 2") == true)
    }

    @Test func rejectsAnUnknownParentWithItsLine() {
        let failure = error(header + "a,甲局,bureau,,\nb,乙局,bureau,zz,\n")
        #expect(failure?.code == "roster.unknown_parent")
        #expect(failure?.line == 3)
    }

    @Test func rejectsNamesAndAliasesSharedByTwoUnits() {
        #expect(error(header + "a,甲局,bureau,,\nb,甲局,bureau,,\n")?.code == "roster.duplicate_name")
        let alias = error(header + "a,区甲局,bureau,,甲局\nb,区乙局,bureau,,乙局|甲 局\n")
        #expect(alias?.code == "roster.duplicate_name")
        #expect(alias?.line == 3)
        // A unit may repeat its own name as an alias.
        #expect(error(header + "a,甲局,bureau,,甲局|甲\n") == nil)
    }

    @Test func rejectsCycles() {
        let failure = error(header + "a,甲,bureau,c,\nb,乙,bureau,a,\nc,丙,bureau,b,\nd,丁,bureau,a,\n")
        #expect(failure?.code == "roster.cycle")
        #expect(failure?.line == 2)
        #expect(failure?.message.en.contains("a → c → b → a") == true)
        #expect(error(header + "a,甲,bureau,a,\n")?.code == "roster.cycle")
    }

    @Test func rejectsMalformedRecords() {
        #expect(error("")?.code == "roster.empty")
        let noKind = error("code,name\na,甲\n")
        #expect(noKind?.code == "roster.missing_column")
        #expect(noKind?.line == 1)
        #expect(error(header + ",甲,bureau,,\n")?.code == "roster.empty_code")
        #expect(error(header + "a b,甲,bureau,,\n")?.code == "roster.bad_code")
        #expect(error(header + "a,,bureau,,\n")?.code == "roster.empty_name")
        #expect(error(header + "a,甲,bureau,,,extra\n")?.code == "roster.field_count")
        let unclosed = error(header + "a,甲,bureau,,\nb,\"乙,bureau,,\n")
        #expect(unclosed?.code == "roster.bad_csv")
        #expect(unclosed?.line == 3)
        #expect(error(header + "a,\"甲\"x,bureau,,\n")?.code == "roster.bad_csv")
        #expect(error(header + "a,甲\"局,bureau,,\n")?.code == "roster.bad_csv")
    }

    @Test func describesItselfWithCodeAndLine() {
        let failure = error(header + "a,甲局,nope,,\n")
        #expect(failure?.description.hasPrefix("roster.unknown_kind: Line 2:") == true)
    }
}
