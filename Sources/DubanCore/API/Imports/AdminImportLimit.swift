/// The limits of an admin's upload of a notice or roster (`POST /v1/admin/plans/import`,
/// `POST /v1/admin/units/import`): the server answers a larger body 413 `too_large`, and the
/// CLI refuses such a file before it sends it, with the same sentence.
public enum AdminImportLimit {
    /// The largest notice file accepted, compressed or not (the server's `NoticeFile.maxFileBytes`).
    public static let noticeBytes = 20 << 20
    /// The largest roster CSV accepted.
    public static let rosterBytes = 4 << 20

    /// The sentence for a file of `size` bytes over `limit`.
    public static func tooLarge(name: String, size: Int?, limit: Int) -> LocalizedText {
        let mib = "\(limit >> 20) MiB"
        let actual = size.map { " (\($0) bytes)" } ?? ""
        return LocalizedText(en: "\(name)\(actual) is larger than \(mib), the largest file an import takes",
                             zh: "\(name)\(actual) 超过 \(mib)，导入文件不得超过此大小")
    }
}
