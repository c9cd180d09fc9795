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
