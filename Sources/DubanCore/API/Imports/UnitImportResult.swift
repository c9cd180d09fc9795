/// The answer of `POST /v1/admin/units/import`: the units a roster created, updated or left as they
/// were (or, for a dry run, would).
public struct UnitImportResult: Codable, Sendable, Equatable {
    /// True when nothing was written.
    public var dryRun: Bool
    /// Codes of units new to the roster.
    public var created: [String]
    /// Codes of units whose name, kind, parent or aliases changed.
    public var updated: [String]
    /// How many units of the file were already as it says.
    public var unchanged: Int

    public init(dryRun: Bool, created: [String], updated: [String], unchanged: Int) {
        self.dryRun = dryRun
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
    }

    /// One line saying what changed (or would), in `language`.
    public func line(language: Language) -> String {
        if language == .zh {
            return (dryRun ? "（试运行，未写入）" : "") + "单位：新增 \(created.count) 个，更新 \(updated.count) 个，未变 \(unchanged) 个"
        }
        return (dryRun ? "(dry run, nothing written) " : "") + "units: \(created.count) created, \(updated.count) updated, \(unchanged) unchanged"
    }
}
