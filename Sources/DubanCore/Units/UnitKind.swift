/// What kind of organisation a unit is. The raw values are the roster CSV's `kind` column.
public enum UnitKind: String, Codable, Sendable, CaseIterable {
    /// The district government itself (区人民政府).
    case districtGovernment = "district_government"
    /// The supervision office that watches every task (督查绩效办).
    case supervisionOffice = "supervision_office"
    /// A district bureau or department (区住建局).
    case bureau
    /// A subdistrict office (街道办事处); 各街道办事处 names all of them.
    case subdistrictOffice = "subdistrict_office"
    /// A town government (镇人民政府); 各镇人民政府 names all of them.
    case town
    /// Anything else.
    case other
}
