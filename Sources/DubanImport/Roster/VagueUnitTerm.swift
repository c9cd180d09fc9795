/// Group names notices write that stand for no particular unit (各相关单位, 区直各部门, 有关部门): they are
/// kept as written and flagged, and resolved only by the admin's mapping, never guessed or created.
enum VagueUnitTerm {
    /// True for a name that speaks of "the relevant units" or "every department" rather than naming one.
    static func isVague(_ name: String) -> Bool {
        let key = ChineseText.compactKey(name)
        guard key.count <= 16 else { return false }
        let group = key.hasSuffix("单位") || key.hasSuffix("部门") || key.hasSuffix("机关") || key.hasSuffix("成员单位")
            || key.hasSuffix("镇(街道)") || key.hasSuffix("街道") || key.hasSuffix("乡镇")
        return group && (key.contains("相关") || key.contains("有关") || key.hasPrefix("各") || key.contains("直各")
            || key.hasPrefix("全区") || key.hasPrefix("全县") || key.hasPrefix("其他"))
    }
}
