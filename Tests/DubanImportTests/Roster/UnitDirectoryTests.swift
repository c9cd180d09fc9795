import Testing
import DubanCore
import DubanImport

struct UnitDirectoryTests {
    private let directory: UnitDirectory

    init() throws {
        directory = UnitDirectory(units: try UnitRoster.parseCSV(try Fixture.rosterCSV))
    }

    @Test func resolvesNamesThenAliases() {
        #expect(directory.resolve("区财政局") == .unit(code: "czj"))
        #expect(directory.resolve("财政局") == .unit(code: "czj"))
        #expect(directory.resolve("区住房城乡建设局") == .unit(code: "zjj"))
        #expect(directory.resolve("天马街道") == .unit(code: "jd-tianma"))
    }

    @Test func ignoresSpacesFullWidthFormsAndStrayPunctuation() {
        #expect(directory.resolve(" 区 财政局\u{3000}") == .unit(code: "czj"))
        #expect(directory.resolve("区执法局。") == .unit(code: "zfj"))
        #expect(directory.resolve("") == .unknown)
    }

    @Test func expandsCollectiveTerms() {
        let offices = ["jd-tianma", "jd-jiahe", "jd-jianpanshan", "jd-wuliting", "jd-rongjun", "jd-baisha",
                       "jd-qilin", "jd-yanghe"]
        #expect(directory.resolve("各街道办事处") == .collective(kind: .subdistrictOffice, codes: offices))
        #expect(directory.resolve("各街道") == .collective(kind: .subdistrictOffice, codes: offices))
        let towns = ["zhen-luorong", "zhen-luobu", "zhen-lirong"]
        #expect(directory.resolve("各镇人民政府") == .collective(kind: .town, codes: towns))
        #expect(directory.resolve("各乡镇") == .collective(kind: .town, codes: towns))
        #expect(UnitDirectory(units: []).resolve("各镇").codes.isEmpty)
    }

    @Test func leavesUnknownNamesUnknown() {
        #expect(directory.resolve("市财政局") == .unknown)
        #expect(directory.resolve("区卫健局") == .unknown)
    }

    @Test func findsUnitsByCode() {
        #expect(directory.unit(code: "zjj")?.name == "区住建局")
        #expect(directory.unit(code: "nope") == nil)
    }
}

@Suite struct UnitDirectoryMatchTests {
    static let units = [
        UnitRecord(code: "czj", name: "区财政局", kind: .bureau, aliases: ["财政局"]),
        UnitRecord(code: "wjj", name: "区卫生健康局", kind: .bureau),
        UnitRecord(code: "zjj", name: "区住建局", kind: .bureau),
        UnitRecord(code: "jd-a", name: "甲街道办事处", kind: .subdistrictOffice),
        UnitRecord(code: "jd-b", name: "乙街道办事处", kind: .subdistrictOffice),
    ]

    @Test func saysHowEachNameResolved() {
        let directory = UnitDirectory(units: Self.units)
        #expect(directory.match("区财政局").how == .name)
        #expect(directory.match("财政局").how == .alias)
        #expect(directory.match("财政局").names == ["区财政局"])
        #expect(directory.match("各街道").how == .collective)
        #expect(directory.match("各街道").codes == ["jd-a", "jd-b"])
        let unknown = directory.match("区卫健局")
        #expect(unknown.how == .unresolved)
        #expect(unknown.nearest == ["区卫生健康局"])
        #expect(directory.match("区教育局").nearest.isEmpty, "sharing 区…局 is no likeness")
    }

    @Test func groupTermsAreFlaggedAndOnlyMapped() {
        let directory = UnitDirectory(units: Self.units)
        for term in ["各相关单位", "区直各部门", "各有关部门", "相关部门"] {
            #expect(directory.match(term).vague, "\(term)")
            #expect(directory.resolve(term) == .unknown, "\(term)")
        }
        #expect(!directory.match("区海事局").vague)
        let mapped = directory.mapping(["各相关单位": ["czj", "zjj"]])
        #expect(mapped.match("各相关单位").how == .mapped)
        #expect(mapped.resolve("各相关单位").codes == ["czj", "zjj"])
        #expect(mapped.resolve("各相关单位。").codes == ["czj", "zjj"])
    }

    @Test func parsesMappings() throws {
        #expect(try UnitMapping.parse("各相关单位=zjj,czj").codes == ["zjj", "czj"])
        #expect(try UnitMapping.parse("各相关单位＝zjj，czj").codes == ["zjj", "czj"])
        #expect(throws: NoticeError.self) { try UnitMapping.parse("各相关单位") }
        #expect(throws: NoticeError.self) { try UnitMapping.parse("=zjj") }
        #expect(throws: NoticeError.self) { try UnitMapping.parse("各相关单位=") }
    }
}
