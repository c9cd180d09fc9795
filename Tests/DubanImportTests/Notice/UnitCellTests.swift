import Testing
import DubanCore
import DubanImport

struct UnitCellTests {
    @Test func splitsOnChineseAndASCIISeparatorsAndLines() {
        #expect(UnitCell(written: "区发改局、财政局、区自然资源局、区执法局，各街道办事处").names
            == ["区发改局", "财政局", "区自然资源局", "区执法局", "各街道办事处"])
        #expect(UnitCell(written: "市林业和园林局\n市体育局").names == ["市林业和园林局", "市体育局"])
        #expect(UnitCell(written: "甲;乙；丙,丁, ").names == ["甲", "乙", "丙", "丁"])
    }

    @Test func keepsBracketedPartsWhole() {
        let cell = UnitCell(written: "柳东新区、阳和工业新区（北部生态新区、测试）管委会")
        #expect(cell.names == ["柳东新区", "阳和工业新区（北部生态新区、测试）管委会"])
    }

    @Test func dropsEmptiesAndNoneMarks() {
        #expect(UnitCell(written: "").names.isEmpty)
        #expect(UnitCell(written: "  无 ").names.isEmpty)
        #expect(UnitCell(written: "——").names.isEmpty)
        #expect(UnitCell(written: "/").names.isEmpty)
        #expect(UnitCell(written: "  区住建局 ").written == "区住建局")
    }
}
