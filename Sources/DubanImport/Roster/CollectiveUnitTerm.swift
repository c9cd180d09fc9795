import DubanCore

/// Generic Chinese administrative terms that stand for every unit of one kind. They belong to the
/// language of government documents, not to any district, so they are listed here once.
enum CollectiveUnitTerm {
    /// Compact keys (``ChineseText/compactKey(_:)``) of the terms, and the kind each stands for.
    static let kinds: [String: UnitKind] = {
        var table: [String: UnitKind] = [:]
        for term in ["各街道办事处", "各街道办", "各街道", "全区各街道办事处", "全区各街道"] {
            table[ChineseText.compactKey(term)] = .subdistrictOffice
        }
        for term in ["各镇人民政府", "各镇政府", "各镇", "各乡镇人民政府", "各乡镇政府", "各乡镇",
                     "全区各镇人民政府", "全区各镇", "全区各乡镇"] {
            table[ChineseText.compactKey(term)] = .town
        }
        return table
    }()
}
